import * as path from 'node:path';
import picocolors from 'picocolors';
import type { EntryKindInfo } from '../codemod.js';
import { cleanStaleTempFiles, writeFileAtomic } from '../files/write.js';
import { colorizeDiff } from '../report/diff.js';
import { formatEntries } from '../report/report.js';
import type { ChangeOutcome } from '../run/pipeline.js';
import type { Answer, Question } from '../ui/prompt.js';

/** What became of one file with a change in `fix`. */
export type Fate =
  /** Rewritten on disk. */
  | 'written'
  /** Answered "no". */
  | 'declined'
  /** Not asked: the user quit before. */
  | 'not-asked'
  /** Not written: the run was interrupted before. */
  | 'interrupted'
  /** Not written: the file no longer held the bytes that were read. */
  | 'conflict'
  /** Not written: the OS refused (permissions, disk full...). */
  | 'failed';

/** A change and its fate, with the one-line reason of a conflict or error. */
export interface AppliedChange {
  change: ChangeOutcome;
  fate: Fate;
  message?: string;
}

/** The edges applyChanges talks to. */
export interface ApplyIo {
  out(text: string): void;
  err(text: string): void;
  /** Colors on stdout (diffs, questions) and on stderr (reports). */
  color: boolean;
  errorColor: boolean;
  /** The kinds of report lines the codemod declares, to color them. */
  entryKinds?: readonly EntryKindInfo[];
  /** Asks about one file (only in interactive mode); an abort of `signal` ends the question with `interrupt`. */
  ask(question: Question, signal?: AbortSignal): Promise<Answer>;
  /** Aborted when the user interrupts (SIGINT, SIGTERM): nothing more is written. */
  signal?: AbortSignal;
}

/** The outcome of applyChanges. */
export interface ApplyResult {
  applied: AppliedChange[];
  /** The user answered q. */
  quit: boolean;
  /** Ctrl-C at the prompt or a signal stopped the writing. */
  interrupted: boolean;
}

/**
 * Writes the changes, in the order given: all of them (`yes`), or those the user approves one by
 * one (`interactive`: the file's diff and report, then y / n / a / q). A file is written only
 * after its approval, through writeFileAtomic, and only if it still holds the bytes read;
 * temporary files that a killed run left in the folders concerned are removed first.
 */
export async function applyChanges(changes: ChangeOutcome[], mode: 'yes' | 'interactive', io: ApplyIo): Promise<ApplyResult> {
  const c = picocolors.createColors(io.color);
  const e = picocolors.createColors(io.errorColor);
  const applied: AppliedChange[] = [];
  let askEach = mode === 'interactive';
  let cleaned = false;
  let stop: 'quit' | 'interrupted' | undefined;

  for (const [i, change] of changes.entries()) {
    if (stop === undefined && io.signal?.aborted) stop = 'interrupted';
    if (stop !== undefined) {
      applied.push({ change, fate: stop === 'quit' ? 'not-asked' : 'interrupted' });
      continue;
    }
    if (askEach) {
      io.out(
        `\n${c.bold(`(${i + 1}/${changes.length}) ${change.path}`)}\n${io.color ? colorizeDiff(change.diff ?? '') : (change.diff ?? '')}${formatEntries(change.entries, { color: io.color, kinds: io.entryKinds })}`,
      );
      const answer = await io.ask({ index: i + 1, total: changes.length, path: change.path }, io.signal);
      if (answer === 'quit' || answer === 'interrupt') {
        stop = answer === 'quit' ? 'quit' : 'interrupted';
        applied.push({ change, fate: answer === 'quit' ? 'not-asked' : 'interrupted' });
        continue;
      }
      if (answer === 'no') {
        applied.push({ change, fate: 'declined' });
        continue;
      }
      if (answer === 'all') askEach = false;
    }
    if (!cleaned) {
      // Before the first write, never while writes are under way.
      for (const dir of new Set(changes.map((x) => path.dirname(x.absPath)))) await cleanStaleTempFiles(dir);
      cleaned = true;
    }
    const written = await writeFileAtomic(change.absPath, change.data, change.original);
    if (written.ok) {
      applied.push({ change, fate: 'written' });
      if (mode === 'interactive') io.out(`${c.green('wrote')} ${change.path}\n`);
      else if (change.entries.length > 0) io.err(`${e.bold(change.path)}\n${formatEntries(change.entries, { color: io.errorColor, kinds: io.entryKinds })}`);
    } else {
      applied.push({ change, fate: written.reason, message: written.message });
      const label = written.reason === 'conflict' ? e.yellow('conflict') : e.red('failed');
      io.err(`${e.bold(change.path)}: ${label}: ${written.message}\n`);
    }
  }
  return { applied, quit: stop === 'quit', interrupted: stop === 'interrupted' };
}
