import type { SgNode, SgRoot } from '@ast-grep/napi';
import { type ModulePlan, type StatementPlan, statementContaining } from './analyze.js';
import { writesEnvironment } from './classify.js';
import { bodyEffects, type EffectContext, type Effects, isImmutableValue, RISKY, statementEffects } from './effects.js';
import { isMainGuard } from './guards.js';
import { nameFilter, statementBindings, variableReferences } from './names.js';
import { topLevelStatements } from './python.js';
import { escapeRegExp } from './text.js';

// A rewrite runs the statements that stay at module level first and the moved ones afterwards. A
// staying statement that came after moved code is therefore hoisted above it; that keeps the
// script's behaviour only if the two do not touch the same names, and the hoisted one cannot fail
// where the moved one would have run (and perhaps stopped the script) first. Imports and
// definitions are hoisted on purpose.

/** The effects of the statements of one module, with what calls of its own functions do folded in. */
export class ModuleEffects {
  readonly context: EffectContext;
  private readonly full = new Map<number, Effects>();
  private readonly bodies = new Map<string, Effects>();
  private readonly definitionNodes = new Map<string, SgNode>();
  private risky: Located | undefined;
  private allIds: Located | undefined;
  private lastFocus: { names: Set<string>; view: (node: SgNode) => Effects } | undefined;

  constructor(
    private readonly root: SgRoot,
    statements: StatementPlan[],
  ) {
    const definitions = new Set<string>();
    const callables = new Set<string>();
    for (const s of statements) {
      // Modules, by an import statement or an import call (`ssl = import_module("ssl")`, the one
      // hoisted expression statement that binds a name).
      if (s.kind.startsWith('import') || s.kind === 'future_import_statement' || (s.hoisted && s.kind === 'expression_statement')) for (const name of s.binds) definitions.add(name);
      if (/definition$/.test(s.kind)) {
        for (const name of s.binds) {
          definitions.add(name);
          callables.add(name);
          this.definitionNodes.set(name, s.node);
        }
      }
    }
    this.context = { definitions, callables, immutable: immutableNames(statements) };
  }

  /** All the effects of a statement (top-level or inside a guard), calls of the module's own functions included. */
  of(node: SgNode): Effects {
    let effects = this.full.get(node.id());
    if (!effects) {
      // A search per statement compiles a rule each time: past a few statements, one search of
      // the whole module is cheaper.
      if (this.full.size === PER_STATEMENT_SEARCHES) {
        this.allIds = locate(variableReferences(this.root.root()));
        this.risky ??= locate(this.root.root().findAll(RISKY));
      }
      const nodes = this.allIds && this.risky ? { ids: within(this.allIds, node), risky: within(this.risky, node) } : undefined;
      effects = this.withCalls(statementEffects(node, this.context, nodes), (name) => this.bodyOf(name));
      this.full.set(node.id(), effects);
    }
    return effects;
  }

  /**
   * A view that reads effects on the given names only (and on what calls reach), from one search
   * of the module: the order rule compares many statements against the few that stay.
   */
  focus(names: Set<string>): (node: SgNode) => Effects {
    if (this.lastFocus && [...names].every((n) => this.lastFocus!.names.has(n))) return this.lastFocus.view;
    const ids = locate(variableReferences(this.root.root(), nameFilter([...names, ...this.callablesTouching(names)])));
    this.risky ??= locate(this.root.root().findAll(RISKY));
    const risky = this.risky;
    const memo = new Map<number, Effects>();
    const bodies = new Map<string, Effects>();
    const bodyOf = (name: string): Effects | undefined => {
      const node = this.definitionNodes.get(name);
      if (!node) return undefined;
      let body = bodies.get(name);
      if (!body) bodies.set(name, (body = bodyEffects(node, this.context, within(ids, node))));
      return body;
    };
    const view = (node: SgNode): Effects => {
      let effects = memo.get(node.id());
      if (!effects) {
        effects = this.withCalls(statementEffects(node, this.context, { ids: within(ids, node), risky: within(risky, node) }), bodyOf);
        memo.set(node.id(), effects);
      }
      return effects;
    };
    this.lastFocus = { names, view };
    return view;
  }

  // The module's functions whose bodies mention one of the names, or call such a function: calls
  // of the others cannot touch them. Read from the text, which only over-counts.
  private callablesTouching(names: Set<string>): string[] {
    const texts = new Map([...this.definitionNodes].map(([name, node]) => [name, node.text()]));
    const found = new Set<string>();
    let wanted = [...names];
    while (wanted.length > 0) {
      const words = new RegExp(`(?<![\\w.])(?:${wanted.map(escapeRegExp).join('|')})(?!\\w)`);
      wanted = [];
      for (const [name, text] of texts) {
        if (found.has(name) || !words.test(text)) continue;
        found.add(name);
        wanted.push(name);
      }
    }
    return [...found];
  }

  private withCalls(effects: Effects, bodyOf: (name: string) => Effects | undefined): Effects {
    if (effects.calls.size === 0) return effects;
    const merged: Effects = { ...effects, reads: new Set(effects.reads), writes: new Set(effects.writes), mayRaise: true };
    const seen = new Set<string>();
    const pending = [...effects.calls];
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const body = bodyOf(name);
      if (!body) continue;
      for (const n of body.reads) merged.reads.add(n);
      for (const n of body.writes) merged.writes.add(n);
      pending.push(...body.calls);
    }
    return merged;
  }

  private bodyOf(name: string): Effects | undefined {
    let body = this.bodies.get(name);
    if (body) return body;
    const node = this.definitionNodes.get(name);
    if (!node) return undefined;
    body = bodyEffects(node, this.context, this.allIds ? within(this.allIds, node) : undefined);
    this.bodies.set(name, body);
    return body;
  }
}

const PER_STATEMENT_SEARCHES = 8;

// Names whose every module-level binding is a plain assignment of an immutable value.
function immutableNames(statements: StatementPlan[]): Set<string> {
  const immutable = new Set<string>();
  const other = new Set<string>();
  for (const s of statements) {
    const expr = s.kind === 'expression_statement' ? s.node.child(0) : null;
    const value = expr?.kind() === 'assignment' ? expr.field('right') : null;
    const plain = value !== null && value !== undefined && value.kind() !== 'assignment' && expr!.field('type') === null;
    const fits = plain && s.demotable && isImmutableValue(value, immutable);
    for (const name of s.binds) {
      if (fits && !other.has(name)) immutable.add(name);
      else {
        other.add(name);
        immutable.delete(name);
      }
    }
  }
  return immutable;
}

/** Nodes of a module in document order, with their start offsets for slicing by range. */
interface Located {
  nodes: SgNode[];
  starts: number[];
}

function locate(nodes: SgNode[]): Located {
  const pairs = nodes.map((node) => ({ node, start: node.range().start.index }));
  pairs.sort((a, b) => a.start - b.start);
  return { nodes: pairs.map((p) => p.node), starts: pairs.map((p) => p.start) };
}

// The located nodes that start inside `node`.
function within(located: Located, node: SgNode): SgNode[] {
  const { start, end } = node.range();
  return located.nodes.slice(lowerBound(located.starts, start.index), lowerBound(located.starts, end.index));
}

function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Why a later statement may not run before an earlier one, or undefined when it may. */
export interface OrderConflict {
  /** The earlier statement's 1-based line. */
  line: number;
  /** What ties them, in a few words: "changes prefs", "may stop the script". */
  why: string;
}

/** What the order rule keeps, statement by statement, while it walks the module in order. */
class MovedSoFar {
  private readonly writers = new Map<string, number>();
  private readonly readers = new Map<string, number>();
  private firstEffect: number | undefined;

  add(effects: Effects, line: number, effectful: boolean): void {
    for (const name of effects.writes) if (!this.writers.has(name)) this.writers.set(name, line);
    for (const name of effects.reads) if (!this.readers.has(name)) this.readers.set(name, line);
    if (effectful && this.firstEffect === undefined) this.firstEffect = line;
  }

  /**
   * Whether a statement with these effects may run before everything added so far; `hazard` says
   * what it could do to a script stopped or observed by that code (it may fail, it changes the environment).
   */
  conflict(effects: Effects, hazard: Hazard | undefined): OrderConflict | undefined {
    for (const name of [...effects.writes, ...effects.reads]) {
      const line = this.writers.get(name);
      if (line !== undefined) return { line, why: `changes ${name}` };
    }
    for (const name of effects.writes) {
      const line = this.readers.get(name);
      if (line !== undefined) return { line, why: `reads ${name}` };
    }
    if (hazard && this.firstEffect !== undefined) {
      return { line: this.firstEffect, why: hazard === 'environment' ? 'runs first and may read the environment it changes' : 'runs first and may stop the script' };
    }
    return undefined;
  }
}

// Only a plain assignment of static values is free of effects others could see or be stopped by.
function effectful(node: SgNode, effects: Effects): boolean {
  if (effects.mayRaise) return true;
  const expr = node.kind() === 'expression_statement' ? node.child(0) : null;
  return !(expr && (expr.kind() === 'assignment' || expr.kind() === 'augmented_assignment'));
}

// `os.getenv("X")` without a default may give None: a factory handed it can fail.
const MAYBE_NONE_CALL = { rule: { kind: 'call', has: { field: 'function', regex: '^(?:os\\.getenv|os\\.environ\\.get|getenv)$' } } };

function looksUpEnvironment(node: SgNode): boolean {
  if (!/getenv|environ\s*\.\s*get/.test(node.text())) return false;
  return node.findAll(MAYBE_NONE_CALL).some((call) => (call.field('arguments')?.namedChildren().length ?? 0) < 2);
}

/** What running a statement earlier can do beyond the names it touches. */
type Hazard = 'failure' | 'environment';

/** Whether a statement, run where it is, can fail (given what the names it hands to factories may hold) or changes the environment. */
function hazardOf(s: StatementPlan, effects: Effects, unsure: Set<string>): Hazard | undefined {
  if (writesEnvironment(s.node)) return 'environment';
  if (effects.mayRaise) return 'failure';
  for (const name of effects.factoryArguments) if (unsure.has(name)) return 'failure';
  return undefined;
}

/**
 * The order rule: walks the module in order and moves every staying statement that may not be
 * hoisted above the moved code before it. Returns the statements it moved.
 */
export function settleOrder(plan: ModulePlan, effects: ModuleEffects): StatementPlan[] {
  const statements = plan.statements;
  const firstMoved = statements.findIndex((s) => s.verdict !== 'stay');
  if (firstMoved === -1) return [];
  const candidates = statements.slice(firstMoved + 1).filter((s) => s.verdict === 'stay' && !s.hoisted);
  if (candidates.length === 0) return [];
  const touched = new Set<string>();
  for (const s of candidates) for (const name of [...effects.of(s.node).reads, ...effects.of(s.node).writes]) touched.add(name);
  const movedEffects = effects.focus(touched);
  const isCandidate = new Set(candidates.map((s) => s.index));

  const movedNow: StatementPlan[] = [];
  const moved = new MovedSoFar();
  // A name read before the module binds it, where a later statement does: a NameError, which
  // the code that runs first may not see.
  const everBound = new Set(statements.flatMap((s) => [...s.binds]));
  const boundSoFar = new Set<string>();
  // Names whose value may be None or come from moved code: factories handed them can fail.
  const unsure = new Set<string>();
  for (const s of statements) {
    if (s.verdict === 'stay') {
      if (!isCandidate.has(s.index)) {
        if (!s.hoisted && tracksUnsure(s, unsure, effects)) for (const n of s.binds) unsure.add(n);
        for (const n of s.binds) boundSoFar.add(n);
        continue;
      }
      const e = effects.of(s.node);
      const unbound = [...e.reads].some((n) => everBound.has(n) && !boundSoFar.has(n));
      const conflict = moved.conflict(e, unbound ? 'failure' : hazardOf(s, e, unsure));
      if (!conflict) {
        if (tracksUnsure(s, unsure, effects)) for (const n of s.binds) unsure.add(n);
        for (const n of s.binds) boundSoFar.add(n);
        continue;
      }
      s.verdict = 'move';
      s.reason = `must run after line ${conflict.line}, which ${conflict.why}`;
      movedNow.push(s);
      moved.add(e, s.startLine + 1, effectful(s.node, e));
    } else {
      const e = movedEffects(s.node);
      moved.add(e, s.startLine + 1, effectful(s.node, e));
    }
    for (const n of s.binds) {
      unsure.add(n);
      boundSoFar.add(n);
    }
  }
  return movedNow;
}

// Whether a staying statement binds a value that may be None: an environment lookup, or a value
// computed from one.
function tracksUnsure(s: StatementPlan, unsure: Set<string>, effects: ModuleEffects): boolean {
  if (looksUpEnvironment(s.node)) return true;
  return unsure.size > 0 && [...effects.of(s.node).reads].some((n) => unsure.has(n));
}

/** A pair of statements whose order a rewrite changed although it must not. */
export interface OrderViolation {
  /** 1-based lines: the statement that came first, and the one that now runs before it. */
  first: number;
  hoisted: number;
  why: string;
}

/**
 * The last check of a rewrite: reads the statements of the output in the order they run (module
 * level first, then the guard's body and the function it calls) and requires every pair that the
 * order rule ties to run in the original order.
 */
export function findOrderViolation(plan: ModulePlan, effects: ModuleEffects, output: SgRoot): OrderViolation | undefined {
  const units = originalUnits(plan);
  const position = outputPositions(units, output, plan);
  if (position === undefined) return undefined;
  // The statements that now run before one that came before them, and what they touch.
  const checked: number[] = [];
  let highest = -1;
  for (let b = 0; b < units.length; b++) {
    const later = units[b]!;
    const hoisted = later.statement.verdict === 'stay' && later.statement.hoisted;
    if (highest > position[b]! && !hoisted) checked.push(b);
    highest = Math.max(highest, position[b]!);
  }
  if (checked.length === 0) return undefined;
  const touched = new Set<string>();
  for (const b of checked) for (const name of [...effects.of(units[b]!.node).reads, ...effects.of(units[b]!.node).writes]) touched.add(name);
  const earlierEffects = effects.focus(touched);
  const isChecked = new Set(checked);
  const unsure = new Set<string>();
  // Each earlier statement is compared with every later one: its effects are read once.
  const earlierOf: { effects: Effects; effectful: boolean }[] = [];
  for (let b = 0; b < units.length; b++) {
    const later = units[b]!;
    const staying = later.statement.verdict === 'stay';
    if (isChecked.has(b)) {
      const e = effects.of(later.node);
      const before = new MovedSoFar();
      for (let a = 0; a < b; a++) {
        if (position[a]! < position[b]!) continue;
        const earlier = units[a]!;
        if (!earlierOf[a]) {
          const ea = earlierEffects(earlier.node);
          earlierOf[a] = { effects: ea, effectful: effectful(earlier.node, ea) };
        }
        before.add(earlierOf[a]!.effects, earlier.line, earlierOf[a]!.effectful);
      }
      const conflict = before.conflict(e, hazardOf(later.statement, e, unsure));
      if (conflict) return { first: conflict.line, hoisted: later.line, why: conflict.why };
    }
    const binds = later.node === later.statement.node ? later.statement.binds : statementBindings(later.node);
    if (!staying || (!later.statement.hoisted && tracksUnsure(later.statement, unsure, effects))) {
      for (const n of binds) unsure.add(n);
    }
  }
  return undefined;
}

interface Unit {
  node: SgNode;
  statement: StatementPlan;
  line: number;
  text: string;
}

const normalize = (text: string): string =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .join('\n')
    .trim();

// The statements of the input in order: top-level ones, and those of each main guard's body.
function originalUnits(plan: ModulePlan): Unit[] {
  const units: Unit[] = [];
  for (const s of plan.statements) {
    if (s.verdict === 'guard') {
      for (const inner of s.node.field('consequence')?.namedChildren() ?? []) {
        if (inner.kind() !== 'comment') units.push({ node: inner, statement: s, line: inner.range().start.line + 1, text: normalize(inner.text()) });
      }
    } else {
      units.push({ node: s.node, statement: s, line: s.startLine + 1, text: normalize(s.node.text()) });
    }
  }
  return units;
}

// Where each input statement runs in the output, as a rank; undefined when one cannot be found
// (the check against lost statements reports that).
function outputPositions(units: Unit[], output: SgRoot, plan: ModulePlan): number[] | undefined {
  const bound = new Set(plan.statements.flatMap((s) => [...s.binds]));
  const top = topLevelStatements(output);
  const generated = new Map<string, SgNode>();
  for (const node of top) {
    const name = node.kind() === 'function_definition' ? node.field('name')?.text() : undefined;
    if (name !== undefined && !bound.has(name)) generated.set(name, node);
  }
  const order: string[] = [];
  const visit = (node: SgNode): void => {
    if (node.kind() === 'comment' || node.kind() === 'global_statement') return;
    const called = calledFunction(node);
    const body = called !== undefined ? generated.get(called)?.field('body') : undefined;
    if (body) for (const inner of body.namedChildren()) visit(inner);
    else order.push(normalize(node.text()));
  };
  for (const node of top) {
    const name = node.kind() === 'function_definition' ? node.field('name')?.text() : undefined;
    if (name !== undefined && generated.has(name)) continue;
    if (isMainGuard(node)) for (const inner of node.field('consequence')?.namedChildren() ?? []) visit(inner);
    else visit(node);
  }
  const slots = new Map<string, number[]>();
  order.forEach((text, rank) => {
    const list = slots.get(text);
    if (list) list.push(rank);
    else slots.set(text, [rank]);
  });
  const positions: number[] = [];
  for (const unit of units) {
    const rank = slots.get(unit.text)?.shift();
    if (rank === undefined) return undefined;
    positions.push(rank);
  }
  return positions;
}

// `main()` as a statement: the name of the function it calls.
function calledFunction(node: SgNode): string | undefined {
  const expr = node.kind() === 'expression_statement' ? node.child(0) : null;
  if (expr?.kind() !== 'call') return undefined;
  const fn = expr.field('function');
  const args = expr.field('arguments');
  return fn?.kind() === 'identifier' && args?.namedChildren().length === 0 ? fn.text() : undefined;
}

/**
 * A definition or import that binds again a name moved code before it reads or binds (`train =
 * [...]` read by a loop, then `def train():`) cannot be hoisted above that code: the moved code
 * would see the new value, or a name it raised a NameError for would exist. It moves too, in its
 * place. One that an importer or a keep marker holds at module level stays, and the rewrite is
 * refused. Returns the statements it moved.
 */
export function moveRebindingDefinitions(root: SgRoot, plan: ModulePlan): StatementPlan[] {
  const statements = plan.statements;
  const firstMoved = statements.findIndex((s) => s.verdict === 'move');
  if (firstMoved === -1) return [];
  const later = statements.slice(firstMoved + 1).filter((s) => s.verdict === 'stay' && s.hoisted && !s.suppressed && !s.keptFor && !s.guardLike && s.binds.size > 0);
  if (later.length === 0) return [];
  const names = new Set(later.flatMap((s) => [...s.binds]));
  // The first moved statement that uses each name, by its index.
  const firstUse = new Map<string, number>();
  const use = (name: string, index: number) => {
    if ((firstUse.get(name) ?? Infinity) > index) firstUse.set(name, index);
  };
  const movedIndexes = new Set(statements.filter((s) => s.verdict === 'move').map((s) => s.index));
  for (const id of variableReferences(root.root(), nameFilter(names))) {
    const s = statementContaining(statements, id.range().start.index);
    if (s && movedIndexes.has(s.index)) use(id.text(), s.index);
  }
  for (const s of statements) if (movedIndexes.has(s.index)) for (const name of s.binds) if (names.has(name)) use(name, s.index);
  const moved: StatementPlan[] = [];
  for (const s of later) {
    for (const name of s.binds) {
      const user = firstUse.get(name);
      if (user === undefined || user > s.index) continue;
      s.verdict = 'move';
      s.hoisted = false;
      s.reason = `binds ${name} again, which line ${statements[user]!.startLine + 1} uses before it`;
      moved.push(s);
      break;
    }
  }
  return moved;
}
