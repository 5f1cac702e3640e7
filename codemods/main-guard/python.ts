// The grammar main-guard parses with. The runner registers it (it is declared in the codemod's
// `meta.languages`) before the first transform, in every thread.
import python from '@ast-grep/lang-python';
import { parse, type SgNode, type SgRoot } from '@ast-grep/napi';

/** The grammars of `meta.languages`, by the name `parse` is given. */
export const LANGUAGES = { python };

/** Parses Python source text into an ast-grep tree (the grammar registered by the runner). */
export function parsePython(source: string): SgRoot {
  return parse('python', source);
}

// Named nodes at module level that are not statements: comments, and the `\` that tree-sitter
// leaves on its own where a line is continued into a blank one (Python joins them; nothing runs).
const NOT_STATEMENTS = new Set(['comment', 'line_continuation']);

/** The statements of a module's top level, in order. */
export function topLevelStatements(root: SgRoot): SgNode[] {
  return root
    .root()
    .children()
    .filter((n) => n.isNamed() && !NOT_STATEMENTS.has(String(n.kind())));
}
