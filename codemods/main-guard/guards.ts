// Which `if` statements are main guards, and which only test `__name__` some other way.
import type { SgNode } from '@ast-grep/napi';

/**
 * Whether an `if` statement is a main guard: its condition is `__name__ == "__main__"` or
 * `__name__ in "__main__"` (or `("__main__",)`, `["__main__"]`, `{"__main__"}`), operands in either
 * order, either quotes, maybe in parentheses.
 */
export function isMainGuard(node: SgNode): boolean {
  if (node.kind() !== 'if_statement') return false;
  const condition = node.field('condition');
  return condition !== null && isMainTest(condition);
}

/**
 * Whether an `if` tests `__name__` (in its condition or an `elif`'s) without being a main guard:
 * `__name__ != "__main__"`, `__name__ == "__main__" and x`, `__name__.endswith(...)`.
 */
export function isGuardLike(node: SgNode): boolean {
  if (node.kind() !== 'if_statement' || !node.text().includes('__name__') || isMainGuard(node)) return false;
  const conditions = [node.field('condition'), ...node.children().flatMap((c) => (c.kind() === 'elif_clause' ? [c.field('condition')] : []))];
  return conditions.some((condition) => condition !== null && (isDunderName(condition) || condition.find(DUNDER_NAME) !== null));
}

const DUNDER_NAME = { rule: { kind: 'identifier', regex: '^__name__$', not: { inside: { kind: 'attribute', field: 'attribute' } } } } as const;

function isMainTest(condition: SgNode): boolean {
  const test = unparenthesized(condition);
  if (test.kind() !== 'comparison_operator') return false;
  const operands = test.namedChildren().filter((c) => c.kind() !== 'comment');
  if (operands.length !== 2) return false;
  const operator = test
    .children()
    .filter((c) => !c.isNamed())
    .map((c) => c.text())
    .join(' ');
  const [a, b] = operands.map(unparenthesized) as [SgNode, SgNode];
  if (operator === '==') return (isDunderName(a) && isMainString(b)) || (isMainString(a) && isDunderName(b));
  if (operator === 'in') return (isDunderName(a) && (isMainString(b) || isMainOnlyCollection(b))) || (isMainString(a) && isDunderName(b));
  return false;
}

function unparenthesized(node: SgNode): SgNode {
  let inner = node;
  while (inner.kind() === 'parenthesized_expression') {
    const only = inner.namedChildren().filter((c) => c.kind() !== 'comment');
    if (only.length !== 1) break;
    inner = only[0]!;
  }
  return inner;
}

const isDunderName = (node: SgNode): boolean => node.kind() === 'identifier' && node.text() === '__name__';

const MAIN_STRING = /^[uUrR]?('''|"""|'|")__main__\1$/;

const isMainString = (node: SgNode): boolean => node.kind() === 'string' && MAIN_STRING.test(node.text());

// `("__main__",)`, `["__main__"]`, `{"__main__"}`: one element, that string.
function isMainOnlyCollection(node: SgNode): boolean {
  const kind = node.kind();
  if (kind !== 'tuple' && kind !== 'list' && kind !== 'set') return false;
  const elements = node.namedChildren().filter((c) => c.kind() !== 'comment');
  return elements.length === 1 && isMainString(elements[0]!);
}
