// `mainguard fix` and `mainguard run -t`: the fix workflow (dry run, --yes, interactive) and stdin.
import * as path from 'node:path';
import picocolors from 'picocolors';
import type { CodemodOptions } from '../codemod.js';
import { UsageError } from '../errors.js';
import type { Discovery } from '../files/discover.js';
import { decodePythonSource } from '../files/source.js';
import { printablePatch } from '../report/diff.js';
import { formatEntries, formatFindingsText, formatLeftAlone, formatRunSummary, type RunCounts } from '../report/report.js';
import { type PreparedCodemod, prepareCodemod } from '../run/codemods.js';
import { type ChangeOutcome, type FileOutcome, type FileTask, processSource } from '../run/pipeline.js';
import { closeThreads, sharedThreads } from '../run/pool.js';
import { isIgnored, isRunError } from '../status.js';
import type { Fate } from './apply.js';
import { type ChangePrinter, type FixMode, PRINTERS, type PrinterIo, type PrintResult } from './printers.js';
import { checkReviewFlags, type FixFormat, importersByPath, REVIEW_PRINTER, writeReview } from './review.js';
import {
  byPath,
  type CommonFlags,
  cacheFor,
  checkStdinUse,
  codemodOptionsFor,
  discover,
  discoveryFailures,
  formatCacheUse,
  formatPhases,
  INTERRUPTED_EXIT_CODE,
  type Io,
  type Job,
  namedOnCommandLine,
  resolveSettings,
  rulesOf,
  type ScanPhases,
  type Settings,
  scan,
  schemaFor,
  selectFindings,
  toReport,
} from './shared.js';

/** Flags of the commands that rewrite files: `fix` and `run`. */
export interface TransformFlags extends CommonFlags {
  dryRun?: boolean;
  /** The same as `dryRun` (black's and ruff's name). */
  diff?: boolean;
  yes?: boolean;
  /** With `-` as the only path: the name the source read from stdin goes by. */
  stdinFilename?: string;
  /** Exit 1 when a file was written (pre-commit's convention for fixers). */
  exitNonZeroOnFix?: boolean;
  /** `--format`: the patch (text, the default), or the dry run's review as JSON or an HTML page. */
  format?: FixFormat;
  /** `--output FILE`: where the review goes (stdout for JSON without it). */
  output?: string;
}

/**
 * `mainguard fix`: the main-guard codemod through the fix workflow (see runTransform), with its
 * options from `[tool.mainguard]` and the flags.
 */
export async function runFix(paths: string[], flags: TransformFlags, io: Io): Promise<number> {
  return runTransform(paths, flags, io, { command: 'fix', ref: 'main-guard', options: {} });
}

/** `mainguard run -t CODEMOD`: any codemod, built-in or a user's module, with options from the command line. */
export async function runRun(paths: string[], flags: TransformFlags & { transform: string }, codemodOptions: CodemodOptions, io: Io): Promise<number> {
  return runTransform(paths, flags, io, { command: 'run', ref: flags.transform, options: codemodOptions });
}

/**
 * The fix workflow of `fix` and `run`: scan every file (worker threads, progress), then hand the
 * changes to the mode's printer — `--dry-run` prints them as patches, `--yes` writes them all,
 * otherwise, on a terminal, each is shown and asked about. What the rewrite leaves unresolved is
 * listed on stderr, then a summary, the same in every mode.
 * Exit: 0 done or nothing to do, and once every file is answered interactively (or after q);
 * 1 changes pending (dry run), findings left unfixed (dry run, --yes; a file that does not decode
 * or parse is one, MG000), a file that changed before it could be written, or a file written with
 * --exit-non-zero-on-fix; 2 errors (a file or folder that cannot be read, a write the OS refused);
 * 130 interrupted. With `-` as the path, see transformStdin.
 */
async function runTransform(paths: string[], flags: TransformFlags, io: Io, job: Job): Promise<number> {
  const stdin = checkStdinUse(paths, flags, job.command);
  const mode: FixMode = flags.dryRun || flags.diff ? 'dry-run' : flags.yes ? 'yes' : 'interactive';
  const format = flags.format ?? 'text';
  checkReviewFlags(format, mode, { output: flags.output, stdin, command: job.command });
  if (!stdin && mode === 'interactive' && !io.interactive) {
    throw new UsageError(`${job.command} asks before writing each file, and there is no terminal to ask on`, `pass --yes to apply every change, or --dry-run to print them as a diff`);
  }
  const started = performance.now();
  const codemod = await prepareCodemod(job.ref, io.cwd);
  // The worker threads load while discovery walks a tree large enough for them; the scan ends them, or this finally if it stops first.
  const threads = sharedThreads(codemod);
  try {
    const settings = await resolveSettings(flags, io, await schemaFor(codemod.codemod));
    const codemodOptions = codemodOptionsFor(codemod.codemod, job.options, settings);
    if (stdin) return await transformStdin(flags.stdinFilename ?? '-', mode === 'dry-run', codemod, codemodOptions, settings, io);
    const discovery = await discover(paths, settings, io, flags, threads);
    const printer = format === 'text' ? PRINTERS[mode] : REVIEW_PRINTER;
    const cache = await cacheFor(flags, settings, io, codemod, codemodOptions);
    let tasks: FileTask[] = [];
    // Only the review needs every file's importers: a warm run otherwise skips resolving them.
    const phases: ScanPhases = {};
    const extras = format === 'text' ? { cache, phases, threads } : { cache, phases, threads, onIndexed: (indexed: FileTask[]) => (tasks = indexed) };
    const results = selectFindings(await scan(discovery, codemod, { codemodOptions, diff: printer.diff }, flags.jobs, io, extras), settings);
    if (flags.verbose) io.err(formatCacheUse(cache, results.length, io.cwd) + formatPhases(phases));
    io.err(formatFindingsText(discoveryFailures(discovery), { color: io.errorColor, rules: rulesOf(codemod) }));
    // A file named on purpose and left alone on purpose says why (--verbose lists them all, below).
    if (!flags.verbose) io.err(formatLeftAlone(namedOnCommandLine(results.map(toReport), paths, io.cwd).filter(isIgnored), { color: io.errorColor }));

    const changes = results.filter((r): r is ChangeOutcome => r.status === 'changed');
    // What the rewrite does not resolve is listed, so that a dry run never hides it.
    const unresolved = formatFindingsText(results.filter(isUnresolved).map(toReport), { color: io.errorColor, rules: rulesOf(codemod) });
    if (printer.unresolvedFirst && changes.length > 0) io.err(unresolved);
    const printed = await print(
      printer,
      changes,
      { out: io.out, err: io.err, show: io.page, color: io.color, errorColor: io.errorColor, entryKinds: codemod.codemod.meta.entryKinds, ask: io.ask },
      io,
    );

    io.err(unresolved);
    if (flags.verbose) io.err(formatLeftAlone(results.map(toReport).sort(byPath), { color: io.errorColor }));

    const counts = countRun(results, printed, discovery, (performance.now() - started) / 1000);
    io.err(formatRunSummary(counts, { color: io.errorColor, dryRun: mode === 'dry-run' }));
    if (format !== 'text') {
      const run = { command: job.command, codemod: codemod.codemod.meta.name, rules: rulesOf(codemod), counts, importers: importersByPath(tasks, codemod.codemod), discovery, output: flags.output };
      await writeReview(format, results, run, io);
    }

    if (printed.interrupted) return INTERRUPTED_EXIT_CODE;
    if (discovery.errors.length > 0 || results.some(isRunError) || countFates(printed, 'failed') > 0) return 2;
    if (printed.applied.some((a) => a.fate === 'pending')) return 1;
    if (flags.exitNonZeroOnFix && counts.changed > 0) return 1;
    if ((counts.skipped.conflict ?? 0) > 0) return 1;
    // Every file answered, or q: what was left was listed, and declined on purpose.
    if (mode === 'interactive') return 0;
    return results.some(isUnresolved) ? 1 : 0;
  } finally {
    await closeThreads(threads);
    await codemod.dispose();
  }
}

/** Runs the printer on the changes; one that writes does so with SIGINT/SIGTERM turned into an abort of its signal. */
async function print(printer: ChangePrinter, changes: ChangeOutcome[], printerIo: PrinterIo, io: Io): Promise<PrintResult> {
  if (changes.length === 0) return { applied: [], quit: false, interrupted: false };
  if (!printer.writes) return printer.handle(changes, printerIo);
  return io.whileInterruptible((signal) => printer.handle(changes, { ...printerIo, signal }));
}

const countFates = (printed: PrintResult, fate: Fate): number => printed.applied.filter((a) => a.fate === fate).length;

/** The totals of the summary line: files by status, and changed files by what became of them (written, or pending in a dry run). */
function countRun(results: FileOutcome[], printed: PrintResult, discovery: Discovery, seconds: number): RunCounts {
  const count = (fate: Fate): number => countFates(printed, fate);
  const skipped = (kind: 'refused' | 'ignored'): number => results.filter((r) => r.status === 'skipped' && (r.skipKind === 'refused') === (kind === 'refused')).length;
  return {
    files: results.length,
    changed: count('written') + count('pending'),
    unchanged: results.filter((r) => r.status === 'unchanged').length,
    skipped: {
      refused: skipped('refused'),
      ignored: skipped('ignored'),
      declined: count('declined'),
      'not-asked': count('not-asked'),
      conflict: count('conflict'),
      interrupted: count('interrupted'),
    },
    failed: discovery.errors.length + results.filter((r) => r.status === 'failed').length + count('failed'),
    seconds,
  };
}

/**
 * `fix --stdin-filename PATH -` (editor integration): transforms the source read from stdin, named
 * PATH, and writes the result to stdout — the original bytes when nothing changes or the file
 * cannot be rewritten, so that an editor never loses its buffer; the diff with `--dry-run`.
 * Findings and the report go to stderr. Exit as for files.
 */
async function transformStdin(name: string, dryRun: boolean, codemod: PreparedCodemod, codemodOptions: CodemodOptions, settings: Settings, io: Io): Promise<number> {
  const bytes = await io.readStdin();
  const file = { path: name, absPath: path.resolve(io.cwd, name) };

  const diff = dryRun ? { form: 'patch' as const } : undefined;
  const outcome = selectFindings([processSource(file, decodePythonSource(bytes), codemod.codemod, { codemodOptions, diff })], settings)[0]!;
  const changed = outcome.status === 'changed';
  if (dryRun) io.out(changed ? printablePatch(outcome.patch, io.color) : '');
  else io.out(changed ? outcome.data : bytes);
  if (changed && outcome.entries.length > 0) {
    io.err(`${picocolors.createColors(io.errorColor).bold(name)}\n${formatEntries(outcome.entries, { color: io.errorColor, kinds: codemod.codemod.meta.entryKinds })}`);
  }
  io.err(formatLeftAlone([toReport(outcome)].filter(isIgnored), { color: io.errorColor }));
  const unresolved = isUnresolved(outcome);
  if (unresolved) io.err(formatFindingsText([toReport(outcome)], { color: io.errorColor, rules: rulesOf(codemod) }));
  if (isRunError(outcome)) return 2;
  return (dryRun && changed) || unresolved ? 1 : 0;
}

/**
 * What the rewrite leaves to the user: a file that failed (unless the finding that reports it,
 * MG000, is not selected), a refused one, or findings in an unchanged one.
 */
function isUnresolved(r: FileOutcome): boolean {
  if (r.status === 'failed') return isRunError(r) || r.findings.length > 0;
  return (r.status === 'skipped' && r.skipKind === 'refused') || (r.status === 'unchanged' && r.findings.length > 0);
}
