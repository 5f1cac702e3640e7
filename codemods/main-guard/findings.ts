import type { SgRoot } from '@ast-grep/napi';
import type { Finding } from '../../src/codemod.js';
import { keepCommentLines, type ModulePlan } from './analyze.js';
import { isMainGuard } from './guards.js';
import { mayHaveNestedGuard } from './prescan.js';
import { linesLabel } from './rewrite.js';

/** The MG001–MG004 findings of an analysed module, in line order. */
export function moduleFindings(root: SgRoot, source: string, plan: ModulePlan): Finding[] {
  const findings: Finding[] = [];
  // Statements moved only to keep their place after other moved code (the order rule, a shared
  // line) do no work of their own: the finding names the code that does.
  const moved = plan.statements.filter((s) => s.verdict === 'move' && !s.forced);
  if (moved.length > 0 && !plan.leftAlone) {
    const first = moved[0]!;
    const count = moved.length === 1 ? '1 statement' : `${moved.length} statements`;
    findings.push({
      code: 'MG001',
      message: `code runs at import time, outside a main guard (${count}, ${linesLabel(moved)})`,
      line: first.startLine + 1,
      column: 1,
    });
  }
  for (const start of plan.processStarts) {
    findings.push({
      code: 'MG002',
      message: `${start.callee}() starts processes at import time: under spawn and forkserver every child re-runs it`,
      line: start.line,
      column: start.column,
    });
  }
  if (mayHaveNestedGuard(source)) {
    const nested = root.root().findAll({
      rule: {
        kind: 'if_statement',
        has: { field: 'condition', regex: '__main__' },
        inside: { stopBy: 'end', any: [{ kind: 'function_definition' }, { kind: 'class_definition' }] },
      },
    });
    const kept = keepCommentLines(root, source);
    for (const guard of nested) {
      if (!isMainGuard(guard) || kept.has(guard.range().start.line)) continue;
      const start = guard.range().start;
      findings.push({
        code: 'MG003',
        message: 'main guard inside a function or class body: it does not guard the module (left as it is)',
        line: start.line + 1,
        column: start.column + 1,
      });
    }
  }
  const [firstGuard, ...extra] = plan.guards.map((i) => plan.statements[i]!);
  for (const guard of extra) {
    findings.push({
      code: 'MG004',
      message: `another main guard (the first is on line ${firstGuard!.startLine + 1}); fix merges them`,
      line: guard.startLine + 1,
      column: 1,
    });
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}
