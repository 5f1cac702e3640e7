import type { Rule, SgNode, SgRoot } from '@ast-grep/napi';

// Compiling a rule costs far more than running a small one (~0.7 ms for a rule of a dozen relations
// against ~10 µs for a kind test), so this module asks ast-grep only cheap questions — a kind, a name
// regex — and settles the position of the few identifiers it gets back in JS.

/** Inside a function body or a lambda: runs when called, not when defined. */
export const CALL_TIME: Rule = {
  any: [{ inside: { kind: 'function_definition', field: 'body', stopBy: 'end' } }, { inside: { kind: 'lambda', stopBy: 'end' } }],
};

// Identifiers that name an attribute or a keyword argument are not variable references.
const NOT_A_VARIABLE: Rule = {
  any: [{ inside: { kind: 'attribute', field: 'attribute' } }, { inside: { kind: 'keyword_argument', field: 'name' } }],
};

/** Comprehensions: each has its own scope for the names its `for` clauses bind. */
export const COMPREHENSION_KINDS: ReadonlySet<string> = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const CLAUSE_KINDS = new Set(['block', 'else_clause', 'elif_clause', 'except_clause', 'except_group_clause', 'finally_clause', 'case_clause']);
const COMPOUND_KINDS = new Set(['if_statement', 'try_statement', 'for_statement', 'while_statement', 'with_statement', 'match_statement']);
/** Nodes that group the targets of an assignment, a loop or a `del`. */
export const TARGET_CONTAINERS: ReadonlySet<string> = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'parenthesized_expression', 'tuple', 'list', 'expression_list']);
const kindOf = (node: SgNode): string => String(node.kind());
/** Whether two nodes are the same node of the tree (`a` may be a missing field). */
export const sameNode = (a: SgNode | null | undefined, b: SgNode): boolean => a !== null && a !== undefined && a.id() === b.id();

/**
 * A set of names for a search: as an anchored regex, so that Rust filters identifiers before they
 * cross into JS, or — for a set too large for a regex to compile quickly (a generated module with
 * many thousands of names) — without one, the identifiers then filtered in JS.
 */
export interface NameFilter {
  names: ReadonlySet<string>;
  regex: string | undefined;
  empty: boolean;
}

// Past this many names an alternation compiles slowly, and far past it beyond the regex engine's
// size limit; filtering every identifier in JS is then the cheaper way.
const MAX_REGEX_NAMES = 500;

/** Builds a filter matching exactly the given names. */
export function nameFilter(names: Iterable<string>): NameFilter {
  const set = new Set(names);
  const regex = set.size <= MAX_REGEX_NAMES ? `^(?:${[...set].join('|')})$` : undefined;
  return { names: set, regex, empty: set.size === 0 };
}

/** Identifiers under `node` (optionally only those matching `extra`) whose name is in the filter. */
function identifiersIn(node: SgNode, filter: NameFilter, extra: Rule[] = []): SgNode[] {
  if (filter.empty) return [];
  const found = node.findAll({ rule: { all: [{ kind: 'identifier' }, ...(filter.regex ? [{ regex: filter.regex }] : []), ...extra] } });
  return filter.regex ? found : found.filter((id) => filter.names.has(id.text()));
}

/** Identifiers referring to a variable anywhere in a node, nested scopes included, optionally only some names. */
export function variableReferences(node: SgNode, only?: NameFilter): SgNode[] {
  if (only) return identifiersIn(node, only, [{ not: NOT_A_VARIABLE }]);
  return node.findAll({ rule: { all: [{ kind: 'identifier' }, { not: NOT_A_VARIABLE }] } });
}

/** Every name that refers to a variable anywhere in a node, nested scopes included. */
export function allNames(node: SgNode, only?: NameFilter): Set<string> {
  return new Set(variableReferences(node, only).map((id) => id.text()));
}

/** Names listed in `global` statements anywhere under a node. */
export function globalStatementNames(node: SgNode): Set<string> {
  const names = new Set<string>();
  for (const statement of node.findAll({ rule: { kind: 'global_statement' } })) {
    for (const id of statement.namedChildren()) if (id.kind() === 'identifier') names.add(id.text());
  }
  return names;
}

/**
 * Names a top-level statement binds in module scope: assignment, loop, `with` and `except` targets,
 * walruses, imports, def/class names, `del`. Descends into blocks statement by statement, so that
 * function bodies are never searched.
 */
export function statementBindings(node: SgNode, into: Set<string> = new Set()): Set<string> {
  const kind = kindOf(node);
  switch (kind) {
    case 'function_definition':
    case 'class_definition': {
      const name = node.field('name');
      if (name) into.add(name.text());
      return into;
    }
    case 'decorated_definition': {
      const definition = node.field('definition');
      if (definition) statementBindings(definition, into);
      return into;
    }
    case 'import_statement':
    case 'import_from_statement':
      for (const name of importedNames(node)) into.add(name);
      return into;
    case 'future_import_statement':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'pass_statement':
    case 'comment':
      return into;
    case 'delete_statement':
      // `del a, (b), [c]`: names only; `del a.b` and `del a[0]` unbind nothing.
      for (const child of node.namedChildren()) addTargetNames(child, into);
      return into;
    case 'type_alias_statement': {
      const left = node.field('left');
      const id = left?.find({ rule: { kind: 'identifier' } });
      if (id) into.add(id.text());
      return into;
    }
    case 'expression_statement':
      for (const child of node.namedChildren()) addAssignmentTargets(child, into);
      addWalrusNames(node, into);
      return into;
  }
  if (COMPOUND_KINDS.has(kind) || CLAUSE_KINDS.has(kind)) {
    for (const child of node.children()) {
      if (!child.isNamed()) continue;
      const childKind = kindOf(child);
      if (childKind === 'comment') continue;
      if (CLAUSE_KINDS.has(childKind) || COMPOUND_KINDS.has(childKind) || /statement|definition/.test(childKind)) {
        statementBindings(child, into);
      } else if (kind === 'for_statement' && sameNode(node.field('left'), child)) {
        addTargetNames(child, into);
      } else if (childKind === 'with_clause' || childKind === 'as_pattern') {
        for (const target of child.findAll({ rule: { kind: 'as_pattern_target' } })) addTargetNames(target, into);
        addWalrusNames(child, into);
      } else if (childKind === 'case_pattern') {
        for (const id of child.findAll({ rule: { kind: 'identifier' } })) into.add(id.text());
      } else if (kind === 'except_clause' && childKind === 'identifier' && child.prev()?.kind() === ',') {
        into.add(child.text()); // Python 2: `except (A, B), e:`
      } else {
        addWalrusNames(child, into);
      }
    }
    return into;
  }
  addWalrusNames(node, into);
  return into;
}

function addAssignmentTargets(expr: SgNode, into: Set<string>): void {
  let node: SgNode | null = expr;
  while (node && (node.kind() === 'assignment' || node.kind() === 'augmented_assignment')) {
    const left = node.field('left');
    if (left) addTargetNames(left, into);
    node = node.field('right');
  }
}

function addTargetNames(target: SgNode, into: Set<string>): void {
  const kind = kindOf(target);
  if (kind === 'identifier') into.add(target.text());
  else if (TARGET_CONTAINERS.has(kind) || kind === 'as_pattern_target') {
    for (const child of target.namedChildren()) addTargetNames(child, into);
  }
}

function addWalrusNames(node: SgNode, into: Set<string>): void {
  if (!node.text().includes(':=')) return;
  for (const walrus of node.findAll({ rule: { kind: 'named_expression' } })) {
    const name = walrus.field('name');
    if (name) into.add(name.text());
  }
}

/** Names bound by an import statement (`import a.b` binds `a`; `from m import x as y` binds `y`). */
function importedNames(node: SgNode): string[] {
  const names: string[] = [];
  const moduleName = node.kind() === 'import_from_statement' ? node.field('module_name') : null;
  for (const child of node.namedChildren()) {
    if (sameNode(moduleName, child)) continue;
    const kind = kindOf(child);
    if (kind === 'aliased_import') {
      const alias = child.field('alias');
      if (alias) names.push(alias.text());
    } else if (kind === 'dotted_name') {
      const first = child.child(0);
      if (first) names.push(first.text());
    }
  }
  return names;
}

/**
 * For each top-level statement, which of the given names it reads when it runs at module level:
 * outside function and lambda bodies, not as a target, parameter name or comprehension variable.
 * One search over the module for those names; each hit's position is checked in JS.
 */
export function definitionTimeReadsByStatement(root: SgRoot, names: Set<string>, statementAt: (offset: number) => { index: number; node: SgNode } | undefined): Map<number, Set<string>> {
  const reads = new Map<number, Set<string>>();
  if (names.size === 0) return reads;
  for (const id of identifiersIn(root.root(), nameFilter(names))) {
    const statement = statementAt(id.range().start.index);
    if (!statement || !isReadAtDefinition(id, statement.node)) continue;
    const set = reads.get(statement.index);
    if (set) set.add(id.text());
    else reads.set(statement.index, new Set([id.text()]));
  }
  return reads;
}

/** Whether an identifier is read (not bound, not a name of something else) when `statement` around it runs. */
export function isReadAtDefinition(id: SgNode, statement: SgNode): boolean {
  const parent = id.parent();
  if (!parent) return false;
  const parentKind = kindOf(parent);
  switch (parentKind) {
    case 'attribute':
      if (sameNode(parent.field('attribute'), id)) return false;
      break;
    case 'keyword_argument':
    case 'default_parameter':
    case 'typed_default_parameter':
      if (sameNode(parent.field('name'), id)) return false;
      break;
    case 'assignment':
    case 'augmented_assignment':
      // `x += 1` reads x, but the name is bound here: what it needs is its own earlier binding
      // (when it runs at definition time: inside a function body it is the function's own).
      if (sameNode(parent.field('left'), id) && parentKind === 'assignment') return false;
      break;
    case 'for_statement':
    case 'for_in_clause':
      if (sameNode(parent.field('left'), id)) return false;
      break;
    case 'named_expression':
      if (sameNode(parent.field('name'), id)) return false;
      break;
    case 'function_definition':
    case 'class_definition':
      if (sameNode(parent.field('name'), id)) return false;
      break;
    case 'typed_parameter':
      if (parent.child(0)?.id() === id.id()) return false;
      break;
    case 'parameters':
    case 'lambda_parameters':
    case 'as_pattern_target':
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
    case 'aliased_import':
    case 'dotted_name':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'delete_statement':
      return false;
  }
  return runsWithStatement(id, statement);
}

/**
 * Whether a node inside a statement runs when the statement runs: not in a function or lambda
 * body (a lambda's default values do run), not a comprehension's own variable.
 */
export function runsWithStatement(node: SgNode, statement: SgNode): boolean {
  let child = node;
  const statementId = statement.id();
  for (const ancestor of node.ancestors()) {
    const kind = kindOf(ancestor);
    if (kind === 'lambda' && sameNode(ancestor.field('body'), child)) return false;
    if (kind === 'function_definition' && sameNode(ancestor.field('body'), child)) return false;
    if (COMPREHENSION_KINDS.has(kind) && isBoundByComprehension(ancestor, node.text())) return false;
    if (kind === 'module' || ancestor.id() === statementId) break;
    child = ancestor;
  }
  return true;
}

// `[x for x in xs]`: x belongs to the comprehension's own scope, whatever the module binds.
/** Whether a comprehension's own `for` clauses bind `name`. */
export function isBoundByComprehension(comprehension: SgNode, name: string): boolean {
  for (const clause of comprehension.namedChildren()) {
    if (clause.kind() !== 'for_in_clause') continue;
    const left = clause.field('left');
    if (!left) continue;
    const bound = new Set<string>();
    addTargetNames(left, bound);
    if (bound.has(name)) return true;
  }
  return false;
}

/**
 * Whether an identifier inside a function refers to one of that function's own variables (or an
 * enclosing function's): a parameter, or a name the body binds without a `global` statement.
 * Such a reference never sees a module variable, so it needs no `global` in main().
 */
export function isFunctionLocal(id: SgNode, cache: Map<number, Set<string>>): boolean {
  const name = id.text();
  if (isParameterName(id)) return true;
  let child = id;
  for (const ancestor of id.ancestors()) {
    const kind = kindOf(ancestor);
    if (kind === 'module') return false;
    if (kind === 'function_definition' && sameNode(ancestor.field('body'), child)) {
      let locals = cache.get(ancestor.id());
      if (!locals) cache.set(ancestor.id(), (locals = functionLocals(ancestor)));
      if (locals.has(name)) return true;
    }
    if (kind === 'lambda' && lambdaParameters(ancestor).has(name)) return true;
    child = ancestor;
  }
  return false;
}

/** Whether an identifier names a parameter of a function or lambda. */
export function isParameterName(id: SgNode): boolean {
  const parent = id.parent();
  if (!parent) return false;
  const kind = kindOf(parent);
  if (kind === 'parameters' || kind === 'lambda_parameters') return true;
  if (kind === 'default_parameter' || kind === 'typed_default_parameter') return sameNode(parent.field('name'), id);
  if (kind === 'typed_parameter') return parent.child(0)?.id() === id.id();
  if (kind === 'list_splat_pattern' || kind === 'dictionary_splat_pattern') {
    const grand = parent.parent();
    return grand !== null && /parameters|typed_parameter/.test(kindOf(grand));
  }
  return false;
}

function functionLocals(fn: SgNode): Set<string> {
  const locals = new Set<string>();
  const parameters = fn.field('parameters');
  if (parameters) for (const name of parameterNames(parameters)) locals.add(name);
  const body = fn.field('body');
  if (!body) return locals;
  for (const statement of body.namedChildren()) statementBindings(statement, locals);
  for (const name of globalStatementNames(body)) locals.delete(name);
  return locals;
}

function lambdaParameters(lambda: SgNode): Set<string> {
  const parameters = lambda.field('parameters');
  return new Set(parameters ? parameterNames(parameters) : []);
}

function parameterNames(parameters: SgNode): string[] {
  const names: string[] = [];
  for (const parameter of parameters.namedChildren()) {
    const kind = kindOf(parameter);
    if (kind === 'identifier') names.push(parameter.text());
    else if (kind === 'default_parameter' || kind === 'typed_default_parameter') {
      const name = parameter.field('name');
      if (name) names.push(name.text());
    } else {
      const id = kind === 'typed_parameter' || kind.endsWith('splat_pattern') ? parameter.find({ rule: { kind: 'identifier' } }) : null;
      if (id) names.push(id.text());
    }
  }
  return names;
}
