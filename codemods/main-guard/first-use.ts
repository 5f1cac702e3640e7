// Whether a statement may read a name before it binds it, following the statement's blocks in the
// order they run. Inside main() such a read would find main()'s unbound local instead of the module
// variable (or builtin) it found at module level; a read after a sure binding finds the same value.
import type { SgNode } from '@ast-grep/napi';
import { isReadAtDefinition, statementBindings } from './names.js';

/** What running a piece of code does to a name first: reads it, surely binds it, or neither for sure. */
type Flow = 'read' | 'bound' | 'open';

const SURE_BINDERS: ReadonlySet<string> = new Set(['import_statement', 'import_from_statement', 'function_definition', 'class_definition', 'decorated_definition']);

/** Whether running `statement` may read `name` before it surely binds it. */
export function mayReadBeforeBinding(statement: SgNode, name: string): boolean {
  return flowOf(statement, name) === 'read';
}

function flowOf(node: SgNode, name: string): Flow {
  switch (node.kind()) {
    case 'if_statement':
      return ifFlow(node, name);
    case 'for_statement': {
      const left = node.field('left');
      if (reads(node.field('right'), name) || reads(left, name)) return 'read';
      // The target is bound before each run of the body; the `else` may run after no iteration at all.
      if (!mentions(left, name) && blockFlow(node.field('body'), name) === 'read') return 'read';
      return clauseFlow(node, 'else_clause', name) === 'read' ? 'read' : 'open';
    }
    case 'while_statement':
      if (reads(node.field('condition'), name) || blockFlow(node.field('body'), name) === 'read') return 'read';
      return clauseFlow(node, 'else_clause', name) === 'read' ? 'read' : 'open';
    case 'with_statement': {
      const clause = node.namedChildren().find((child) => child.kind() === 'with_clause') ?? null;
      if (reads(clause, name)) return 'read';
      if (mentions(clause, name)) return 'bound';
      // A context manager may swallow an exception raised before a binding in the body.
      return blockFlow(node.field('body'), name) === 'read' ? 'read' : 'open';
    }
    case 'try_statement':
      return tryFlow(node, name);
    case 'delete_statement':
      return reads(node, name) || statementBindings(node).has(name) ? 'read' : 'open';
  }
  if (reads(node, name)) return 'read';
  return surelyBinds(node, name) ? 'bound' : 'open';
}

function ifFlow(node: SgNode, name: string): Flow {
  if (reads(node.field('condition'), name)) return 'read';
  const branches = [blockFlow(node.field('consequence'), name)];
  let hasElse = false;
  for (const clause of node.namedChildren()) {
    if (clause.kind() === 'elif_clause') {
      if (reads(clause.field('condition'), name)) return 'read';
      branches.push(blockFlow(clause.field('consequence'), name));
    } else if (clause.kind() === 'else_clause') {
      hasElse = true;
      branches.push(blockFlow(clause.field('body'), name));
    }
  }
  if (branches.includes('read')) return 'read';
  return hasElse && branches.every((flow) => flow === 'bound') ? 'bound' : 'open';
}

function tryFlow(node: SgNode, name: string): Flow {
  const body = blockFlow(node.field('body'), name);
  if (body === 'read') return 'read';
  let handlers = false;
  for (const clause of node.namedChildren()) {
    const kind = clause.kind();
    if (kind === 'except_clause' || kind === 'except_group_clause') {
      // A handler may run before anything in the body did.
      handlers = true;
      const header = clause.namedChildren().filter((child) => child.kind() !== 'block');
      // Python 2's `except (A, B), e:` binds e.
      const target = (part: SgNode): boolean => part.kind() === 'identifier' && part.prev()?.kind() === ',';
      if (header.some((part) => !target(part) && reads(part, name))) return 'read';
      if (!header.some((part) => mentions(part, name)) && clauseBlockFlow(clause, name) === 'read') return 'read';
    } else if (kind === 'else_clause') {
      if (body !== 'bound' && clauseBlockFlow(clause, name) === 'read') return 'read';
    } else if (kind === 'finally_clause') {
      if (clauseBlockFlow(clause, name) === 'read') return 'read';
    }
  }
  return body === 'bound' && !handlers ? 'bound' : 'open';
}

function blockFlow(block: SgNode | null, name: string): Flow {
  for (const statement of block?.namedChildren() ?? []) {
    if (statement.kind() === 'comment') continue;
    const flow = flowOf(statement, name);
    if (flow !== 'open') return flow;
  }
  return 'open';
}

function clauseFlow(node: SgNode, kind: string, name: string): Flow {
  const clause = node.namedChildren().find((child) => child.kind() === kind);
  return clause ? clauseBlockFlow(clause, name) : 'open';
}

function clauseBlockFlow(clause: SgNode, name: string): Flow {
  return blockFlow(clause.namedChildren().find((child) => child.kind() === 'block') ?? null, name);
}

// Imports and definitions bind their names; an assignment `name = value` binds its targets (a
// walrus in the value may not run, so it does not count).
function surelyBinds(node: SgNode, name: string): boolean {
  if (SURE_BINDERS.has(String(node.kind()))) return statementBindings(node).has(name);
  if (node.kind() !== 'expression_statement') return false;
  let assignment: SgNode | null = node.namedChildren()[0] ?? null;
  while (assignment?.kind() === 'assignment') {
    if (mentions(assignment.field('left'), name)) return true;
    assignment = assignment.field('right');
  }
  return false;
}

/** Whether running `node` reads `name` (in code that runs with it: not in function or lambda bodies). */
function reads(node: SgNode | null, name: string): boolean {
  return identifiers(node, name).some((id) => isReadAtDefinition(id, node!));
}

/** Whether `name` appears in `node` as a variable, read or bound. */
function mentions(node: SgNode | null, name: string): boolean {
  return identifiers(node, name).length > 0;
}

function identifiers(node: SgNode | null, name: string): SgNode[] {
  if (!node) return [];
  const found = node.kind() === 'identifier' ? [node] : node.findAll({ rule: { kind: 'identifier', regex: `^${name}$` } });
  return found.filter((id) => id.text() === name && !isNameOfSomethingElse(id));
}

// `a.name` and `f(name=...)` use the text, not the variable.
function isNameOfSomethingElse(id: SgNode): boolean {
  const parent = id.parent();
  const kind = parent?.kind();
  return (kind === 'attribute' || kind === 'keyword_argument') && parent!.field(kind === 'attribute' ? 'attribute' : 'name')?.id() === id.id();
}
