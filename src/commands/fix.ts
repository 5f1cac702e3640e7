// `mainguard fix` and `mainguard run -t`: the fix workflow (dry run, --yes, interactive) and stdin.
import * as path from 'node:path';
import picocolors from 'picocolors';
import type { CodemodOptions } from '../codemod.js';
import { UsageError } from '../errors.js';
import type { Discovery } from '../files/discover.js';
import { decodePythonSource } from '../files/source.js';
import { colorizeDiff } from '../report/diff.js';
import { formatEntries, formatFindingsText, formatRunSummary, type RunCounts } from '../report/report.js';
import { type PreparedCodemod, prepareCodemod } from '../run/codemods.js';
import { type ChangeOutcome, type FileOutcome, processSource } from '../run/pipeline.js';
import { type ApplyResult, applyChanges, type Fate } from './apply.js';
import {
  type CommonFlags,
  checkStdinUse,
  codemodOptionsFor,
  discover,
  discoveryFailures,
  INTERRUPTED_EXIT_CODE,
  type Io,
  type Job,
  resolveSettings,
  rulesOf,
  type Settings,
  scan,
  schemaFor,
  selectFindings,
  toReport,
} from './shared.js';

/** Flags of the commands that rewrite files: `fix` and `run`. */
export interface TransformFlags extends CommonFlags {
  dryRun?: boolean;
  yes?: boolean;
  /** With `-` as the only path: the name the source read from stdin goes by. */
  stdinFilename?: string;
  /** Exit 1 when a file was written (pre-commit's convention for fixers). */
  exitNonZeroOnFix?: boolean;
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
 * The fix workflow of `fix` and `run`: scan every file (worker threads, progress), then
 * `--dry-run` prints the diffs; `--yes` writes every change; otherwise, on a terminal, each change
 * is shown and asked about. What the rewrite leaves unresolved is listed on stderr, then a summary.
 * Exit: 0 done or nothing to do (and after q), 1 changes pending (dry run) or findings left unfixed,
 * 2 errors, 130 interrupted. With `-` as the path, see transformStdin.
 */
async function runTransform(paths: string[], flags: TransformFlags, io: Io, job: Job): Promise<number> {
  const stdin = checkStdinUse(paths, flags, job.command);
  const mode = flags.dryRun ? 'dry-run' : flags.yes ? 'yes' : 'interactive';
  if (!stdin && mode === 'interactive' && !io.interactive) {
    throw new UsageError(`${job.command} asks before writing each file, and there is no terminal to ask on`, `pass --yes to apply every change, or --dry-run to print them as a diff`);
  }
  const started = performance.now();
  const codemod = await prepareCodemod(job.ref, io.cwd);
  try {
    const settings = await resolveSettings(flags, io, await schemaFor(codemod.codemod));
    const codemodOptions = codemodOptionsFor(codemod.codemod, job.options, settings);
    if (stdin) return await transformStdin(flags.stdinFilename ?? '-', mode === 'dry-run', codemod, codemodOptions, settings, io);
    const discovery = await discover(paths, settings, io, flags);
    const diff = mode === 'yes' ? undefined : { form: mode === 'dry-run' ? ('patch' as const) : ('text' as const) };
    const results = selectFindings(await scan(discovery, codemod, { codemodOptions, diff }, flags.jobs, io), settings);
    io.err(formatFindingsText(discoveryFailures(discovery), { color: io.errorColor, rules: rulesOf(codemod) }));

    const changes = results.filter((r): r is ChangeOutcome => r.status === 'changed');
    let applied: ApplyResult | undefined;
    if (mode === 'dry-run') {
      const e = picocolors.createColors(io.errorColor);
      for (const change of changes) {
        io.out(printablePatch(change.patch, io.color));
        if (change.entries.length > 0) io.err(`${e.bold(change.path)}\n${formatEntries(change.entries, { color: io.errorColor, kinds: codemod.codemod.meta.entryKinds })}`);
      }
    } else if (changes.length > 0) {
      applied = await io.whileInterruptible((signal) =>
        applyChanges(changes, mode, { out: io.out, err: io.err, color: io.color, errorColor: io.errorColor, entryKinds: codemod.codemod.meta.entryKinds, ask: io.ask, signal }),
      );
    }

    // What the rewrite does not resolve is listed, so that a dry run never hides it.
    const unresolved = results.filter(isUnresolved);
    io.err(formatFindingsText(unresolved.map(toReport), { color: io.errorColor, rules: rulesOf(codemod) }));

    const counts = countRun(results, applied, discovery, mode === 'dry-run', (performance.now() - started) / 1000);
    io.err(formatRunSummary(counts, { color: io.errorColor, dryRun: mode === 'dry-run' }));

    if (applied?.interrupted) return INTERRUPTED_EXIT_CODE;
    if (applied?.quit) return 0;
    if (counts.failed > 0) return 2;
    if (mode === 'dry-run' && changes.length > 0) return 1;
    if (flags.exitNonZeroOnFix && counts.changed > 0) return 1;
    return unresolved.length > 0 || (counts.skipped.conflict ?? 0) > 0 ? 1 : 0;
  } finally {
    await codemod.dispose();
  }
}

/** The totals of the summary line: files by status, and changed files by what became of them. */
function countRun(results: FileOutcome[], applied: ApplyResult | undefined, discovery: Discovery, dryRun: boolean, seconds: number): RunCounts {
  const fates = applied?.applied ?? [];
  const count = (fate: Fate): number => fates.filter((a) => a.fate === fate).length;
  const skipped = (kind: 'refused' | 'ignored'): number => results.filter((r) => r.status === 'skipped' && (r.skipKind === 'refused') === (kind === 'refused')).length;
  return {
    files: results.length,
    changed: dryRun ? results.filter((r) => r.status === 'changed').length : count('written'),
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
  const unresolved = isUnresolved(outcome);
  if (unresolved) io.err(formatFindingsText([toReport(outcome)], { color: io.errorColor, rules: rulesOf(codemod) }));
  if (outcome.status === 'failed') return 2;
  return (dryRun && changed) || unresolved ? 1 : 0;
}

/** What the rewrite leaves to the user: a file that failed, a refused one, or findings in an unchanged one. */
function isUnresolved(r: FileOutcome): boolean {
  return r.status === 'failed' || (r.status === 'skipped' && r.skipKind === 'refused') || (r.status === 'unchanged' && r.findings.length > 0);
}

/** A dry run's patch as printed: its bytes, colored on a terminal (decoded as latin-1, which keeps every byte). */
function printablePatch(patch: Buffer | undefined, color: boolean): string | Buffer {
  if (!patch) return '';
  return color ? Buffer.from(colorizeDiff(patch.toString('latin1')), 'latin1') : patch;
}
