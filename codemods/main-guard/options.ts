// main-guard's options: what each one does, its key in [tool.mainguard] (and so its flag), its
// default, and what makes a value invalid.
import type { OptionInfo } from '../../src/codemod.js';
import { parsePython } from './python.js';

/** Options of the main-guard codemod, as `transform` receives them. */
export interface MainGuardOptions {
  /** ast-grep patterns of statements to keep at module level. */
  keep?: string[];
  /** Put multiprocessing.freeze_support() first behind the guard when moved code starts processes. */
  freezeSupport?: boolean;
  /** Also handle package `__init__.py` and `setup.py` files. */
  includeInit?: boolean;
  /**
   * Settle files that provably hold only definitions from their text, without parsing them
   * (default true). False parses every file: the results are the same, only slower. Not declared:
   * `run -t main-guard --no-lexical-prescan` sets it.
   */
  lexicalPrescan?: boolean;
}

// A metavariable of an ast-grep pattern ($NAME, $$$NAME, $$$, $_): any identifier stands for it.
const METAVARIABLE = /\${1,3}[A-Z_][A-Z0-9_]*|\$\$\$/g;
const BROKEN = { rule: { any: [{ kind: 'ERROR' }, { all: [{ regex: '^$' }, { not: { kind: 'module' } }] }] } };

/**
 * What is wrong with a `keep` pattern: ast-grep rejects it (empty, several statements), or it is
 * not Python once its metavariables are read as names, so it could never match a statement.
 */
export function checkKeepPattern(pattern: string): { problem: string; hint: string } | undefined {
  const hint = 'a keep pattern is one Python statement or expression, with $NAME or $$$ for any part, e.g. "load_dotenv()" or "app.run($$$)"';
  const root = parsePython(pattern.replace(METAVARIABLE, 'mainguard_any')).root();
  try {
    root.find(pattern);
  } catch (error) {
    return { problem: `is not an ast-grep pattern (${(error as Error).message.replace(/\s*Please check.*$/s, '')})`, hint };
  }
  if (root.find(BROKEN) || root.children().length !== 1) return { problem: 'does not parse as one Python statement', hint };
  return undefined;
}

/** The options main-guard declares in its `meta`. */
export const MAIN_GUARD_OPTIONS: OptionInfo[] = [
  {
    key: 'keep',
    type: 'strings',
    default: [],
    valueName: 'pattern',
    description: 'ast-grep pattern of statements to keep at module level (repeatable)',
    check: checkKeepPattern,
  },
  {
    key: 'freeze-support',
    type: 'boolean',
    default: false,
    description: 'call multiprocessing.freeze_support() first behind the guard when moved code starts processes',
  },
  {
    key: 'include-init',
    type: 'boolean',
    default: false,
    description: 'also handle package __init__.py and setup.py files',
  },
];
