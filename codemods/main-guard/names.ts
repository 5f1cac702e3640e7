import type { Rule, SgNode } from '@ast-grep/napi';

// Identifiers that name an attribute or a keyword argument are not variable references.
const NOT_A_VARIABLE: Rule = {
  any: [
    { inside: { kind: 'attribute', field: 'attribute' } },
    { inside: { kind: 'keyword_argument', field: 'name' } },
  ],
};

// Code inside these runs later (or in its own scope), not when the enclosing statement runs.
const DEFERRED_SCOPE: Rule = {
  any: [
    { inside: { kind: 'function_definition', field: 'body', stopBy: 'end' } },
    { inside: { kind: 'class_definition', field: 'body', stopBy: 'end' } },
    { inside: { kind: 'lambda', stopBy: 'end' } },
    { inside: { kind: 'for_in_clause', field: 'left', stopBy: 'end' } },
  ],
};

/** Inside a function body or a lambda: runs when called, not when defined. */
export const CALL_TIME: Rule = {
  any: [
    { inside: { kind: 'function_definition', field: 'body', stopBy: 'end' } },
    { inside: { kind: 'lambda', stopBy: 'end' } },
  ],
};

// Positions where an identifier is bound, in the scope of the statement that holds it.
const BINDING_POSITION: Rule = {
  any: [
    { inside: { kind: 'assignment', field: 'left' } },
    { inside: { kind: 'augmented_assignment', field: 'left' } },
    { inside: { kind: 'for_statement', field: 'left' } },
    { inside: { kind: 'named_expression', field: 'name' } },
    { inside: { kind: 'function_definition', field: 'name' } },
    { inside: { kind: 'class_definition', field: 'name' } },
    { inside: { kind: 'as_pattern_target', stopBy: 'end' } },
    { inside: { kind: 'case_pattern', stopBy: 'end' } },
    { inside: { kind: 'pattern_list' } },
    { inside: { kind: 'tuple_pattern' } },
    { inside: { kind: 'list_pattern' } },
    { inside: { kind: 'list_splat_pattern', not: { inside: { kind: 'parameters' } } } },
    { inside: { kind: 'delete_statement' } },
    { inside: { kind: 'expression_list', inside: { kind: 'delete_statement' } } },
    { inside: { kind: 'type_alias_statement', field: 'left', stopBy: 'end' } },
  ],
};

// Parameter names of a def: bound in the function, not read when it is defined.
const PARAMETER_NAME: Rule = {
  any: [
    { inside: { kind: 'parameters' } },
    { inside: { kind: 'default_parameter', field: 'name' } },
    { inside: { kind: 'typed_default_parameter', field: 'name' } },
    { inside: { kind: 'typed_parameter' }, not: { inside: { kind: 'typed_parameter', field: 'type', stopBy: 'end' } } },
    { inside: { kind: 'list_splat_pattern', inside: { kind: 'parameters' } } },
    { inside: { kind: 'dictionary_splat_pattern', inside: { kind: 'parameters' } } },
    { inside: { kind: 'list_splat_pattern', inside: { kind: 'typed_parameter' } } },
    { inside: { kind: 'dictionary_splat_pattern', inside: { kind: 'typed_parameter' } } },
  ],
};

const COMPREHENSION_KINDS = ['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'];

/** Names a statement binds in its own scope: targets, loop and `with` variables, imports, nested def/class names, `del`. */
export function boundNames(stmt: SgNode): Set<string> {
  const names = new Set<string>();
  for (const id of stmt.findAll({ rule: { all: [{ kind: 'identifier' }, BINDING_POSITION, { not: DEFERRED_SCOPE }] } })) {
    names.add(id.text());
  }
  for (const node of stmt.findAll({
    rule: {
      any: [{ kind: 'import_statement' }, { kind: 'import_from_statement' }, { kind: 'except_clause' }],
      not: DEFERRED_SCOPE,
    },
  })) {
    for (const name of importedOrCaughtNames(node)) names.add(name);
  }
  return names;
}

/** Names bound by an import statement, or by a Python 2 `except E, name:` clause. */
function importedOrCaughtNames(node: SgNode): string[] {
  const kind = node.kind();
  const names: string[] = [];
  if (kind === 'except_clause') {
    // Python 2: `except (A, B), e:` binds the identifier after the comma.
    const children = node.children();
    const comma = children.findIndex((c) => c.kind() === ',');
    const target = comma >= 0 ? children[comma + 1] : undefined;
    if (target?.kind() === 'identifier') names.push(target.text());
    return names;
  }
  const moduleName = kind === 'import_from_statement' ? node.field('module_name') : null;
  for (const child of node.children()) {
    if (moduleName && child.id() === moduleName.id()) continue;
    const childKind = child.kind();
    if (childKind === 'aliased_import') {
      const alias = child.field('alias');
      if (alias) names.push(alias.text());
    } else if (childKind === 'dotted_name') {
      const first = child.child(0);
      // `import a.b` binds `a`; `from m import a` binds `a`.
      if (first) names.push(first.text());
    }
  }
  return names;
}

/** A set of names as an anchored regex, so that Rust filters identifiers before they cross into JS. */
export interface NameFilter {
  regex: string;
  empty: boolean;
}

/** Builds a filter matching exactly the given names. */
export function nameFilter(names: Iterable<string>): NameFilter {
  const list = [...names];
  return { regex: `^(?:${list.join('|')})$`, empty: list.length === 0 };
}

/** Identifiers referring to a variable anywhere in a node, nested scopes included, optionally only some names. */
export function variableReferences(node: SgNode, only?: NameFilter): SgNode[] {
  if (only?.empty) return [];
  return node.findAll({ rule: { all: [{ kind: 'identifier' }, ...(only ? [{ regex: only.regex }] : []), { not: NOT_A_VARIABLE }] } });
}

/** Every name that refers to a variable anywhere in a node, nested scopes included. */
export function allNames(node: SgNode, only?: NameFilter): Set<string> {
  return new Set(variableReferences(node, only).map((id) => id.text()));
}

/**
 * Identifiers a node reads when it runs at module level: everything outside function and lambda
 * bodies, minus binding positions, parameter names and comprehension variables.
 */
export function definitionTimeReferences(node: SgNode, only?: NameFilter): SgNode[] {
  if (only?.empty) return [];
  // `all` runs in order: the cheap kind and name tests filter before the relational ones walk ancestors.
  const candidates = node.findAll({
    rule: {
      all: [
        { kind: 'identifier' },
        ...(only ? [{ regex: only.regex }] : []),
        {
          not: {
            any: [
              NOT_A_VARIABLE,
              BINDING_POSITION,
              PARAMETER_NAME,
              CALL_TIME,
              { inside: { kind: 'aliased_import' } },
              { inside: { kind: 'dotted_name', stopBy: 'end', inside: { stopBy: 'end', any: [{ kind: 'import_statement' }, { kind: 'import_from_statement' }] } } },
              { inside: { kind: 'for_in_clause', field: 'left', stopBy: 'end' } },
            ],
          },
        },
      ],
    },
  });
  if (candidates.length === 0) return candidates;
  const comprehensionLocals = comprehensionScopes(node);
  if (comprehensionLocals.length === 0) return candidates;
  return candidates.filter((id) => {
    const name = id.text();
    const at = id.range().start.index;
    return !comprehensionLocals.some((c) => c.names.has(name) && at >= c.start && at < c.end);
  });
}

interface ComprehensionScope {
  start: number;
  end: number;
  names: Set<string>;
}

function comprehensionScopes(stmt: SgNode): ComprehensionScope[] {
  const scopes: ComprehensionScope[] = [];
  for (const comp of stmt.findAll({ rule: { any: COMPREHENSION_KINDS.map((kind) => ({ kind })) } })) {
    const names = new Set<string>();
    for (const id of comp.findAll({ rule: { kind: 'identifier', inside: { kind: 'for_in_clause', field: 'left', stopBy: 'end' } } })) {
      names.add(id.text());
    }
    const range = comp.range();
    scopes.push({ start: range.start.index, end: range.end.index, names });
  }
  return scopes;
}

/** Names listed in `global` statements anywhere under a node. */
export function globalStatementNames(node: SgNode): Set<string> {
  const names = new Set<string>();
  for (const id of node.findAll({ rule: { kind: 'identifier', inside: { kind: 'global_statement' } } })) names.add(id.text());
  return names;
}
