import type { SgNode } from '@ast-grep/napi';
import { dottedName, GENERIC_ALIAS_BASES, PURE_FACTORIES } from './classify.js';
import { COMPREHENSION_KINDS, isBoundByComprehension, isFunctionLocal, isParameterName, runsWithStatement, sameNode, statementBindings, TARGET_CONTAINERS, variableReferences } from './names.js';

// What a statement does to module-level names, for keeping the order of effects when a rewrite
// hoists one statement above another. Conservative on purpose: a call of anything not known to be
// harmless may change the objects it is handed.

/** What one statement does to module-level names and whether it can fail, as it runs at module level. */
export interface Effects {
  /** Names whose value it reads. */
  reads: Set<string>;
  /**
   * Names it binds, or whose object it may change: an item or attribute assignment, a method call
   * on it, passing it to a call that may change its arguments.
   */
  writes: Set<string>;
  /** The module's own functions and classes it calls or makes objects of: their bodies run too. */
  calls: Set<string>;
  /** Names it reads in the arguments of allow-listed factory calls: it fails if one holds a bad value. */
  factoryArguments: Set<string>;
  /** It can raise whatever the names hold: a call that is not an allow-listed factory, a subscript. */
  mayRaise: boolean;
}

/** What the effects of a statement depend on in the rest of the module. */
export interface EffectContext {
  /** Names bound by imports, `def` and `class` only: handing them to a call does not change them. */
  definitions: ReadonlySet<string>;
  /** The module's own functions and classes, by name. */
  callables: ReadonlySet<string>;
  /** Names only ever bound to numbers, strings, tuples of them and the like: no call can change them. */
  immutable: ReadonlySet<string>;
}

const IMMUTABLE_KINDS = new Set([
  'integer',
  'float',
  'true',
  'false',
  'none',
  'ellipsis',
  'string',
  'concatenated_string',
  'tuple',
  'parenthesized_expression',
  'unary_operator',
  'binary_operator',
  'comparison_operator',
  'not_operator',
  'boolean_operator',
  'conditional_expression',
  'expression_list',
]);

/** Whether a value is a number, a string, a tuple of such values, or an operation on them or on the given names. */
export function isImmutableValue(node: SgNode, immutable: ReadonlySet<string>): boolean {
  const kind = String(node.kind());
  if (kind === 'identifier') return immutable.has(node.text());
  if (!IMMUTABLE_KINDS.has(kind)) return false;
  if (kind === 'string' || kind === 'concatenated_string') return true;
  return node.namedChildren().every((child) => child.kind() === 'comment' || isImmutableValue(child, immutable));
}

// Builtins that only read their arguments (those that consume an iterator are left out).
const READ_ONLY_CALLS = new Set([
  'print',
  'len',
  'str',
  'repr',
  'ascii',
  'int',
  'float',
  'complex',
  'bool',
  'bytes',
  'isinstance',
  'issubclass',
  'type',
  'id',
  'hash',
  'format',
  'abs',
  'round',
  'ord',
  'chr',
  'hex',
  'oct',
  'bin',
  'callable',
  'divmod',
  'pow',
  'hasattr',
  'getattr',
  'range',
]);

// Calls that do not fail whatever they are handed: they only look at it, or make a decorator.
const NEVER_FAIL = new Set(['hasattr', 'callable', 'id', 'unittest.skipUnless', 'unittest.skipIf', 'unittest.skip', 'skipUnless', 'skipIf']);

/** How an identifier is used where it stands. */
type Role = 'bind' | 'mutate' | 'receiver' | 'argument' | 'callee' | 'read' | 'local';

/** The nodes of a statement its effects are read from, found by the caller or searched for here. */
export interface StatementNodes {
  /** Identifiers that refer to variables (optionally only those of some names). */
  ids: SgNode[];
  /** Calls and subscripts. */
  risky: SgNode[];
}

/** Calls and subscripts: what can fail when a statement runs. */
export const RISKY = { rule: { any: [{ kind: 'call' }, { kind: 'subscript' }] } };

/** Searches a node for the identifiers and the calls and subscripts its effects are read from. */
export function collectNodes(node: SgNode): StatementNodes {
  return { ids: variableReferences(node), risky: node.findAll(RISKY) };
}

/**
 * The effects of a top-level statement (a def or class: of defining it; see `bodyEffects` for
 * calling it). With `nodes` limited to some names, only the effects on those names are read.
 */
export function statementEffects(statement: SgNode, context: EffectContext, nodes: StatementNodes = collectNodes(statement)): Effects {
  const effects: Effects = { reads: new Set(), writes: new Set(), calls: new Set(), factoryArguments: new Set(), mayRaise: false };
  const kind = String(statement.kind());
  for (const name of statementBindings(statement)) effects.writes.add(name);
  if (kind === 'import_statement' || kind === 'import_from_statement' || kind === 'future_import_statement') return effects;
  for (const id of nodes.ids) {
    if (!runsWithStatement(id, statement)) continue;
    addUse(effects, id, context);
  }
  effects.mayRaise = mayRaiseAtModuleLevel(statement, context, nodes, effects.factoryArguments);
  return effects;
}

/**
 * What calling one of the module's functions, or making an object of one of its classes, does to
 * module-level names: the module names its body reads, and those it rebinds (`global`) or may change.
 */
export function bodyEffects(definition: SgNode, context: EffectContext, ids?: SgNode[]): Effects {
  const effects: Effects = { reads: new Set(), writes: new Set(), calls: new Set(), factoryArguments: new Set(), mayRaise: true };
  const locals = new Map<number, Set<string>>();
  const inner = definition.kind() === 'decorated_definition' ? (definition.field('definition') ?? definition) : definition;
  const body = inner.field('body');
  if (!body) return effects;
  const start = body.range().start.index;
  const end = body.range().end.index;
  for (const id of ids ?? variableReferences(body)) {
    const at = id.range().start.index;
    if (at < start || at >= end) continue;
    if (isFunctionLocal(id, locals) || boundByComprehension(id, body)) continue;
    const role = roleOf(id);
    // A class body's own bindings are class attributes, not module names.
    if (role === 'bind' && !insideFunction(id, body)) continue;
    addUse(effects, id, context, role);
  }
  return effects;
}

function addUse(effects: Effects, id: SgNode, context: EffectContext, role: Role = roleOf(id)): void {
  const name = id.text();
  switch (role) {
    case 'local':
      return;
    case 'bind':
      effects.writes.add(name);
      if (id.parent()?.kind() === 'augmented_assignment') effects.reads.add(name);
      return;
    case 'mutate':
      effects.reads.add(name);
      effects.writes.add(name);
      return;
    case 'receiver':
    case 'argument': {
      effects.reads.add(name);
      if (context.callables.has(name) && role === 'receiver') effects.calls.add(name);
      if (!context.definitions.has(name) && !context.immutable.has(name) && !readOnlyCall(enclosingCall(id, role))) effects.writes.add(name);
      return;
    }
    case 'callee':
      effects.reads.add(name);
      if (context.callables.has(name)) effects.calls.add(name);
      return;
    case 'read':
      effects.reads.add(name);
  }
}

function insideFunction(id: SgNode, within: SgNode): boolean {
  const withinId = within.id();
  for (const ancestor of id.ancestors()) {
    if (ancestor.id() === withinId) return false;
    if (ancestor.kind() === 'function_definition' || ancestor.kind() === 'lambda') return true;
  }
  return false;
}

function boundByComprehension(id: SgNode, within: SgNode): boolean {
  const withinId = within.id();
  for (const ancestor of id.ancestors()) {
    if (ancestor.id() === withinId) return false;
    if (COMPREHENSION_KINDS.has(String(ancestor.kind())) && isBoundByComprehension(ancestor, id.text())) return true;
  }
  return false;
}

function roleOf(id: SgNode): Role {
  const parent = id.parent();
  if (!parent) return 'read';
  const parentKind = String(parent.kind());
  if (isParameterName(id) || parentKind === 'global_statement' || parentKind === 'nonlocal_statement') return 'local';
  if ((parentKind === 'function_definition' || parentKind === 'class_definition') && sameNode(parent.field('name'), id)) return 'bind';
  if (parentKind === 'named_expression' && sameNode(parent.field('name'), id)) return 'bind';
  if (parentKind === 'aliased_import') return sameNode(parent.field('alias'), id) ? 'bind' : 'local';
  if (parentKind === 'dotted_name') return importedBinding(id, parent) ? 'bind' : 'local';
  if (isTarget(id)) return 'bind';
  // The root of `a.b[c]`: changed when the chain is assigned to or deleted, or a method is called on it.
  let top = id;
  for (let up = top.parent(); up; up = top.parent()) {
    const kind = up.kind();
    if ((kind === 'attribute' && sameNode(up.field('object'), top)) || (kind === 'subscript' && sameNode(up.field('value'), top))) top = up;
    else break;
  }
  const above = top.parent();
  if (top !== id) {
    if (isTarget(top)) return 'mutate';
    if (above?.kind() === 'call' && sameNode(above.field('function'), top) && top.kind() === 'attribute') return 'receiver';
  } else if (above?.kind() === 'call' && sameNode(above.field('function'), id)) {
    return 'callee';
  }
  return enclosingCall(id, 'argument') ? 'argument' : 'read';
}

// `import a.b` binds a; `from m import x` binds x; neither binds m or b.
function importedBinding(id: SgNode, dotted: SgNode): boolean {
  if (dotted.child(0)?.id() !== id.id()) return false;
  const holder = dotted.parent();
  if (!holder) return false;
  if (holder.kind() === 'aliased_import') return false;
  if (holder.kind() === 'import_from_statement') return !sameNode(holder.field('module_name'), dotted);
  return holder.kind() === 'import_statement';
}

// Assigned to, looped over as a target, bound by `as`, or deleted.
function isTarget(node: SgNode): boolean {
  let child = node;
  for (let up = node.parent(); up; up = up.parent()) {
    const kind = String(up.kind());
    if (TARGET_CONTAINERS.has(kind)) {
      child = up;
      continue;
    }
    if (kind === 'assignment' || kind === 'augmented_assignment' || kind === 'for_statement' || kind === 'for_in_clause') {
      return sameNode(up.field('left'), child);
    }
    return kind === 'as_pattern_target' || kind === 'delete_statement';
  }
  return false;
}

// The innermost call whose arguments hold the node (for a receiver, the call of its method).
function enclosingCall(id: SgNode, role: Role): SgNode | undefined {
  let child = id;
  for (const ancestor of id.ancestors()) {
    const kind = ancestor.kind();
    if (kind === 'call') {
      if (role === 'receiver' || sameNode(ancestor.field('arguments'), child)) return ancestor;
    }
    if (kind === 'lambda' || kind === 'function_definition' || String(kind).endsWith('statement')) return undefined;
    child = ancestor;
  }
  return undefined;
}

function readOnlyCall(call: SgNode | undefined): boolean {
  const fn = call?.field('function');
  const name = fn ? dottedName(fn) : undefined;
  return name !== undefined && (READ_ONLY_CALLS.has(name) || PURE_FACTORIES.has(name));
}

/**
 * Whether running the statement at module level can raise: a call that is not an allow-listed
 * factory, or a subscript that is not a type (`List[int]`). The names read in factory arguments are
 * collected: the factory fails if one of them holds a bad value (`os.path.join(None, "x")`).
 */
function mayRaiseAtModuleLevel(statement: SgNode, context: EffectContext, nodes: StatementNodes, factoryArguments: Set<string>): boolean {
  for (const node of nodes.risky) {
    if (!runsWithStatement(node, statement)) continue;
    if (node.kind() === 'subscript') {
      if (!isTypeSubscript(node, context)) return true;
      continue;
    }
    const fn = node.field('function');
    const name = fn ? dottedName(fn) : undefined;
    if (name !== undefined && NEVER_FAIL.has(name)) continue;
    if (name === undefined || !PURE_FACTORIES.has(name)) return true;
    const args = node.field('arguments');
    if (!args) continue;
    const { start, end } = args.range();
    for (const id of nodes.ids) {
      const at = id.range().start.index;
      if (at >= start.index && at < end.index && runsWithStatement(id, statement)) factoryArguments.add(id.text());
    }
  }
  return false;
}

// `List[int]`, `typing.Optional[str]`, `dict[str, int]`: a type, which does not fail.
function isTypeSubscript(node: SgNode, context: EffectContext): boolean {
  const value = node.field('value');
  const name = value ? dottedName(value) : undefined;
  if (name === undefined) return false;
  const last = name.split('.').pop()!;
  if (GENERIC_ALIAS_BASES.has(name)) return true;
  const root = name.split('.')[0]!;
  return /^[A-Z]/.test(last) && context.definitions.has(root);
}
