// Functions handed to multiprocessing run in worker processes, which under spawn and forkserver
// import the main module instead of running it: the globals they read must be bound on import.
import type { ReportEntry } from '../../src/codemod.js';
import type { ModulePlan, StatementPlan } from './analyze.js';
import { dottedName, isStaticExpression } from './classify.js';
import { allNames, globalStatementNames, isFunctionLocal, nameFilter, variableReferences } from './names.js';

const MP_HANDOFF = /(?:^|\.)(?:map|imap|imap_unordered|starmap|map_async|starmap_async|apply|apply_async|submit)$/;

/**
 * The globals that functions handed to multiprocessing read and that main() now binds. Where the
 * statement binding one is import-safe, it is returned, to run at module level too when the module
 * is imported rather than run (as spawned workers import it); for the others, a warning. `copies`
 * false (the moved code runs in an existing guard) warns about all of them.
 */
export function settleWorkerGlobals(plan: ModulePlan, movedBinds: Set<string>, entries: ReportEntry[], copies: boolean): StatementPlan[] {
  const statements = plan.statements;
  const stayingBinds = new Set(statements.filter((s) => s.verdict === 'stay').flatMap((s) => [...s.binds]));
  const onlyInMain = new Set([...movedBinds].filter((n) => !stayingBinds.has(n)));
  const copied = new Map<string, StatementPlan>();
  if (onlyInMain.size === 0 || plan.processStarts.length === 0) return [];
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
    const reads = [...new Set(globalReads.map((id) => id.text()))].filter((name) => {
      const copy = copies ? (copied.get(name) ?? importSafeBinding(plan, name, movedBinds)) : undefined;
      if (copy && !copied.has(name)) {
        copied.set(name, copy);
        entries.push({
          kind: 'note',
          message: `line ${copy.startLine + 1} also runs on import, behind if __name__ != "__main__": ${fname} runs in worker processes and reads ${name}, which workers started by spawn or forkserver get only from an import`,
          line: copy.startLine + 1,
        });
      }
      return copy === undefined;
    });
    if (reads.length > 0) {
      entries.push({
        kind: 'warning',
        message: `${fname} runs in worker processes and reads ${reads.join(', ')}, now set only when run as a script: under spawn and forkserver the workers will not see ${reads.length > 1 ? 'them' : 'it'}`,
        line: def.startLine + 1,
      });
    }
  }
  return [...new Set(copied.values())].sort((a, b) => a.index - b.index);
}

/**
 * The statement that binds `name`, if running it on import gives a worker the value the script's
 * process has when it starts the workers: the only binding of the name, a one-line `name = value`
 * with a static value (literals, operators, allow-listed factories) that reads nothing moved code
 * binds or changes, before any process starts.
 */
function importSafeBinding(plan: ModulePlan, name: string, movedBinds: Set<string>): StatementPlan | undefined {
  const binders = plan.statements.filter((s) => s.binds.has(name));
  const s = binders[0];
  if (binders.length !== 1 || !s || s.verdict !== 'move' || s.kind !== 'expression_statement' || s.startLine !== s.endLine) return undefined;
  const children = s.node.namedChildren();
  const assignment = children[0];
  if (children.length !== 1 || assignment?.kind() !== 'assignment' || assignment.field('type')) return undefined;
  const left = assignment.field('left');
  const value = assignment.field('right');
  if (left?.kind() !== 'identifier' || left.text() !== name || !value || value.kind() === 'assignment' || !isStaticExpression(value)) return undefined;
  if (plan.processStarts.some((start) => start.line <= s.startLine + 1)) return undefined;
  // A function that rebinds it (`global name`) could change it before the workers start.
  if (globalStatementNames(plan.statements[0]!.node.getRoot().root()).has(name)) return undefined;
  const reads = allNames(value);
  if ([...reads].some((n) => movedBinds.has(n))) return undefined;
  const effects = plan.effects;
  if (!effects) return undefined;
  for (const other of plan.statements) {
    if (other === s || other.verdict !== 'move') continue;
    if ([...effects.of(other.node).writes].some((n) => n === name || reads.has(n))) return undefined;
  }
  return s;
}
