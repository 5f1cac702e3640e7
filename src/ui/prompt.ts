import { createPrompt, isEnterKey, type KeypressEvent, useKeypress, useState } from '@inquirer/core';
import picocolors from 'picocolors';

/** An answer to "apply this change?": `interrupt` is Ctrl-C (or the terminal going away). */
export type Answer = 'yes' | 'no' | 'all' | 'quit' | 'interrupt';

/** The question asked for one file. */
export interface Question {
  /** 1-based position of this file among the files with a change. */
  index: number;
  total: number;
  path: string;
}

/** The keys, as `git add -p` has them; Enter takes the safe default, no. */
const KEYS: Array<{ key: string; answer: Exclude<Answer, 'interrupt'>; help: string }> = [
  { key: 'y', answer: 'yes', help: 'apply this change' },
  { key: 'n', answer: 'no', help: 'leave this file as it is (also Enter)' },
  { key: 'a', answer: 'all', help: 'apply this change and all the remaining ones without asking' },
  { key: 'q', answer: 'quit', help: 'quit; write nothing more' },
];

/** The text of the question, e.g. `(3/41) Apply this change to scripts/run.py [y,n,a,q,?]?`. */
export function questionText(q: Question): string {
  return `(${q.index}/${q.total}) Apply this change to ${q.path} [y,n,a,q,?]?`;
}

/** The help shown after `?`: one line per key. */
export function helpText(): string {
  return [...KEYS.map(({ key, help }) => `${key} - ${help}`), '? - print this help'].join('\n');
}

const approvalPrompt = createPrompt<Exclude<Answer, 'interrupt'>, { question: Question; color: boolean }>((config, done) => {
  const c = picocolors.createColors(config.color);
  const [answer, setAnswer] = useState<string | undefined>(undefined);
  const [help, setHelp] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  useKeypress((event: KeypressEvent, rl) => {
    if (answer !== undefined) return;
    // A key answers at once: nothing typed stays on the line.
    rl.clearLine(0);
    const typed = ((event as KeypressEvent & { sequence?: string }).sequence ?? event.name ?? '').toLowerCase();
    const choice = isEnterKey(event) ? KEYS[1]! : KEYS.find(({ key }) => key === typed);
    if (choice) {
      setAnswer(choice.answer);
      done(choice.answer);
    } else if (typed === '?' || typed === 'h') {
      setHelp(true);
      setError(undefined);
    } else {
      setError(`press y, n, a or q (? for help)`);
    }
  });

  const prefix = answer === undefined ? c.blue('?') : c.green('✔');
  const line = `${prefix} ${c.bold(questionText(config.question))} ${answer === undefined ? '' : c.cyan(answer)}`;
  if (answer !== undefined) return line;
  // As git add -p: after `?`, the help, then the question again below it, where the cursor is.
  const asked = help ? `${helpText()}\n${line}` : line;
  return error ? [asked, c.yellow(error)] : asked;
});

/**
 * Asks on the terminal whether to apply one file's change, answered with a single key (y, n, a,
 * q; ? or h prints the help; Enter means n). Ctrl-C, or `signal` aborting (SIGINT, SIGTERM), resolves
 * to `interrupt` instead of throwing.
 * The terminal is stdin/stdout unless `input`/`output` say otherwise (tests).
 */
export async function askApproval(question: Question, options: { color: boolean; signal?: AbortSignal; input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream }): Promise<Answer> {
  try {
    return await approvalPrompt({ question, color: options.color }, { input: options.input, output: options.output, signal: options.signal });
  } catch (error) {
    if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) return 'interrupt';
    throw error;
  }
}
