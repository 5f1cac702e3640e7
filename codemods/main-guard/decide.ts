// What a rewrite will be, decided before any text is laid out: its form, the names main() declares
// global, the warnings, and every refusal a module's statements call for. The layout (rewrite.ts)
// only renders it.
import type { SgRoot } from '@ast-grep/napi';
import { type ReportEntry, SkipFile } from '../../src/codemod.js';
import { type ModulePlan, type StatementPlan, statementContaining } from './analyze.js';
import { mayReadBeforeBinding } from './first-use.js';
import { globalStatementNames, isFunctionLocal, nameFilter, variableReferences } from './names.js';
import { findNamespaceRead, type NamespaceRead } from './namespace.js';
import { settleWorkerGlobals } from './workers.js';

/** What the layout renders: the form of the run block, main()'s globals, warnings for the report. */
export interface RewriteDecision {
  form: Form;
  globals: Set<string>;
  /** Set when every name moved code binds is global: where the module reads its own namespace by name. */
  allGlobalsBecause?: NamespaceRead;
  /**
   * Index of the first statement of the tail: what follows the last moved statement or guard and is
   * left as it is, after the guard (closing strings, an `if` that tests `__name__` and what follows
   * it). The number of statements when there is none.
   */
  tailStart: number;
  /** Moved statements that also run at module level, behind `if __name__ != "__main__":`, for spawned workers. */
  spawnCopies: StatementPlan[];
  warnings: ReportEntry[];
}

/** Decides the rewrite of an analysed module; throws SkipFile when no rewrite keeps behaviour. */
export function decideRewrite(root: SgRoot, plan: ModulePlan): RewriteDecision {
  const statements = plan.statements;
  const moved = statements.filter((s) => s.verdict === 'move');
  const guards = plan.guards.map((i) => statements[i]!);
  if (plan.refusal) throw new SkipFile(plan.refusal.reason, { line: plan.refusal.line });
  refuseUnsafeModules(plan, guards);
  const tailStart = findTail(statements);
  const form: Form = guards.length > 0 ? 'guard' : isEntryCall(statements.slice(0, tailStart)) ? 'entry' : 'function';
  refuseReordering(root, plan);
  const movedBinds = new Set(moved.flatMap((s) => [...s.binds]));
  const allGlobalsBecause = form === 'function' && movedBinds.size > 0 ? findNamespaceRead(root) : undefined;
  const globals = form !== 'function' ? new Set<string>() : allGlobalsBecause ? new Set(movedBinds) : globalsOf(root, plan, movedBinds);
  if (form === 'function') refuseFunctionScopeHazards(root, moved, globals);
  const warnings: ReportEntry[] = [];
  warnAboutLocalDefinitions(plan, warnings, form);
  const spawnCopies = settleWorkerGlobals(plan, movedBinds, warnings, form !== 'guard');
  return { form, globals, allGlobalsBecause, tailStart, spawnCopies, warnings };
}

/** How the moved code is run: a generated function, a new guard around an entry call, or an existing guard. */
export type Form = 'function' | 'entry' | 'guard';

const ENTRY_CALL = /^(?:(?:sys\.)?exit|raise\s+SystemExit|asyncio\.run|SystemExit)?\s*\(?\s*([A-Za-z_]\w*)\s*\(\s*\)\s*\)?$/;

/**
 * Where the tail starts: at the first `if` testing `__name__` after the last statement that moves or
 * guards, or at the bare strings that end the module. A guard-like `if` with such statements on both
 * sides has no place that keeps the order: the file is refused.
 */
function findTail(statements: StatementPlan[]): number {
  const isWork = (s: StatementPlan): boolean => s.verdict === 'move' || s.verdict === 'guard';
  const firstWork = statements.findIndex(isWork);
  let lastWork = statements.length - 1;
  while (lastWork >= 0 && !isWork(statements[lastWork]!)) lastWork--;
  for (const s of statements) {
    if (s.guardLike && s.index > firstWork && s.index < lastWork) {
      throw new SkipFile(
        `line ${s.startLine + 1} tests __name__ but is not a main guard, and script code runs both before and after it: no main() keeps it in its place; make it a main guard or move it by hand`,
        { line: s.startLine + 1 },
      );
    }
  }
  let tail = statements.length;
  while (tail - 1 > lastWork && isBareString(statements[tail - 1]!)) tail--;
  const guardLike = statements.findIndex((s) => s.guardLike && s.index > lastWork);
  return guardLike === -1 ? tail : Math.min(tail, guardLike);
}

function isBareString(s: StatementPlan): boolean {
  const children = s.kind === 'expression_statement' ? s.node.namedChildren() : [];
  return children.length > 0 && children.every((c) => c.kind() === 'string' || c.kind() === 'concatenated_string');
}

function isEntryCall(statements: StatementPlan[]): boolean {
  const last = statements[statements.length - 1];
  if (last?.verdict !== 'move') return false;
  const kind = last.kind;
  if (kind !== 'expression_statement' && kind !== 'raise_statement') return false;
  const text = last.node.text().replace(/\s+/g, ' ').trim();
  const match = ENTRY_CALL.exec(text);
  if (!match) return false;
  if (kind === 'raise_statement' && !text.startsWith('raise SystemExit')) return false;
  const callee = match[1]!;
  return statements.some((s) => s.verdict === 'stay' && s.binds.has(callee) && /definition/.test(s.kind));
}

function refuseUnsafeModules(plan: ModulePlan, guards: StatementPlan[]): void {
  for (const s of plan.statements) {
    if (s.binds.has('__name__')) {
      throw new SkipFile('assigns to __name__: the guard could not tell script from import', { line: s.startLine + 1 });
    }
  }
  const withElse = guards.find((g) => g.node.field('alternative') !== null);
  if (withElse) {
    throw new SkipFile('the main guard has an else/elif branch that runs on import; merge it by hand', {
      line: withElse.startLine + 1,
    });
  }
  for (const s of plan.statements) {
    if (s.verdict !== 'move') continue;
    const misplaced = s.node.find({
      rule: {
        any: [{ kind: 'return_statement' }, { kind: 'yield' }, { kind: 'await' }, { kind: 'nonlocal_statement' }],
        not: { inside: { stopBy: 'end', any: [{ kind: 'function_definition' }, { kind: 'lambda' }] } },
      },
    });
    if (misplaced) {
      throw new SkipFile(`'${misplaced.text().split(/\s/)[0]}' outside a function is a syntax error`, {
        line: misplaced.range().start.line + 1,
      });
    }
  }
}

/**
 * Moving code below the staying statements reorders them: refuse when a moved statement reads or
 * binds a name that a later staying statement binds. Returns nothing; throws on a conflict.
 */
function refuseReordering(root: SgRoot, plan: ModulePlan): void {
  const statements = plan.statements;
  const firstMoved = statements.findIndex((s) => s.verdict === 'move' || s.verdict === 'guard');
  const laterStaying = new Map<string, StatementPlan>();
  for (const s of statements.slice(firstMoved + 1)) {
    if (s.verdict !== 'stay') continue;
    for (const name of s.binds) if (!laterStaying.has(name)) laterStaying.set(name, s);
  }
  if (laterStaying.size === 0) return;
  const refs = referencesByStatement(root, statements, laterStaying.keys());
  for (const s of statements) {
    if (s.verdict === 'stay') continue;
    const names = new Set([...(refs.get(s.index) ?? []), ...s.binds]);
    for (const name of names) {
      const rebinder = statementsBindingAfter(statements, name, s.index);
      if (rebinder) {
        throw new SkipFile(`line ${s.startLine + 1} uses ${name}, which line ${rebinder.startLine + 1} binds again at module level; moving it would change which value it sees`, {
          line: s.startLine + 1,
        });
      }
    }
  }
}

function statementsBindingAfter(statements: StatementPlan[], name: string, index: number): StatementPlan | undefined {
  for (let k = index + 1; k < statements.length; k++) {
    const s = statements[k]!;
    if (s.verdict === 'stay' && s.binds.has(name)) return s;
  }
  return undefined;
}

/** Which of the given names each top-level statement references. */
function referencesByStatement(root: SgRoot, statements: StatementPlan[], names: Iterable<string>): Map<number, Set<string>> {
  const byStatement = new Map<number, Set<string>>();
  const ids = variableReferences(root.root(), nameFilter(names));
  for (const id of ids) {
    const s = statementContaining(statements, id.range().start.index);
    if (!s) continue;
    const set = byStatement.get(s.index);
    if (set) set.add(id.text());
    else byStatement.set(s.index, new Set([id.text()]));
  }
  return byStatement;
}

/**
 * Names main() must declare global so that moved code binds the module's variables, as before: those
 * that code outside main() reads or binds (function and class bodies, staying statements, `global`
 * statements), and those moved code may read before it binds them (a builtin, or a NameError).
 */
function globalsOf(root: SgRoot, plan: ModulePlan, movedBinds: Set<string>): Set<string> {
  const globals = new Set<string>();
  if (movedBinds.size === 0) return globals;
  const node = root.root();
  for (const name of globalStatementNames(node)) if (movedBinds.has(name)) globals.add(name);
  const refs = new Map<number, Set<string>>();
  const localsCache = new Map<number, Set<string>>();
  for (const id of variableReferences(node, nameFilter(movedBinds))) {
    const s = statementContaining(plan.statements, id.range().start.index);
    if (!s || (s.verdict === 'stay' && isFunctionLocal(id, localsCache))) continue;
    const set = refs.get(s.index);
    if (set) set.add(id.text());
    else refs.set(s.index, new Set([id.text()]));
  }
  const firstBinder = new Map<string, number>();
  for (const s of plan.statements) {
    if (s.verdict !== 'move') continue;
    for (const name of s.binds) if (!firstBinder.has(name)) firstBinder.set(name, s.index);
  }
  for (const s of plan.statements) {
    const names = refs.get(s.index);
    if (s.verdict === 'stay') {
      for (const name of s.binds) if (movedBinds.has(name)) globals.add(name);
      for (const name of names ?? []) globals.add(name);
    } else if (s.verdict === 'move' && names) {
      for (const name of names) {
        const first = firstBinder.get(name)!;
        if (first > s.index || (first === s.index && mayReadBeforeBinding(s.node, name))) globals.add(name);
      }
    }
  }
  return globals;
}

const OUTSIDE_NESTED = { not: { inside: { stopBy: 'end' as const, any: [{ kind: 'function_definition' }, { kind: 'lambda' }, { kind: 'class_definition' }] } } };
const NAMESPACE_CALL = { kind: 'call', has: { field: 'function', kind: 'identifier', regex: '^(?:locals|vars|dir|exec)$' } };
const ANNOTATED_ASSIGNMENT = { kind: 'assignment', has: { field: 'type', kind: 'type' } };
// What cannot move into a function, found in one search of the module (a rule compiled and run
// per moved statement costs far more); told apart by kind.
const SCOPE_HAZARDS = {
  rule: {
    any: [
      { kind: 'wildcard_import' },
      { kind: 'global_statement', ...OUTSIDE_NESTED },
      { any: [{ kind: 'exec_statement' }, NAMESPACE_CALL], ...OUTSIDE_NESTED },
      { ...ANNOTATED_ASSIGNMENT, ...OUTSIDE_NESTED },
    ],
  },
};

function refuseFunctionScopeHazards(root: SgRoot, moved: StatementPlan[], globals: Set<string>): void {
  const hits = moved.length > 0 ? root.root().findAll(SCOPE_HAZARDS) : [];
  if (hits.length === 0) return;
  const located = hits.map((node) => ({ node, kind: String(node.kind()), at: node.range().start.index }));
  for (const s of moved) {
    const inside = located.filter((hit) => hit.at >= s.startIndex && hit.at < s.endIndex);
    const star = inside.find((hit) => hit.kind === 'wildcard_import');
    if (star) {
      throw new SkipFile("'from ... import *' cannot move into a function; hoist the import or mark the block with # mainguard: keep", {
        line: star.node.range().start.line + 1,
      });
    }
    const global = inside.find((hit) => hit.kind === 'global_statement');
    if (global) {
      throw new SkipFile("a global statement inside moved code would conflict with main()'s own declarations", {
        line: global.node.range().start.line + 1,
      });
    }
    for (const { node: call, kind } of inside.filter((hit) => hit.kind === 'exec_statement' || hit.kind === 'call')) {
      const name = kind === 'exec_statement' ? 'exec' : call.field('function')!.text();
      const args =
        call
          .field('arguments')
          ?.namedChildren()
          .filter((c) => c.kind() !== 'comment').length ?? 1;
      const unsafe = name === 'exec' ? args <= 1 : args === 0;
      if (unsafe) {
        throw new SkipFile(`${name}() at module level sees module variables; inside main() it would see main()'s locals`, {
          line: call.range().start.line + 1,
        });
      }
    }
    for (const { node: annotated } of inside.filter((hit) => hit.kind === 'assignment')) {
      const target = annotated.field('left');
      if (target?.kind() === 'identifier' && globals.has(target.text())) {
        throw new SkipFile(`annotated assignment to ${target.text()} would need 'global ${target.text()}', which Python forbids`, {
          line: annotated.range().start.line + 1,
        });
      }
    }
  }
}

function warnAboutLocalDefinitions(plan: ModulePlan, entries: ReportEntry[], form: Form): void {
  const warned = new Set<string>();
  const statements = plan.statements;
  if (form === 'function') {
    for (const s of statements) {
      if (s.verdict !== 'move') continue;
      for (const def of s.node.findAll({
        rule: { any: [{ kind: 'function_definition' }, { kind: 'class_definition' }], not: { inside: { stopBy: 'end', any: [{ kind: 'function_definition' }, { kind: 'class_definition' }] } } },
      })) {
        const name = def.field('name')?.text() ?? '?';
        // `if X: def f(): ... else: def f(): ...` defines one name: one warning, at its first definition.
        if (warned.has(name)) continue;
        warned.add(name);
        entries.push({
          kind: 'warning',
          message: `${name} is defined inside moved code and becomes local to main(): pickle and multiprocessing cannot find it`,
          line: def.range().start.line + 1,
        });
      }
    }
  }
}
