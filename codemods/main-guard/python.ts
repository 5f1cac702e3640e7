// The grammar main-guard parses with. The runner registers it (it is declared in the codemod's
// `meta.languages`) before the first transform, in every thread.
import python from '@ast-grep/lang-python';
import { parse, type SgRoot } from '@ast-grep/napi';

/** The grammars of `meta.languages`, by the name `parse` is given. */
export const LANGUAGES = { python };

/** Parses Python source text into an ast-grep tree (the grammar registered by the runner). */
export function parsePython(source: string): SgRoot {
  return parse('python', source);
}
