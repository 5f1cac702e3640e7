// The three ways `fix` and `run` handle the same results, as ast-grep's printers do: a dry run
// prints every change as a patch, --yes writes every change, interactive mode shows each one and
// writes it after a yes. The scan before them and the report after them are the same for all;
// each printer only says which diff it needs the pipeline to render.
import picocolors from 'picocolors';
import type { EntryKindInfo } from '../codemod.js';
import { colorizeDiff, printablePatch } from '../report/diff.js';
import { formatEntries } from '../report/report.js';
import type { ChangeOutcome, TaskOptions } from '../run/pipeline.js';
import type { Answer, Question } from '../ui/prompt.js';
import { type AppliedChange, ChangeWriter } from './apply.js';

/** How `fix` and `run` handle the changes: `--dry-run`, `--yes`, or asking (on a terminal). */
export type FixMode = 'dry-run' | 'yes' | 'interactive';

/** The edges a printer talks to. */
export interface PrinterIo {
  out(text: string | Uint8Array): void;
  /** Shows a change before its question: through the pager when the terminal is too short for it. */
  show(text: string): Promise<void>;
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

/** What a printer did with the changes. */
export interface PrintResult {
  /** Every change, in the order given, with its fate. */
  applied: AppliedChange[];
  /** The user answered q. */
  quit: boolean;
  /** Ctrl-C at the prompt or a signal stopped the writing. */
  interrupted: boolean;
}

/** One way of handling the changes of a run. */
export interface ChangePrinter {
  /** The diff the pipeline renders for each change: a patch of the file's bytes, a text to show, or none. */
  diff: TaskOptions['diff'];
  /** Whether it writes files: it then runs with SIGINT/SIGTERM aborting `io.signal` instead of killing the process. */
  writes: boolean;
  /**
   * Whether what the rewrite leaves unresolved (refused files, findings it cannot fix) is listed
   * before the changes too, not only after them: so that questions do not scroll it away.
   */
  unresolvedFirst: boolean;
  /** Handles the changes, in the order given. */
  handle(changes: ChangeOutcome[], io: PrinterIo): Promise<PrintResult>;
}

/** A change's report lines on stderr, under its path; nothing when it has none. */
function reportEntries(change: ChangeOutcome, io: PrinterIo): void {
  if (change.entries.length === 0) return;
  const e = picocolors.createColors(io.errorColor);
  io.err(`${e.bold(change.path)}\n${formatEntries(change.entries, { color: io.errorColor, kinds: io.entryKinds })}`);
}

/** A write that did not happen, on stderr: `path: conflict: ...` or `path: failed: ...`. */
function reportUnwritten(applied: AppliedChange, io: PrinterIo): void {
  const e = picocolors.createColors(io.errorColor);
  const label = applied.fate === 'conflict' ? e.yellow('conflict') : e.red('failed');
  io.err(`${e.bold(applied.change.path)}: ${label}: ${applied.message}\n`);
}

/** `--dry-run`: every change as a patch on stdout (git apply / patch -p1), its report on stderr; nothing written. */
const dryRunPrinter: ChangePrinter = {
  diff: { form: 'patch' },
  writes: false,
  unresolvedFirst: false,
  async handle(changes, io) {
    for (const change of changes) {
      io.out(printablePatch(change.patch, io.color));
      reportEntries(change, io);
    }
    return { applied: changes.map((change) => ({ change, fate: 'pending' })), quit: false, interrupted: false };
  },
};

/**
 * Writes the changes without asking, in order, and says so: `wrote PATH` on stdout when
 * `announce` (interactive mode), else the report lines on stderr; a write that did not happen is
 * reported on stderr. After an interrupt, the rest are `interrupted`; returns whether it came.
 */
async function writeEach(changes: ChangeOutcome[], writer: ChangeWriter, io: PrinterIo, applied: AppliedChange[], announce: boolean): Promise<boolean> {
  for (const [i, change] of changes.entries()) {
    if (io.signal?.aborted) {
      applied.push(...changes.slice(i).map((rest): AppliedChange => ({ change: rest, fate: 'interrupted' })));
      return true;
    }
    const result = await writer.write(change);
    applied.push(result);
    if (result.fate !== 'written') reportUnwritten(result, io);
    else if (announce) io.out(`${picocolors.createColors(io.color).green('wrote')} ${change.path}\n`);
    else reportEntries(change, io);
  }
  return false;
}

/** `--yes`: writes every change, reporting each on stderr. */
const yesPrinter: ChangePrinter = {
  diff: undefined,
  writes: true,
  unresolvedFirst: false,
  async handle(changes, io) {
    const applied: AppliedChange[] = [];
    const interrupted = await writeEach(changes, new ChangeWriter(changes), io, applied, false);
    return { applied, quit: false, interrupted };
  },
};

/**
 * Interactive: for each change, its count, diff and report, then the question (y / n / a / q);
 * written only after y or a, and after a the rest without asking. q marks the rest not asked,
 * Ctrl-C or a signal interrupted.
 */
const interactivePrinter: ChangePrinter = {
  diff: { form: 'text' },
  writes: true,
  unresolvedFirst: true,
  async handle(changes, io) {
    const c = picocolors.createColors(io.color);
    const writer = new ChangeWriter(changes);
    const applied: AppliedChange[] = [];
    const stopAt = (index: number, fate: 'not-asked' | 'interrupted'): void => {
      applied.push(...changes.slice(index).map((change): AppliedChange => ({ change, fate })));
    };
    for (const [i, change] of changes.entries()) {
      if (io.signal?.aborted) {
        stopAt(i, 'interrupted');
        return { applied, quit: false, interrupted: true };
      }
      const diff = change.diff ?? '';
      await io.show(`\n${c.bold(`(${i + 1}/${changes.length}) ${change.path}`)}\n${io.color ? colorizeDiff(diff) : diff}${formatEntries(change.entries, { color: io.color, kinds: io.entryKinds })}`);
      const answer = await io.ask({ index: i + 1, total: changes.length, path: change.path }, io.signal);
      if (answer === 'quit' || answer === 'interrupt') {
        stopAt(i, answer === 'quit' ? 'not-asked' : 'interrupted');
        return { applied, quit: answer === 'quit', interrupted: answer === 'interrupt' };
      }
      if (answer === 'no') {
        applied.push({ change, fate: 'declined' });
        continue;
      }
      if (answer === 'all') {
        const interrupted = await writeEach(changes.slice(i), writer, io, applied, true);
        return { applied, quit: false, interrupted };
      }
      await writeEach([change], writer, io, applied, true);
    }
    return { applied, quit: false, interrupted: false };
  },
};

/** The printer of each mode. */
export const PRINTERS: Readonly<Record<FixMode, ChangePrinter>> = {
  'dry-run': dryRunPrinter,
  yes: yesPrinter,
  interactive: interactivePrinter,
};
