import type { SgNode, SgRoot } from '@ast-grep/napi';
import { classifyStatement, dottedName, importsSomething, targetRootName, type Verdict } from './classify.js';
import { isGuardLike } from './guards.js';
import { allNames, CALL_TIME, definitionTimeReadsByStatement, nameFilter, statementBindings } from './names.js';
import { ModuleEffects, settleOrder } from './order.js';
import { escapeRegExp } from './text.js';

/** One top-level statement with its final verdict: the data the rewrite and the findings consume. */
export interface StatementPlan {
  index: number;
  node: SgNode;
  kind: string;
  /** 0-based first and last line. */
  startLine: number;
  endLine: number;
  /** Offsets of its first character and just past its last. */
  startIndex: number;
  endIndex: number;
  verdict: Verdict;
  reason: string;
  /** Names bound at module scope (statement level, not inside nested functions). */
  binds: Set<string>;
  /** For a moved statement kept at module level because a definition needs it. */
  keptFor?: { by: number; name: string };
  /**
   * Names it reads when it runs at module level that moved (or movable) code binds: what it needs
   * from other statements. Only computed for modules with something to move.
   */
  needs: Set<string>;
  /** Set when a `# mainguard: keep` comment or a `keep` pattern keeps it. */
  suppressed?: boolean;
  /** Stays only because its value is static: moves if it reads moved state. */
  demotable: boolean;
  /** Stays at module level on purpose even after moved code (import, definition, import set-up, keep marker): the order rule leaves it. */
  hoisted: boolean;
  /** Set when it moves because it must keep its place after moved code (the order rule), or shares a line with it. */
  forced?: boolean;
  /** An `if` that tests `__name__` without being a main guard: it stays where it is, and needs nothing kept for it. */
  guardLike?: boolean;
}

/** Why a safe rewrite is impossible, with the 1-based line it points at. */
export interface Refusal {
  reason: string;
  line: number;
}

/** The analysis of a module's top level. */
export interface ModulePlan {
  statements: StatementPlan[];
  /** Indexes of top-level main guards, in order. */
  guards: number[];
  /** Set when the module is meant to run on import (only assignments would move): no rewrite, no MG001. */
  leftAlone?: string;
  /** Process-starting calls in code that runs at import time. */
  processStarts: { line: number; column: number; callee: string }[];
  /** Set when no rewrite keeps behaviour: the file must stay as it is. */
  refusal?: Refusal;
  /** What each statement does to module-level names (set for modules with something to move). */
  effects?: ModuleEffects;
}

const KEEP_COMMENT = /#\s*mainguard:\s*keep\b/;
const PROCESS_START = /(?:^|\.)(?:Pool|Process|Manager|SyncManager|ProcessPoolExecutor)$/;
const PROCESS_MODULES = /multiprocessing|concurrent\.futures|ProcessPoolExecutor|\bmultiprocess\b|\bbilliard\b|\bloky\b/;

/** Options that change the classification. */
export interface AnalyzeOptions {
  /** ast-grep patterns of statements to keep at module level (config `keep`). */
  keep?: string[];
}

/** Classifies every top-level statement, then settles what definitions need and what depends on moved code. */
export function analyzeModule(root: SgRoot, source: string, lines: string[], options: AnalyzeOptions = {}): ModulePlan {
  const nodes = root
    .root()
    .children()
    .filter((n) => n.isNamed() && n.kind() !== 'comment');
  const keepLines = keepCommentLines(root, source);
  const lastImport = findLastIndex(nodes, importsSomething);
  const statements: StatementPlan[] = nodes.map((node, index) => {
    const range = node.range();
    const classification = classifyStatement(node, { importFollows: index < lastImport });
    const plan: StatementPlan = {
      index,
      node,
      kind: String(node.kind()),
      startLine: range.start.line,
      endLine: range.end.line,
      startIndex: range.start.index,
      endIndex: range.end.index,
      verdict: classification.verdict,
      reason: classification.reason,
      binds: new Set(),
      needs: new Set(),
      demotable: classification.demotable === true,
      hoisted: classification.hoisted === true,
    };
    if (plan.verdict !== 'guard' && isSuppressed(plan, lines, keepLines, options.keep)) {
      // Kept where it is even when it would stay anyway: the order rule must not move it either.
      if (plan.verdict === 'move') plan.reason = 'kept by a keep comment or pattern';
      plan.verdict = 'stay';
      plan.suppressed = true;
      plan.hoisted = true;
    } else if (isGuardLike(node)) {
      plan.verdict = 'stay';
      plan.reason = 'tests __name__ but is not a main guard';
      plan.hoisted = true;
      plan.guardLike = true;
    }
    return plan;
  });
  const guards = statements.filter((s) => s.verdict === 'guard').map((s) => s.index);
  const plan: ModulePlan = { statements, guards, processStarts: [] };
  const moved = statements.filter((s) => s.verdict === 'move');
  if (moved.length === 0) return plan;

  if (PROCESS_MODULES.test(source)) plan.processStarts = findProcessStarts(root, moved);
  if (plan.processStarts.length === 0) {
    if (moved.every(isAssignment)) plan.leftAlone = 'only assignments run at import time (a settings or constants module)';
    else if (!mayHaveScriptWork(source, lines, moved) || !hasScriptWork(root, statements, moved)) plan.leftAlone = 'only module set-up runs at import time, nothing a script does (a library module)';
    if (plan.leftAlone) return plan;
  }

  for (const s of statements) s.binds = statementBindings(s.node);
  const binders = indexBinders(statements);
  // The names whose readers matter: those bound by code that moves or that the order rule may move.
  const interesting = new Set(statements.filter((s) => s.verdict === 'move' || (s.verdict === 'stay' && !s.hoisted)).flatMap((s) => [...s.binds]));
  const latestBinder = (name: string, before: number): StatementPlan | undefined => {
    const list = binders.get(name);
    if (!list) return undefined;
    for (let k = list.length - 1; k >= 0; k--) if (list[k]! < before) return statements[list[k]!];
    return undefined;
  };

  const reads = definitionTimeReadsByStatement(root, interesting, (offset) => statementContaining(statements, offset));
  for (const [index, names] of reads) if (!statements[index]!.guardLike) statements[index]!.needs = names;
  const readsOf = (s: StatementPlan): Set<string> => s.needs;

  // Demotion, in file order: a static statement that reads moved state moves too.
  for (const s of statements) {
    if (s.verdict !== 'stay' || !s.demotable || s.suppressed) continue;
    for (const name of readsOf(s)) {
      const binder = latestBinder(name, s.index);
      if (binder?.verdict === 'move') {
        s.verdict = 'move';
        s.reason = `reads ${name}, bound by moved code on line ${binder.startLine + 1}`;
        break;
      }
    }
    if (s.verdict === 'stay' && !ownsItsTargets(s, latestBinder)) {
      s.verdict = 'move';
      s.reason = 'assigns into an object the module does not define';
    }
  }

  // Closure: what staying statements need when they are defined stays too, transitively; then the
  // order rule moves what may not run before the moved code above it, which can undo the closure.
  keepDefinitionNeeds(statements, readsOf, latestBinder);
  const effects = new ModuleEffects(root, statements);
  plan.effects = effects;
  for (;;) {
    const forced = [...joinSharedLines(statements), ...settleOrder(plan, effects)];
    if (forced.length === 0) break;
    for (const s of forced) s.forced = true;
    plan.refusal = keepDefinitionNeeds(statements, readsOf, latestBinder);
    if (plan.refusal) break;
  }
  return plan;
}

/**
 * Keeps at module level what staying statements need when they are defined, transitively, and
 * says why no rewrite is possible when one of those must move (the order rule, a shared line).
 */
function keepDefinitionNeeds(statements: StatementPlan[], readsOf: (s: StatementPlan) => Set<string>, latestBinder: (name: string, before: number) => StatementPlan | undefined): Refusal | undefined {
  const work = statements.filter((s) => s.verdict === 'stay');
  while (work.length > 0) {
    const needer = work.pop()!;
    for (const name of readsOf(needer)) {
      const binder = latestBinder(name, needer.index);
      if (binder?.verdict !== 'move') continue;
      const between = statements.slice(binder.index, needer.index).filter((s) => s.verdict === 'move');
      for (const s of between) {
        if (s !== binder && !allNames(s.node, nameFilter([name])).has(name)) continue;
        if (s.forced) {
          return {
            reason: `line ${s.startLine + 1} ${s.reason}, but line ${needer.startLine + 1} needs ${name} when it is defined; left unchanged`,
            line: s.startLine + 1,
          };
        }
        s.verdict = 'stay';
        s.keptFor = { by: needer.index, name };
        work.push(s);
      }
    }
  }
  return undefined;
}

// Statements joined by `;` run together: one that moves takes the others on its line along.
function joinSharedLines(statements: StatementPlan[]): StatementPlan[] {
  const forced: StatementPlan[] = [];
  for (let i = 0; i < statements.length; i++) {
    let j = i;
    let end = statements[i]!.endLine;
    while (j + 1 < statements.length && statements[j + 1]!.startLine <= end) end = Math.max(end, statements[++j]!.endLine);
    if (j > i && statements.slice(i, j + 1).some((s) => s.verdict === 'move')) {
      for (const s of statements.slice(i, j + 1)) {
        if (s.verdict !== 'stay') continue;
        s.verdict = 'move';
        s.reason = `shares line ${s.startLine + 1} with code that moves`;
        forced.push(s);
      }
    }
    i = j;
  }
  return forced;
}

/** The top-level statement that holds an offset of the source (of statements joined by `;`, the right one). */
export function statementContaining(statements: StatementPlan[], offset: number): StatementPlan | undefined {
  let lo = 0;
  let hi = statements.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = statements[mid]!;
    if (offset < s.startIndex) hi = mid - 1;
    else if (offset >= s.endIndex) lo = mid + 1;
    else return s;
  }
  return undefined;
}

// What a script does and a library's import-time set-up does not: print, read input or argv, exit,
// sleep, run a program, start a server, or call one of the module's own public functions as a statement.
const SCRIPT_CALLS = ['print', 'input', 'raw_input', 'exit', 'quit', 'breakpoint', 'open', 'help'];
const SCRIPT_METHODS = [
  'exit',
  '_exit',
  'system',
  'sleep',
  'parse_args',
  'parse_known_args',
  'run',
  'main',
  'start',
  'serve_forever',
  'mainloop',
  'show',
  'savefig',
  'wait',
  'communicate',
  'check_call',
  'check_output',
  'Popen',
  'run_until_complete',
  'run_forever',
  'testmod',
  'urlopen',
  'write',
  'writelines',
];

const SCRIPT_METHOD_CALL = new RegExp(`\\.(?:${SCRIPT_METHODS.join('|')})$`);

// Every name a `def` in the module defines (methods and nested functions too: a superset of the
// module's own functions); the name runs to the parameters or a PEP 695 `[`.
const DEFINED_NAMES = /\bdef\s+([^\s([:]+)/g;

/**
 * A text search standing before hasScriptWork's search of the whole tree: every hit that search can
 * find is a word in the lines of a moved statement, and most library modules have none. False is
 * certain; true means "search the tree".
 */
function mayHaveScriptWork(source: string, lines: string[], moved: StatementPlan[]): boolean {
  // `def \` with the name on the next line: the names cannot be read from the text.
  if (/\bdef\s*\\/.test(source)) return true;
  const names = new Set([...SCRIPT_CALLS, ...Array.from(source.matchAll(DEFINED_NAMES), (m) => escapeRegExp(m[1]!))]);
  const words = new RegExp(`(?<![\\w.])(?:${[...names].join('|')})(?!\\w)|\\.\\s*(?:${SCRIPT_METHODS.join('|')})(?!\\w)|\\bargv\\b`);
  return moved.some((s) => words.test(lines.slice(s.startLine, s.endLine + 1).join('\n')));
}

/**
 * Whether moved code does script work. A module whose import-time statements are only set-up —
 * assignments, registrations, `del`, conditional definitions — is a library: moving that set-up
 * into main() would break every importer, so such a module is left alone.
 */
function hasScriptWork(root: SgRoot, statements: StatementPlan[], moved: StatementPlan[]): boolean {
  const ownFunctions: string[] = [];
  for (const s of statements) {
    const definition = s.kind === 'decorated_definition' ? s.node.field('definition') : s.node;
    if (definition?.kind() === 'function_definition') {
      const name = definition.field('name')?.text();
      if (name) ownFunctions.push(name);
    }
  }
  const calls = nameFilter([...SCRIPT_CALLS, ...ownFunctions]);
  // Without a regex for the names (too many of them), every call by a bare name comes back and is
  // filtered below.
  const callee = `${calls.regex ?? '^[^.]+$'}|\\.(?:${SCRIPT_METHODS.join('|')})$`;
  // A small rule compiles fast; whether a hit runs at call time is checked in JS, for the few hits.
  const hits = root.root().findAll({
    rule: {
      any: [{ kind: 'call', has: { field: 'function', regex: callee } }, { kind: 'print_statement' }, { kind: 'attribute', regex: '^sys\\.argv$' }],
    },
  });
  if (hits.length === 0) return false;
  const movedIndexes = new Set(moved.map((s) => s.index));
  const own = new Set(ownFunctions);
  return hits.some((hit) => {
    const s = statementContaining(statements, hit.range().start.index);
    if (s === undefined || !movedIndexes.has(s.index) || runsWhenCalled(hit, s.node)) return false;
    const callee = hit.kind() === 'call' ? hit.field('function')?.text() : undefined;
    if (callee !== undefined && !calls.regex && !calls.names.has(callee) && !SCRIPT_METHOD_CALL.test(callee)) return false;
    if (callee === undefined || !own.has(callee)) return true;
    // `main()` or `raise SystemExit(main())` runs the program; `_register(X)` or `x = helper()` is a
    // library setting itself up.
    if (callee.startsWith('_')) return false;
    for (const ancestor of hit.ancestors()) {
      const kind = String(ancestor.kind());
      if (kind === 'assignment' || kind === 'augmented_assignment') return false;
      if (ancestor.id() === s.node.id()) break;
    }
    return true;
  });
}

/** 0-based lines that end with a real `# mainguard: keep` comment (not the text inside a string). */
export function keepCommentLines(root: SgRoot, source: string): Set<number> {
  const lines = new Set<number>();
  if (!KEEP_COMMENT.test(source)) return lines;
  for (const comment of root.root().findAll({ rule: { kind: 'comment', regex: KEEP_COMMENT.source } })) {
    lines.add(comment.range().start.line);
  }
  return lines;
}

/** Whether a node sits in a function body or a lambda inside a statement: it runs only when called. */
function runsWhenCalled(node: SgNode, statement: SgNode): boolean {
  let child = node;
  for (const ancestor of node.ancestors()) {
    if (ancestor.id() === statement.id()) return false;
    const kind = String(ancestor.kind());
    if (kind === 'lambda') return true;
    if (kind === 'function_definition' && ancestor.field('body')?.id() === child.id()) return true;
    child = ancestor;
  }
  return false;
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}

function isSuppressed(s: StatementPlan, lines: string[], keepLines: Set<number>, patterns: string[] | undefined): boolean {
  if (keepLines.has(s.startLine) || keepLines.has(s.endLine)) return true;
  void lines;
  if (!patterns || patterns.length === 0) return false;
  const inner = s.node.kind() === 'expression_statement' ? s.node.child(0) : null;
  return patterns.some((pattern) => s.node.matches(pattern) || inner?.matches(pattern));
}

function isAssignment(s: StatementPlan): boolean {
  if (s.kind !== 'expression_statement') return false;
  const kind = s.node.child(0)?.kind();
  return kind === 'assignment' || kind === 'augmented_assignment';
}

function indexBinders(statements: StatementPlan[]): Map<string, number[]> {
  const binders = new Map<string, number[]>();
  for (const s of statements) {
    for (const name of s.binds) {
      const list = binders.get(name);
      if (list) list.push(s.index);
      else binders.set(name, [s.index]);
    }
  }
  return binders;
}

// `Foo.x = 1` stays only if Foo is this module's own (a class, def or static value that stays).
function ownsItsTargets(s: StatementPlan, latestBinder: (name: string, before: number) => StatementPlan | undefined): boolean {
  const assignment = s.kind === 'expression_statement' ? s.node.child(0) : null;
  if (assignment?.kind() !== 'assignment') return true;
  let node: SgNode | null = assignment;
  while (node?.kind() === 'assignment') {
    const left = node.field('left');
    if (left && (left.kind() === 'attribute' || left.kind() === 'subscript')) {
      const base = left.kind() === 'attribute' ? left.field('object') : left.field('value');
      if (base && dottedName(base) === 'os.environ') {
        node = node.field('right');
        continue;
      }
      const root = targetRootName(left);
      const binder = root ? latestBinder(root, s.index) : undefined;
      if (binder?.verdict !== 'stay' || binder.kind.startsWith('import')) return false;
    }
    node = node.field('right');
  }
  return true;
}

// `from concurrent.futures import ProcessPoolExecutor as Executor`: the alias starts processes too.
function processStartAliases(root: SgRoot): string[] {
  const aliases: string[] = [];
  for (const alias of root.root().findAll({ rule: { kind: 'aliased_import', inside: { kind: 'import_from_statement' } } })) {
    const name = alias.field('name')?.text() ?? '';
    const as = alias.field('alias')?.text();
    if (as && PROCESS_START.test(name)) aliases.push(as);
  }
  return aliases;
}

function findProcessStarts(root: SgRoot, moved: StatementPlan[]): ModulePlan['processStarts'] {
  const starts: ModulePlan['processStarts'] = [];
  const aliases = processStartAliases(root);
  const callee = aliases.length > 0 ? `${PROCESS_START.source}|^(?:${aliases.join('|')})$` : PROCESS_START.source;
  for (const s of moved) {
    const calls = s.node.findAll({
      rule: {
        kind: 'call',
        has: { field: 'function', regex: callee },
        not: CALL_TIME,
      },
    });
    for (const call of calls) {
      const callee = call.field('function')?.text() ?? '';
      if (/^psutil\./.test(callee)) continue;
      const start = call.range().start;
      starts.push({ line: start.line + 1, column: start.column + 1, callee });
    }
  }
  return starts;
}
