// `fix --dry-run --format json|html`: the run's review instead of the patch — the changes are
// kept pending as in any dry run, and after the summary the review is written to --output (or
// stdout for JSON).
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Codemod, ImportingFile } from '../codemod.js';
import { UsageError, UserError } from '../errors.js';
import { readPythonSource } from '../files/source.js';
import { renderReviewPage } from '../report/html/page.js';
import type { RunCounts } from '../report/report.js';
import { buildReview, formatReviewJson, type ReviewExtras, type SourceLine } from '../report/review.js';
import type { RuleBook } from '../report/rule-book.js';
import { withDeferredNames } from '../run/deferred-reads.js';
import type { FileOutcome, FileTask } from '../run/pipeline.js';
import type { ChangePrinter, FixMode } from './printers.js';
import { discoveryFailures, type Io, toReport } from './shared.js';

/** How `fix` and `run` print their results: the patch (`text`, the default), or the review as JSON or as an HTML page. */
export type FixFormat = 'text' | 'json' | 'html';

/** The choices of `fix --format`. */
export const FIX_FORMATS: readonly FixFormat[] = ['text', 'json', 'html'];

/**
 * Refuses the combinations a review cannot serve: the review is of a dry run (nothing is written
 * while it is read), of files on disk, and an HTML page goes to a file.
 */
export function checkReviewFlags(format: FixFormat, mode: FixMode, flags: { output?: string; stdin: boolean; command: string }): void {
  if (format === 'text') {
    if (flags.output !== undefined) throw new UsageError('--output goes with --format json or html', `the diff goes to stdout: mainguard ${flags.command} --dry-run . > changes.patch`);
    return;
  }
  if (flags.stdin) throw new UsageError(`--format ${format} reviews files on disk; it does not go with - (stdin)`);
  if (mode !== 'dry-run') {
    throw new UsageError(
      `--format ${format} reviews a dry run: it goes with --dry-run`,
      `mainguard ${flags.command} --dry-run --format ${format}${format === 'html' ? ' --output review.html' : ''} . then mainguard ${flags.command} --yes . to apply it`,
    );
  }
  if (format === 'html' && (flags.output === undefined || flags.output === '')) {
    throw new UsageError('--format html writes a page: name its file with --output', `mainguard ${flags.command} --dry-run --format html --output review.html .`);
  }
}

/** The review's printer: like the dry run's, every change stays pending, but nothing is printed per change; it wants the decoded diff. */
export const REVIEW_PRINTER: ChangePrinter = {
  diff: { form: 'text' },
  writes: false,
  unresolvedFirst: false,
  async handle(changes) {
    return { applied: changes.map((change) => ({ change, fate: 'pending' })), quit: false, interrupted: false };
  },
};

/** Who imports each scanned file, by path, from the tasks the project index made, with every name each uses (the deferred reads found). */
export function importersByPath(tasks: FileTask[], codemod: Codemod): Map<string, ImportingFile[]> {
  const found = new Map<string, string[] | undefined>();
  return new Map(tasks.map((task) => [task.path, withDeferredNames(task.importedBy ?? [], codemod, found)]));
}

/** What the review is written from, besides the results. */
export interface ReviewRun {
  command: 'fix' | 'run';
  codemod: string;
  rules: RuleBook;
  counts: RunCounts;
  importers: Map<string, ImportingFile[]>;
  discovery: Parameters<typeof discoveryFailures>[0];
  /** `--output`: the file to write; stdout when undefined. */
  output?: string;
}

/** Builds the review of a dry run and writes it as JSON or HTML to `--output` (stdout for JSON without it), saying where on stderr. */
export async function writeReview(format: 'json' | 'html', results: FileOutcome[], run: ReviewRun, io: Io): Promise<void> {
  const reports = await Promise.all(
    results.map(async (outcome) => {
      const extras: ReviewExtras = { importedBy: run.importers.get(outcome.path) ?? [] };
      if (outcome.status === 'changed' && outcome.diff !== undefined) extras.diff = outcome.diff;
      const line = outcome.status === 'skipped' || outcome.status === 'failed' ? outcome.reasonLine : undefined;
      if (line !== undefined) extras.excerpt = await readExcerpt(outcome.absPath, line);
      return { report: toReport(outcome), extras };
    }),
  );
  for (const failure of discoveryFailures(run.discovery)) reports.push({ report: failure, extras: {} });
  const review = buildReview({ command: run.command, codemod: run.codemod, version: io.version, rules: run.rules, reports, counts: run.counts });
  const text = format === 'json' ? formatReviewJson(review) : renderReviewPage(review);
  if (run.output === undefined || run.output === '-') {
    io.out(text);
    return;
  }
  const target = path.resolve(io.cwd, run.output);
  try {
    await writeFile(target, text);
  } catch (error) {
    throw new UserError(`cannot write ${run.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'name a file in a folder that exists and can be written');
  }
  io.err(`Wrote the review of ${review.files.length} ${review.files.length === 1 ? 'file' : 'files'} to ${run.output} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KB).\n`);
}

const EXCERPT_RADIUS = 3;

/** The lines around `line` of a file, numbered from 1; none when the file cannot be read again. */
async function readExcerpt(absPath: string, line: number): Promise<SourceLine[] | undefined> {
  const read = await readPythonSource(absPath);
  if (!read.ok) return undefined;
  const lines = read.text.split(/\r?\n/);
  const first = Math.max(1, line - EXCERPT_RADIUS);
  const last = Math.min(lines.length, line + EXCERPT_RADIUS);
  const excerpt: SourceLine[] = [];
  for (let n = first; n <= last; n++) excerpt.push({ line: n, text: lines[n - 1]! });
  return excerpt;
}
