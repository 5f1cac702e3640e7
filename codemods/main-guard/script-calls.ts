// What a script visibly does at import time and a library's set-up does not: print, read input or
// argv, exit, sleep, run a program, start processes, a server or an event loop, show a window or a
// plot. Kept as data and listed in the README. One list serves every question that asks it: whether
// a module the tree imports is a script after all (judge.ts), whether an `if` condition around
// definitions is script logic (classify.ts), and whether a statement an importer needs may stay at
// module level (analyze.ts).
import { escapeRegExp } from './text.js';

/** Functions called by their bare name. */
export const SCRIPT_FUNCTIONS: readonly string[] = ['print', 'input', 'raw_input', 'exit', 'quit', 'breakpoint', 'help', 'Process', 'Pool'];

/** Calls by their whole dotted name: output on the terminal's streams (a file's `write` is a library's own business). */
export const SCRIPT_DOTTED_CALLS: readonly string[] = ['sys.stdout.write', 'sys.stdout.writelines', 'sys.stderr.write', 'sys.stderr.writelines'];

/** Methods, whatever object they are called on. */
export const SCRIPT_METHODS: readonly string[] = [
  'exit',
  '_exit',
  'system',
  'sleep',
  'parse_args',
  'parse_known_args',
  'run',
  'main',
  'start',
  'serve_forever',
  'mainloop',
  'show',
  'savefig',
  'wait',
  'communicate',
  'call',
  'check_call',
  'check_output',
  'Popen',
  'Process',
  'Pool',
  'ProcessPoolExecutor',
  'run_until_complete',
  'run_forever',
  'testmod',
  'urlopen',
];

const METHOD_CALLEE = new RegExp(`\\.(?:${SCRIPT_METHODS.join('|')})$`);
const DOTTED = new Set(SCRIPT_DOTTED_CALLS);

/** A regex source matching a callee's text that is one of the methods or dotted calls (bare names are matched apart). */
export const SCRIPT_CALLEE_SOURCE = `\\.(?:${SCRIPT_METHODS.join('|')})$|^(?:${SCRIPT_DOTTED_CALLS.map(escapeRegExp).join('|')})$`;

/** Whether a callee's text (`sys.exit`, `server.serve_forever`, `sys.stdout.write`) is a method or dotted call of the list. */
export function isScriptCallee(callee: string): boolean {
  return METHOD_CALLEE.test(callee) || DOTTED.has(callee);
}

// A call of the list in code's text (bare names not after a dot), the Python 2 print statement, sys.argv.
const SCRIPT_WORK = new RegExp(
  `(?<![\\w.])(?:${SCRIPT_FUNCTIONS.join('|')})\\s*\\(|\\bprint\\s+[^\\s(=]|\\bsys\\.argv\\b|\\.(?:${SCRIPT_METHODS.join('|')})\\s*\\(|(?<![\\w.])(?:${SCRIPT_DOTTED_CALLS.map(escapeRegExp).join('|')})\\s*\\(`,
);

/** Whether a piece of code visibly does what a script does (its text: a condition, a statement). */
export function doesScriptWorkIn(text: string): boolean {
  return SCRIPT_WORK.test(text);
}
