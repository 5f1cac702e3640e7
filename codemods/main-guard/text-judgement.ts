// The judgement of a module read from its text alone, where the pre-scan's reading settles it
// exactly as the analysis would: a module of definitions, a script already behind its guard, a
// library whose import-time code is set-up, a settings module. Such a module has nothing to report
// or rewrite and is never parsed. Where the text leaves any doubt, the answer is "parse it".
import { KEEP_COMMENT, PROCESS_MODULES, PROCESS_STARTERS } from './analyze.js';
import type { Importer } from './importers.js';
import { DEFINITIONS_ONLY, definedFunctionNames, ENTRY_POINT, GUARDED_SCRIPT, libraryFor, type ModuleJudgement, SET_UP_LIBRARY, SETTINGS_MODULE } from './judge.js';
import { calleesIn, callsIn, certainlyMoves, firstLevelText, type ModuleScan, type UnprovenStatement } from './prescan.js';
import { SCRIPT_DOTTED_CALLS, SCRIPT_FUNCTIONS, SCRIPT_METHODS } from './script-calls.js';
import { isSetUpMethod, isSetUpName } from './setup-calls.js';

// How an import renames a callee that starts processes (analyze.ts's processStartAliases).
const PROCESS_ALIAS = new RegExp(`\\b(?:${PROCESS_STARTERS.join('|')})\\s+as\\s+(\\w+)`, 'g');

/**
 * The analysis's judgement of a module that has nothing to report or rewrite, from the pre-scan's
 * reading of it; undefined when only the parser can tell.
 */
export function judgeFromText(source: string, scan: ModuleScan, importers: Importer[] | undefined, keep: readonly string[] | undefined): ModuleJudgement | undefined {
  if (scan.unproven.length === 0) return scan.guards > 0 ? GUARDED_SCRIPT : { kind: 'definitions', why: DEFINITIONS_ONLY };
  // A keep comment or pattern can keep the code that would move.
  if ((keep !== undefined && keep.length > 0) || KEEP_COMMENT.test(source)) return undefined;
  // With nothing certain to move, the module may be definitions only, or a guarded script.
  if (!scan.unproven.some((s) => certainlyMoves(s.shape))) return undefined;
  const defined = definedFunctionNames(source);
  if (defined === undefined) return undefined;
  const starters = PROCESS_MODULES.test(source) ? new Set([...PROCESS_STARTERS, ...Array.from(source.matchAll(PROCESS_ALIAS), (m) => m[1]!)]) : undefined;
  let words: boolean | undefined;
  // Whether the module's own function `name` may make a script call whenever it runs: a word of
  // one in the first level of its body. Only a module-level `def` is its own; for one the scan
  // did not prove to stay (or a class of that name), any word of the module counts.
  const mayCallScript = (name: string): boolean => {
    const spans = scan.functions.get(name);
    if (spans) return spans.some((span) => SCRIPT_WORDS.test(firstLevelText(source, span)));
    return scan.callables.has(name) && (words ??= SCRIPT_WORDS.test(source));
  };
  if (scan.unproven.some((s) => mayDoScriptWork(s, defined, starters, mayCallScript))) return undefined;
  if (importers !== undefined && importers.length > 0) return libraryFor(importers);
  if (scan.unproven.every((s) => s.shape === 'assignment' || s.shape === 'assignment-moves')) return SETTINGS_MODULE;
  // Code that moves, not all of it assignments, and every call of it set-up: a library nobody imports.
  if (scan.unproven.some((s) => s.shape === 'moves') && scan.unproven.every((s) => s.shape !== 'unknown' && isSetUpOnly(s, scan))) return SET_UP_LIBRARY;
  return undefined;
}

// Words of statements that do a script's work whatever they call (judge.ts's WORK_KINDS).
const WORK_WORDS = new Set(['while', 'with', 'raise', 'exec', 'print']);

/**
 * Whether every call of a statement is set-up by the rules the analysis applies to a module
 * nobody imports (setup-calls.ts), and it holds no statement that is work in itself: true is certain, false means
 * "parse it". The module's own names are a subset of the analysis's, so a call of a name the scan
 * did not see defined counts as work.
 */
function isSetUpOnly(statement: UnprovenStatement, scan: ModuleScan): boolean {
  if (statement.tokens.some((t) => t.type === 'name' && WORK_WORDS.has(t.text))) return false;
  const assignment = statement.shape === 'assignment' || statement.shape === 'assignment-moves';
  return calleesIn(statement.tokens).every((callee) => callee !== undefined && isSetUpCallee(callee, assignment, scan));
}

function isSetUpCallee(callee: string, inAssignment: boolean, scan: ModuleScan): boolean {
  const parts = callee.split('.');
  if (parts.length === 1) return isSetUpName(callee, scan, () => inAssignment);
  return isSetUpMethod(callee, parts.at(-1)!, parts[0], scan);
}

// Every word of a script call judge.ts may find anywhere in a module, in a function body too.
const SCRIPT_WORDS = new RegExp(`\\b(?:${[...SCRIPT_FUNCTIONS, ...SCRIPT_METHODS, 'argv', 'write', 'writelines'].join('|')})\\b`);

/**
 * Whether a statement may hold what judge.ts counts as a library's script work (print, input, argv,
 * exit, its own entry point, a call of its own function that makes a script call...) or a process
 * start: false is certain, true means "parse it". `mayCallScript`: whether a function of the
 * module may make a script call.
 */
function mayDoScriptWork(statement: UnprovenStatement, defined: Set<string>, starters: Set<string> | undefined, mayCallScript: (name: string) => boolean): boolean {
  for (const token of statement.tokens) {
    // Calls inside an f-string are code the tokens do not show.
    if (token.type === 'fstring') return true;
    if (token.type === 'name' && (token.text === 'print' || token.text === 'argv' || starters?.has(token.text))) return true;
  }
  // A call of its own function inside an assignment is set-up whatever the function does.
  const assignment = statement.shape === 'assignment' || statement.shape === 'assignment-moves';
  return callsIn(statement.tokens).some((call) =>
    call.method
      ? SCRIPT_METHODS.includes(call.name) || SCRIPT_DOTTED_CALLS.includes(call.dotted)
      : SCRIPT_FUNCTIONS.includes(call.name) || (defined.has(call.name) && (ENTRY_POINT.test(call.name) || (!assignment && mayCallScript(call.name)))),
  );
}
