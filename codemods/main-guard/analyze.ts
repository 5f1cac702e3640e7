import type { SgNode, SgRoot } from '@ast-grep/napi';
import { classifyStatement, dottedName, importsSomething, targetRootName, type Verdict } from './classify.js';
import { isGuardLike } from './guards.js';
import { type Importer, importerUses, namesUsedBy } from './importers.js';
import { DEFINITIONS_ONLY, GUARDED_SCRIPT, judgeModule, libraryFor, type ModuleJudgement } from './judge.js';
import { CALL_TIME, definitionTimeReadsByStatement, isFunctionLocal, nameFilter, statementBindings, variableReferences } from './names.js';
import { ModuleEffects, moveRebindingDefinitions, settleOrder } from './order.js';
import { topLevelStatements } from './python.js';
import { doesScriptWorkIn } from './script-calls.js';

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
  /** For a moved statement kept at module level because a definition (`by`, its index) needs `name`, or an importer does (`importer`: the clause that says so, `b.py imports data`). */
  keptFor?: { name: string; by?: number; importer?: string };
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
  /** What the module is and why: a script is rewritten, the other kinds are left alone. */
  judgement: ModuleJudgement;
  /** Set when the module is meant to run on import (a library, a settings module): the why; no rewrite, no MG001. */
  leftAlone?: string;
  /** Process-starting calls in code that runs at import time. */
  processStarts: { line: number; column: number; callee: string }[];
  /** Set when no rewrite keeps behaviour: the file must stay as it is. */
  refusal?: Refusal;
  /** What each statement does to module-level names (set for modules with something to move). */
  effects?: ModuleEffects;
}

/** A `# mainguard: keep` comment, which keeps its statement at module level. */
export const KEEP_COMMENT = /#\s*mainguard:\s*keep\b/;
/** The callees that start processes, by their last name. */
export const PROCESS_STARTERS: readonly string[] = ['Pool', 'Process', 'Manager', 'SyncManager', 'ProcessPoolExecutor'];
const PROCESS_START = new RegExp(`(?:^|\\.)(?:${PROCESS_STARTERS.join('|')})$`);
/** Text without which a module cannot start processes: the process starts are searched only where it appears. */
export const PROCESS_MODULES = /multiprocessing|concurrent\.futures|ProcessPoolExecutor|\bmultiprocess\b|\bbilliard\b|\bloky\b/;

/** Options that change the classification. */
export interface AnalyzeOptions {
  /** ast-grep patterns of statements to keep at module level (config `keep`). */
  keep?: string[];
  /** Who imports this module: files of the tree, test runners; undefined when unknown (stdin). */
  importers?: Importer[];
}

/** Classifies every top-level statement, then settles what definitions need and what depends on moved code. */
export function analyzeModule(root: SgRoot, source: string, lines: string[], options: AnalyzeOptions = {}): ModulePlan {
  const nodes = topLevelStatements(root);
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
  const moved = statements.filter((s) => s.verdict === 'move');
  if (moved.length === 0) {
    const judgement: ModuleJudgement = guards.length > 0 ? GUARDED_SCRIPT : { kind: 'definitions', why: DEFINITIONS_ONLY };
    return { statements, guards, processStarts: [], judgement };
  }

  const processStarts = PROCESS_MODULES.test(source) ? findProcessStarts(root, moved) : [];
  for (const s of statements) s.binds = statementBindings(s.node);
  const judgement = judgeModule(statements, moved, { root, source, lines, importers: options.importers, processStarts });
  const plan: ModulePlan = { statements, guards, processStarts, judgement };
  if (judgement.kind !== 'script') {
    plan.leftAlone = judgement.why;
    return plan;
  }

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

  // Demotion: a static statement that reads moved state moves too, and so does every binding of
  // the script's own state; each can make the other move more.
  while (demote(statements, readsOf, latestBinder) + moveScriptState(statements, binders) > 0);

  // Names other files of the tree import must still exist at module level after the rewrite.
  const effects = new ModuleEffects(root, statements);
  const imported = keepImportedNames(statements, options.importers ?? [], latestBinder, effects);
  if (imported) {
    plan.refusal = imported;
    return plan;
  }
  // Closure: what staying statements need when they are defined stays too, transitively; then the
  // order rule moves what may not run before the moved code above it, which can undo the closure.
  // Between a binder and what needs its name, only what may change the name must run first.
  const changes = (s: StatementPlan, name: string): boolean => effects.of(s.node).writes.has(name);
  keepDefinitionNeeds(statements, readsOf, latestBinder, changes);
  plan.effects = effects;
  for (;;) {
    const forced = [...joinSharedLines(statements), ...moveRebindingDefinitions(root, plan), ...settleOrder(plan, effects)];
    if (forced.length === 0) break;
    for (const s of forced) s.forced = true;
    releaseOrphanedKeeps(statements, readsOf, latestBinder, changes);
    plan.refusal = keepDefinitionNeeds(statements, readsOf, latestBinder, changes);
    if (plan.refusal) break;
  }
  // Its importers needed everything it does at import time: a library after all.
  if (!plan.refusal && options.importers?.length && statements.every((s) => s.verdict !== 'move')) plan.judgement = libraryFor(options.importers);
  return plan;
}

/** Moves, in file order, the static statements that read moved state; returns how many moved. */
function demote(statements: StatementPlan[], readsOf: (s: StatementPlan) => Set<string>, latestBinder: (name: string, before: number) => StatementPlan | undefined): number {
  let count = 0;
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
    if (s.verdict === 'move') count++;
  }
  return count;
}

/**
 * A name bound more than once at module level is the script's state, not a constant, when moved
 * code binds it too (`row = 1` counted up by a loop) or reads it between two of its bindings
 * (`jobs = []` before each demo): each of its static bindings moves with the script, in order.
 * Dunder names (`__all__`) describe the module and stay. Returns how many moved.
 */
function moveScriptState(statements: StatementPlan[], binders: Map<string, number[]>): number {
  let count = 0;
  for (const [name, list] of binders) {
    if (list.length < 2 || /^__\w+__$/.test(name)) continue;
    const bindings = list.map((i) => statements[i]!);
    const first = list[0]!;
    const last = list[list.length - 1]!;
    const used = bindings.some((b) => b.verdict === 'move') || statements.slice(first + 1, last).some((s) => s.verdict === 'move' && s.needs.has(name));
    if (!used) continue;
    for (const b of bindings) {
      if (b.verdict !== 'stay' || !b.demotable || b.suppressed) continue;
      const other = bindings.find((o) => o !== b)!;
      b.verdict = 'move';
      b.reason = `binds ${name}, the script's state, which line ${other.startLine + 1} binds too`;
      count++;
    }
  }
  return count;
}

/**
 * Keeps at module level the statements that bind what importers use, and the later ones that may
 * change it (a method call on it, a call of a function that fills it), as if a definition at the
 * end of the module read those names; says why no rewrite is possible when one of them makes a
 * script call (script-calls.ts: prints, reads input or argv, exits, starts processes...).
 */
function keepImportedNames(statements: StatementPlan[], importers: Importer[], latestBinder: (name: string, before: number) => StatementPlan | undefined, effects: ModuleEffects): Refusal | undefined {
  const wanted = new Map<string, string>();
  for (const importer of importers) {
    const used = namesUsedBy(importer);
    const names = used === 'all' ? statements.flatMap((s) => [...s.binds]) : used;
    for (const name of names) if (!wanted.has(name)) wanted.set(name, importerUses(importer, name));
  }
  // What an importer calls reads the module's globals when it runs: the names the module's own
  // functions and classes read that moved code binds are used by its importers too.
  if (importers.length > 0) {
    const moved = nameFilter(statements.filter((s) => s.verdict === 'move').flatMap((s) => [...s.binds]));
    const via = importers[0]!;
    const locals = new Map<number, Set<string>>();
    for (const s of statements) {
      if (s.verdict !== 'stay' || !/definition$/.test(s.kind)) continue;
      for (const id of variableReferences(s.node, moved)) {
        const name = id.text();
        if (!wanted.has(name) && !isFunctionLocal(id, locals)) wanted.set(name, importerUses(via, name, [...s.binds].join(', ')));
      }
    }
  }
  for (const [name, use] of wanted) {
    const binder = latestBinder(name, statements.length);
    // `del helper` at the end: the name is not there for importers anyway.
    if (!binder || binder.kind === 'delete_statement') continue;
    for (const s of statements.slice(binder.index)) {
      if (s.verdict !== 'move' || (s !== binder && !effects.of(s.node).writes.has(name))) continue;
      if (doesScriptWorkIn(s.node.text())) {
        return { reason: `${use}, which line ${s.startLine + 1} ${s === binder ? 'binds' : 'changes'} while doing what a script does; left unchanged`, line: s.startLine + 1 };
      }
      s.verdict = 'stay';
      s.hoisted = true;
      s.keptFor = { name, importer: use };
    }
  }
  return undefined;
}

/**
 * Keeps at module level what staying statements need when they are defined, transitively, and
 * says why no rewrite is possible when one of those must move (the order rule, a shared line).
 */
function keepDefinitionNeeds(
  statements: StatementPlan[],
  readsOf: (s: StatementPlan) => Set<string>,
  latestBinder: (name: string, before: number) => StatementPlan | undefined,
  changes: (s: StatementPlan, name: string) => boolean,
): Refusal | undefined {
  const work = statements.filter((s) => s.verdict === 'stay');
  while (work.length > 0) {
    const needer = work.pop()!;
    for (const name of readsOf(needer)) {
      const binder = latestBinder(name, needer.index);
      if (binder?.verdict !== 'move') continue;
      const between = statements.slice(binder.index, needer.index).filter((s) => s.verdict === 'move');
      for (const s of between) {
        if (s !== binder && !changes(s, name)) continue;
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

/**
 * Sends back to main() the statements kept for what a staying statement needs that nothing
 * staying needs any more: a needer the order rule has just moved needs nothing kept, and a keep
 * left for it would put script code on module level that a second run moves. Mirrors the search of
 * keepDefinitionNeeds over the statements it kept.
 */
function releaseOrphanedKeeps(
  statements: StatementPlan[],
  readsOf: (s: StatementPlan) => Set<string>,
  latestBinder: (name: string, before: number) => StatementPlan | undefined,
  changes: (s: StatementPlan, name: string) => boolean,
): void {
  const isKept = (s: StatementPlan) => s.verdict === 'stay' && s.keptFor?.by !== undefined;
  const reached = new Set<number>();
  const work = statements.filter((s) => s.verdict === 'stay' && !isKept(s));
  while (work.length > 0) {
    const needer = work.pop()!;
    for (const name of readsOf(needer)) {
      const binder = latestBinder(name, needer.index);
      if (!binder) continue;
      for (const s of statements.slice(binder.index, needer.index)) {
        if (!isKept(s) || reached.has(s.index)) continue;
        if (s !== binder && !changes(s, name)) continue;
        reached.add(s.index);
        work.push(s);
      }
    }
  }
  for (const s of statements) {
    if (s.keptFor?.by === undefined || reached.has(s.index)) continue;
    // One the order rule moved keeps its place in main(); the others go back to main() too.
    if (s.verdict === 'stay') s.verdict = 'move';
    s.keptFor = undefined;
  }
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

/** 0-based lines that end with a real `# mainguard: keep` comment (not the text inside a string). */
export function keepCommentLines(root: SgRoot, source: string): Set<number> {
  const lines = new Set<number>();
  if (!KEEP_COMMENT.test(source)) return lines;
  for (const comment of root.root().findAll({ rule: { kind: 'comment', regex: KEEP_COMMENT.source } })) {
    lines.add(comment.range().start.line);
  }
  return lines;
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
