// What a module is — a script, a library, a settings module, definitions only — judged by what its
// module-level code does and by who imports it. A module other files of the tree import is a
// library: only what a script clearly does counts against it. A module nobody imports is a script
// as soon as its import-time code calls anything that is not set-up.
import type { SgNode, SgRoot } from '@ast-grep/napi';
import type { StatementPlan } from './analyze.js';
import { statementContaining } from './analyze.js';
import { dottedName } from './classify.js';
import { type Importer, importerName } from './importers.js';
import { nameFilter, statementBindings } from './names.js';
import { isScriptCallee, SCRIPT_CALLEE_SOURCE, SCRIPT_DOTTED_CALLS, SCRIPT_FUNCTIONS, SCRIPT_METHODS } from './script-calls.js';
import { CONTAINER_METHODS, isSetUpMethod, isSetUpName, type OwnNames } from './setup-calls.js';
import { escapeRegExp } from './text.js';

/** What a module is, for the report: `script` is rewritten, the others are left alone. */
export type ModuleKind = 'script' | 'library' | 'settings' | 'definitions';

/** Why a module with nothing to move is left alone, whether proved from its text or from its tree. */
export const DEFINITIONS_ONLY = 'only imports, definitions and constants run at import time';

/** A module whose code to move is all behind its main guard. */
export const GUARDED_SCRIPT: ModuleJudgement = { kind: 'script', why: 'its script code is behind a main guard already' };

/** A module nobody imports whose import-time code is all set-up. */
export const SET_UP_LIBRARY: ModuleJudgement = { kind: 'library', why: 'only module set-up runs at import time (registrations, configuration, its own tables)' };

/** A module of assignments, read by a program that loads it by name. */
export const SETTINGS_MODULE: ModuleJudgement = { kind: 'settings', why: 'only assignments run at import time' };

/** A module's kind and the reason, in words a user reads (`library`, "imported by tools/a.py"). */
export interface ModuleJudgement {
  kind: ModuleKind;
  why: string;
}

/** What the judgement needs besides the statements: who imports the module (undefined: nobody knows, as for stdin). */
export interface JudgeContext {
  root: SgRoot;
  source: string;
  lines: string[];
  importers?: Importer[];
  /** Process starts found in import-time code, the first first. */
  processStarts: { line: number; callee: string }[];
}

const MAX_NAMED_IMPORTERS = 3;

/** Judges a module with statements that would move: a script to rewrite, or a module to leave alone, and why. */
export function judgeModule(statements: StatementPlan[], moved: StatementPlan[], context: JudgeContext): ModuleJudgement {
  const { root, source, lines } = context;
  const start = context.processStarts[0];
  if (start) return { kind: 'script', why: `line ${start.line} starts processes at import time (${start.callee}())` };
  const libraryWork = () => (mayHaveScriptWork(source, lines, moved) ? firstLibraryScriptWork(root, statements, moved) : undefined);
  const importers = context.importers ?? [];
  if (importers.length > 0) {
    const work = libraryWork();
    if (!work) return libraryFor(importers);
    return { kind: 'script', why: scriptWhy(work) };
  }
  const own = ownNames(statements);
  const work = moved.map((s) => firstScriptWork(s, own));
  const settings = moved.every(isAssignment);
  if (!settings && work.every((w) => w === undefined)) return SET_UP_LIBRARY;
  // A module of assignments (and set-up) is read by a program that loads it by name: Django's
  // settings and urls, Sphinx's conf.py. It is a script only if it does what a script does.
  if (moved.every((s, i) => isAssignment(s) || work[i] === undefined)) {
    const scriptLike = libraryWork();
    if (!scriptLike) return SETTINGS_MODULE;
    return { kind: 'script', why: scriptWhy(scriptLike) };
  }
  return { kind: 'script', why: scriptWhy(work.find((w) => w !== undefined)!) };
}

/** The judgement of a module the tree imports. */
export function libraryFor(importers: Importer[]): ModuleJudgement {
  return { kind: 'library', why: `imported by ${namedImporters(importers)}` };
}

function namedImporters(importers: Importer[]): string {
  const paths = [...new Set(importers.map(importerName))].sort();
  const shown = paths.slice(0, MAX_NAMED_IMPORTERS).join(', ');
  return paths.length > MAX_NAMED_IMPORTERS ? `${shown} and ${paths.length - MAX_NAMED_IMPORTERS} more` : shown;
}

function scriptWhy(node: SgNode): string {
  const line = node.range().start.line + 1;
  const kind = String(node.kind());
  if (kind === 'call') return `line ${line} calls ${node.field('function')?.text().replace(/\s+/g, '') ?? 'something'}() at import time`;
  if (kind === 'while_statement') return `line ${line} loops at import time`;
  if (kind === 'with_statement') return `line ${line} opens a with block at import time`;
  if (kind === 'raise_statement') return `line ${line} raises at import time`;
  if (kind === 'attribute') return `line ${line} reads sys.argv`;
  return `line ${line} runs at import time`;
}

/** The names a program's entry point goes by: calling one of the module's own at import runs it. */
export const ENTRY_POINT = /^(?:main|run|cli|start|demo|app|go|test|tests|run_\w+|main_\w+)$/;

// Kinds that do a script's work on their own, whatever they call.
const WORK_KINDS = new Set(['print_statement', 'exec_statement', 'while_statement', 'with_statement', 'raise_statement']);
const WORK = {
  rule: {
    any: [{ kind: 'call' }, ...[...WORK_KINDS].map((kind) => ({ kind })), { kind: 'attribute', regex: '^sys\\.argv$' }],
  },
};
const LITERAL_RECEIVERS = new Set(['string', 'concatenated_string', 'list', 'dictionary', 'set', 'tuple', 'integer', 'float']);

/** The first node of a moved statement that is not set-up, for a module nobody imports. */
function firstScriptWork(s: StatementPlan, own: OwnNames): SgNode | undefined {
  const hits = s.node.matches(WORK) ? [s.node, ...s.node.findAll(WORK)] : s.node.findAll(WORK);
  for (const hit of hits) {
    if (runsWhenCalled(hit, s.node)) continue;
    if (hit.kind() !== 'call' || !isSetUpCall(hit, s.node, own)) return hit;
  }
  return undefined;
}

function ownNames(statements: StatementPlan[]): OwnNames {
  const callables = new Set<string>();
  const values = new Set<string>();
  for (const s of statements) {
    if (s.kind.startsWith('import') || s.kind === 'future_import_statement') continue;
    const definition = s.kind === 'decorated_definition' ? s.node.field('definition') : s.node;
    const kind = definition?.kind();
    if (kind === 'function_definition' || kind === 'class_definition') {
      const name = definition!.field('name')?.text();
      if (name) callables.add(name);
      continue;
    }
    for (const name of s.binds.size > 0 ? s.binds : statementBindings(s.node)) values.add(name);
  }
  return { callables, values };
}

/** Whether a call registers, configures, fills the module's own tables or computes a value: set-up. */
function isSetUpCall(call: SgNode, statement: SgNode, own: OwnNames): boolean {
  const fn = call.field('function');
  if (!fn) return false;
  if (fn.kind() === 'identifier') return isSetUpName(fn.text(), own, () => inAssignment(call, statement));
  if (fn.kind() !== 'attribute') return false;
  const method = fn.field('attribute')?.text() ?? '';
  const receiver = fn.field('object');
  if (isSetUpMethod(dottedName(fn), method, receiver ? rootName(receiver) : undefined, own)) return true;
  if (!receiver || !CONTAINER_METHODS.has(method)) return false;
  if (LITERAL_RECEIVERS.has(String(receiver.kind()))) return true;
  // `globals().update(...)`: the module filling its own namespace.
  return receiver.kind() === 'call' && /^(?:globals|vars|locals)$/.test(receiver.field('function')?.text() ?? '');
}

function rootName(node: SgNode): string | undefined {
  let current: SgNode | null = node;
  while (current && (current.kind() === 'attribute' || current.kind() === 'subscript')) {
    current = current.kind() === 'attribute' ? current.field('object') : current.field('value');
  }
  return current?.kind() === 'identifier' ? current.text() : undefined;
}

function inAssignment(node: SgNode, statement: SgNode): boolean {
  for (const ancestor of node.ancestors()) {
    const kind = String(ancestor.kind());
    if (kind === 'assignment' || kind === 'augmented_assignment') return true;
    if (ancestor.id() === statement.id()) break;
  }
  return false;
}

function isAssignment(s: StatementPlan): boolean {
  if (s.kind !== 'expression_statement') return false;
  const kind = s.node.child(0)?.kind();
  return kind === 'assignment' || kind === 'augmented_assignment';
}

// Every name a `def` in the module defines (methods and nested functions too: a superset of the
// module's own functions); the name runs to the parameters or a PEP 695 `[`.
const DEFINED_NAMES = /\bdef\s+([^\s([:]+)/g;

/**
 * A text search standing before firstLibraryScriptWork's search of the whole tree: every hit that search can
 * find is a word in the lines of a moved statement, and most library modules have none. False is
 * certain; true means "search the tree".
 */
function mayHaveScriptWork(source: string, lines: string[], moved: StatementPlan[]): boolean {
  const defined = definedFunctionNames(source);
  if (defined === undefined) return true;
  const names = new Set([...SCRIPT_FUNCTIONS, ...SCRIPT_DOTTED_CALLS.map(escapeRegExp), ...[...defined].map(escapeRegExp)]);
  const words = new RegExp(`(?<![\\w.])(?:${[...names].join('|')})(?!\\w)|\\.\\s*(?:${SCRIPT_METHODS.join('|')})(?!\\w)|\\bargv\\b`);
  return moved.some((s) => words.test(lines.slice(s.startLine, s.endLine + 1).join('\n')));
}

/**
 * The name of every `def` in a module's text: a superset of its own functions. Undefined when the
 * names cannot be read from the text (`def \` with the name on the next line).
 */
export function definedFunctionNames(source: string): Set<string> | undefined {
  if (/\bdef\s*\\/.test(source)) return undefined;
  return new Set(Array.from(source.matchAll(DEFINED_NAMES), (m) => m[1]!));
}

/**
 * Where moved code does script work, judged as for a library: only print, input, argv, exit,
 * sleep, running programs and servers count. A module whose import-time statements are only set-up —
 * assignments, registrations, `del`, conditional definitions — is a library: moving that set-up
 * into main() would break every importer, so such a module is left alone.
 */
export function firstLibraryScriptWork(root: SgRoot, statements: StatementPlan[], moved: StatementPlan[]): SgNode | undefined {
  const ownFunctions: string[] = [];
  const definitions = new Map<string, SgNode>();
  for (const s of statements) {
    const definition = s.kind === 'decorated_definition' ? s.node.field('definition') : s.node;
    if (definition?.kind() === 'function_definition') {
      const name = definition.field('name')?.text();
      if (name) {
        ownFunctions.push(name);
        definitions.set(name, definition);
      }
    }
  }
  const calls = nameFilter([...SCRIPT_FUNCTIONS, ...ownFunctions]);
  // Without a regex for the names (too many of them), every call by a bare name comes back and is
  // filtered below.
  const callee = `${calls.regex ?? '^[^.]+$'}|${SCRIPT_CALLEE_SOURCE}`;
  // A small rule compiles fast; whether a hit runs at call time is checked in JS, for the few hits.
  const hits = root.root().findAll({
    rule: {
      any: [{ kind: 'call', has: { field: 'function', regex: callee } }, { kind: 'print_statement' }, { kind: 'attribute', regex: '^sys\\.argv$' }],
    },
  });
  if (hits.length === 0) return undefined;
  const movedIndexes = new Set(moved.map((s) => s.index));
  const own = new Set(ownFunctions);
  const calleeOf = (hit: SgNode): string | undefined => (hit.kind() === 'call' ? hit.field('function')?.text() : undefined);
  // A hit that is a script call, or a call of one of the module's own functions, by that name.
  const relevant = (callee: string | undefined): boolean => callee === undefined || Boolean(calls.regex) || calls.names.has(callee) || isScriptCallee(callee);
  // Whether calling the module's own function `name` always makes a script call: one in a simple
  // statement of its body (`print(f.read())`), not under an `if`, a loop or a `try` — a library's
  // check that prints only when it fails (`warnings._processoptions`) is set-up.
  const doesScriptWork = (name: string): boolean => {
    const definition = definitions.get(name);
    const body = definition?.field('body');
    if (!definition || !body) return false;
    const { start, end } = body.range();
    return hits.some((hit) => {
      const at = hit.range().start.index;
      if (at < start.index || at >= end.index || !runsUnconditionally(hit, body)) return false;
      const callee = calleeOf(hit);
      return relevant(callee) && (callee === undefined || !own.has(callee));
    });
  };
  return hits.find((hit) => {
    const s = statementContaining(statements, hit.range().start.index);
    if (s === undefined || !movedIndexes.has(s.index) || runsWhenCalled(hit, s.node)) return false;
    const callee = calleeOf(hit);
    if (!relevant(callee)) return false;
    if (callee === undefined || !own.has(callee)) return true;
    // `main()` or `raise SystemExit(main())` runs the program, and so does a call of a function
    // of its own that prints or runs programs (`read_files()`); `def_op(...)`, `_register(X)` or
    // `x = helper()` is a library setting itself up.
    if (!ENTRY_POINT.test(callee) && !doesScriptWork(callee)) return false;
    for (const ancestor of hit.ancestors()) {
      const kind = String(ancestor.kind());
      if (kind === 'assignment' || kind === 'augmented_assignment') return false;
      if (ancestor.id() === s.node.id()) break;
    }
    return true;
  });
}

// What runs each time the statement that holds it does: no condition, loop, handler or nested scope between.
const UNCONDITIONAL_STATEMENTS = new Set(['expression_statement', 'return_statement']);
const CONDITIONAL_PARTS = new Set(['conditional_expression', 'boolean_operator', 'lambda', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/** Whether `node` runs every time the block `body` runs: it sits in one of the block's simple statements, under no condition. */
function runsUnconditionally(node: SgNode, body: SgNode): boolean {
  let child = node;
  for (const ancestor of node.ancestors()) {
    if (ancestor.id() === body.id()) return UNCONDITIONAL_STATEMENTS.has(String(child.kind()));
    if (CONDITIONAL_PARTS.has(String(ancestor.kind()))) return false;
    child = ancestor;
  }
  return false;
}

/** Whether a node sits in a function body or a lambda inside a statement: it runs only when called. */
function runsWhenCalled(node: SgNode, statement: SgNode): boolean {
  let child = node;
  const statementId = statement.id();
  for (const ancestor of node.ancestors()) {
    if (ancestor.id() === statementId) return false;
    const kind = String(ancestor.kind());
    if (kind === 'lambda') return true;
    if (kind === 'function_definition' && ancestor.field('body')?.id() === child.id()) return true;
    child = ancestor;
  }
  return false;
}
