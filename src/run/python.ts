import python from '@ast-grep/lang-python';
import { parse, registerDynamicLanguage, type SgRoot } from '@ast-grep/napi';

let registered = false;

/**
 * Registers tree-sitter-python with ast-grep, once per thread at most. The registration itself is
 * process-wide: a worker thread started after the main thread registered parses Python without
 * registering again, and says so with `markPythonRegistered()`. (Registering again inside a worker
 * was measured harmless, even while other threads parse, but it is needless work.)
 */
export function registerPython(): void {
  if (registered) return;
  registerDynamicLanguage({ python });
  registered = true;
}

/** Tells this thread that the grammar is already registered (by the main thread, before it started this worker). */
export function markPythonRegistered(): void {
  registered = true;
}

/** Parses Python source text into an ast-grep tree, registering the grammar on first use. */
export function parsePython(source: string): SgRoot {
  registerPython();
  return parse('python', source);
}
