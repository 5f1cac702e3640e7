// Which `if` statements are main guards.
import type { SgNode } from '@ast-grep/napi';

const MAIN_GUARD_CONDITION = /^\(?\s*(?:__name__\s*==\s*(['"])__main__\1|(['"])__main__\2\s*==\s*__name__)\s*\)?$/;

/** Whether an `if` statement is `if __name__ == "__main__":` (either quote style or operand order). */
export function isMainGuard(node: SgNode): boolean {
  if (node.kind() !== 'if_statement') return false;
  const condition = node.field('condition');
  return condition !== null && MAIN_GUARD_CONDITION.test(condition.text());
}
