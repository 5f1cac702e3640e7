import { type DynamicLangRegistrations, registerDynamicLanguage } from '@ast-grep/napi';

const registered = new Set<string>();
let inherited = false;

/**
 * Registers the grammars a codemod declares (`meta.languages`) with ast-grep, each once per
 * thread at most. The registration itself is process-wide: a worker thread started after the main
 * thread registered them parses without registering again, and says so with
 * `inheritLanguages()`. (Registering again inside a worker was measured harmless, even while other
 * threads parse, but it is needless work.)
 */
export function registerLanguages(languages: DynamicLangRegistrations | undefined): void {
  if (inherited || languages === undefined) return;
  const fresh = Object.entries(languages).filter(([name]) => !registered.has(name));
  if (fresh.length === 0) return;
  registerDynamicLanguage(Object.fromEntries(fresh));
  for (const [name] of fresh) registered.add(name);
}

/** Tells this worker thread that the main thread registered its codemod's grammars before starting it. */
export function inheritLanguages(): void {
  inherited = true;
}
