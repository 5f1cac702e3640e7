// tree-sitter repairs or reads past errors that Python rejects: zero-width MISSING tokens, two
// statements on one line without a `;`, a statement that runs on over the next line, a `try`
// without a handler. A search for ERROR nodes sees none of these. A file that has one is refused:
// rewriting it could turn a program that does not compile into one that does something else.
import type { NapiConfig, SgNode, SgRoot } from '@ast-grep/napi';
import { topLevelStatements } from './python.js';

/** A syntax error tree-sitter hid, with its 1-based line and column. */
export interface HiddenError {
  message: string;
  line: number;
  column: number;
}

const MISSING_NODE = { rule: { all: [{ regex: '^$' }, { not: { kind: 'module' } }] } };

const SIMPLE_STATEMENTS = [
  'expression_statement',
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'return_statement',
  'delete_statement',
  'raise_statement',
  'pass_statement',
  'break_statement',
  'continue_statement',
  'global_statement',
  'nonlocal_statement',
  'assert_statement',
  'print_statement',
  'exec_statement',
  'type_alias_statement',
];
const COMPOUND_STATEMENTS = [
  'if_statement',
  'for_statement',
  'while_statement',
  'try_statement',
  'with_statement',
  'function_definition',
  'class_definition',
  'decorated_definition',
  'match_statement',
];
const SIMPLE = new Set(SIMPLE_STATEMENTS);
const STATEMENT = { rule: { any: [...SIMPLE_STATEMENTS, ...COMPOUND_STATEMENTS].map((kind) => ({ kind })) } };
const UNPACKING = { any: [{ kind: 'list_splat' }, { kind: 'dictionary_splat' }] };

/** A hidden error one rule finds, and how it is reported. */
interface ErrorRule {
  rule: NapiConfig;
  message: (node: SgNode) => string;
}

// The hidden errors a rule can find, by priority: the first of the first kind found is reported.
const ERROR_RULES: ErrorRule[] = [
  {
    rule: { rule: { kind: 'try_statement', not: { has: { any: [{ kind: 'except_clause' }, { kind: 'finally_clause' }] } } } },
    message: () => "a try without an 'except' or 'finally' block",
  },
  // `f(* *a)`, `f(** **k)`: the grammar nests unpackings that Python does not.
  {
    rule: {
      rule: {
        any: [
          { kind: 'list_splat', has: UNPACKING },
          { kind: 'dictionary_splat', has: UNPACKING },
        ],
      },
    },
    message: () => 'invalid syntax (an unpacking of an unpacking)',
  },
  // Python 2's `print` statement: there `print` is a keyword, so `print print(x)` is an error.
  {
    rule: { rule: { kind: 'print_statement', has: { stopBy: 'end', kind: 'identifier', regex: '^print$' } } },
    message: () => 'invalid syntax (print used as a name in a print statement)',
  },
  // `return` or `yield` outside a function is an error at module level that main() would make valid.
  {
    rule: {
      rule: {
        any: [{ kind: 'return_statement' }, { kind: 'yield' }],
        not: { inside: { stopBy: 'end', any: [{ kind: 'function_definition' }, { kind: 'lambda' }] } },
      },
    },
    message: (node) => `'${node.kind() === 'yield' ? 'yield' : 'return'}' outside function`,
  },
];

// One search of the tree for all of them (each search walks every node): hits are then told apart.
const ANY_ERROR_RULE: NapiConfig = { rule: { any: ERROR_RULES.map((r) => r.rule.rule) } };

/**
 * The first syntax error of the module that tree-sitter hid, if it has one. `starts` are the
 * module's logical line starts (from checkLayout), where they could be read.
 */
export function findHiddenError(root: SgRoot, source: string, starts: number[] | undefined): HiddenError | undefined {
  const top = root.root();
  const missing = top.find(MISSING_NODE);
  if (missing) return at(missing, 'missing token');
  const hits = top.findAll(ANY_ERROR_RULE);
  if (hits.length > 0) {
    for (const { rule, message } of ERROR_RULES) {
      const hit = hits.find((node) => node.matches(rule));
      if (hit) return at(hit, message(hit));
    }
  }

  const future = source.includes('__future__') ? futureImportError(root) : undefined;
  if (future) return future;

  for (const statement of top.findAll(STATEMENT)) {
    const range = statement.range();
    // A statement starts a line, or follows a `;` or the `:` of a compound statement's header.
    const before = source.slice(source.lastIndexOf('\n', range.start.index - 1) + 1, range.start.index).trimEnd();
    if (before !== '' && !before.endsWith(';') && !before.endsWith(':') && !before.endsWith('\\')) return at(statement, 'invalid syntax (two statements on one line)');
    if (starts && SIMPLE.has(String(statement.kind()))) {
      const next = firstAfter(starts, range.start.index);
      if (next !== undefined && next < range.end.index) return at(statement, 'invalid syntax (a statement runs on into the next line)');
    }
  }
  return undefined;
}

// Python's features of `from __future__ import`; any other name is a compile error.
const FUTURE_FEATURES = new Set([
  'nested_scopes',
  'generators',
  'division',
  'absolute_import',
  'with_statement',
  'print_function',
  'unicode_literals',
  'barry_as_FLUFL',
  'generator_stop',
  'annotations',
]);

// A future import must name a known feature and come before any other statement but the docstring.
function futureImportError(root: SgRoot): HiddenError | undefined {
  let first = true;
  let others = false;
  for (const statement of topLevelStatements(root)) {
    const kind = String(statement.kind());
    if (kind === 'future_import_statement') {
      if (others) return at(statement, 'from __future__ imports must occur at the beginning of the file');
      for (const name of statement.findAll({ rule: { kind: 'dotted_name' } })) {
        if (!FUTURE_FEATURES.has(name.text())) return at(name, `future feature ${name.text()} is not defined`);
      }
    } else if (!(first && kind === 'expression_statement' && statement.child(0)?.kind() === 'string')) {
      others = true;
    }
    first = false;
  }
  return undefined;
}

function at(node: { range(): { start: { line: number; column: number } } }, message: string): HiddenError {
  const start = node.range().start;
  return { message, line: start.line + 1, column: start.column + 1 };
}

// The first element of the sorted `values` greater than `offset`.
function firstAfter(values: number[], offset: number): number | undefined {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid]! <= offset) low = mid + 1;
    else high = mid;
  }
  return values[low];
}
