// Functions handed to multiprocessing run in worker processes, which under spawn and forkserver
// import the main module instead of running it: the globals they read must be bound on import.
import type { ReportEntry } from '../../src/codemod.js';
import type { ModulePlan, StatementPlan } from './analyze.js';
import { dottedName } from './classify.js';
import { isFunctionLocal, nameFilter, variableReferences } from './names.js';

const MP_HANDOFF = /(?:^|\.)(?:map|imap|imap_unordered|starmap|map_async|starmap_async|apply|apply_async|submit)$/;

/** Warns about functions handed to multiprocessing that read a global main() now binds: spawned workers will not see it. */
export function warnAboutWorkers(plan: ModulePlan, movedBinds: Set<string>, entries: ReportEntry[]): void {
  const statements = plan.statements;
  const stayingBinds = new Set(statements.filter((s) => s.verdict === 'stay').flatMap((s) => [...s.binds]));
  const onlyInMain = new Set([...movedBinds].filter((n) => !stayingBinds.has(n)));
  if (onlyInMain.size === 0 || plan.processStarts.length === 0) return;
  const functions = new Map<string, StatementPlan>();
  for (const s of statements) {
    if (s.verdict === 'stay' && /definition/.test(s.kind)) for (const name of s.binds) functions.set(name, s);
  }
  const handed = new Set<string>();
  for (const s of statements) {
    if (s.verdict !== 'move' && s.verdict !== 'guard') continue;
    for (const call of s.node.findAll({ rule: { kind: 'call' } })) {
      const fn = call.field('function');
      const name = fn ? (dottedName(fn) ?? fn.text()) : '';
      const args = call.field('arguments')?.namedChildren() ?? [];
      if (/(?:^|\.)Process$/.test(name)) {
        for (const arg of args) {
          if (arg.kind() === 'keyword_argument' && arg.field('name')?.text() === 'target') {
            const value = arg.field('value');
            if (value?.kind() === 'identifier') handed.add(value.text());
          }
        }
      } else if (MP_HANDOFF.test(name) && args[0]?.kind() === 'identifier') {
        handed.add(args[0].text());
      }
    }
  }
  const localsCache = new Map<number, Set<string>>();
  for (const fname of handed) {
    const def = functions.get(fname);
    if (!def) continue;
    // Its parameters and locals are its own: only the module variables it reads matter.
    const globalReads = variableReferences(def.node, nameFilter(onlyInMain)).filter((id) => !isFunctionLocal(id, localsCache));
    const reads = [...new Set(globalReads.map((id) => id.text()))];
    if (reads.length > 0) {
      entries.push({
        kind: 'warning',
        message: `${fname} runs in worker processes and reads ${reads.join(', ')}, now set only when run as a script: under spawn and forkserver the workers will not see ${reads.length > 1 ? 'them' : 'it'}`,
        line: def.startLine + 1,
      });
    }
  }
}
