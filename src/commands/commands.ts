import * as path from 'node:path';
import picocolors from 'picocolors';
import type { CodemodOptions } from '../codemod.js';
import { findConfigFile, loadConfig, type MainguardConfig, RULE_CODES, resolveSelection } from '../config/config.js';
import { type ConfigFlags, mergeConfig } from '../config/settings.js';
import { UsageError } from '../errors.js';
import { findChangedFiles, keepChanged } from '../files/changed.js';
import { type Discovery, discoverFiles } from '../files/discover.js';
import { type Shard, selectShard } from '../files/shard.js';
import { decodePythonSource } from '../files/source.js';
import { formatConfigJson, formatConfigText } from '../report/config.js';
import { colorizeDiff } from '../report/diff.js';
import { renderExplanation } from '../report/explain.js';
import { formatFindingsGithub } from '../report/github.js';
import { countReports, type FileReport, formatEntries, formatFindingsJson, formatFindingsText, formatRunSummary, formatSummary, type RunCounts } from '../report/report.js';
import { RuleBook } from '../report/rule-book.js';
import { formatFindingsSarif } from '../report/sarif.js';
import { formatStatisticsJson, formatStatisticsText } from '../report/statistics.js';
import { type PreparedCodemod, prepareCodemod } from '../run/codemods.js';
import { type FileOutcome, processSource, type TaskOptions } from '../run/pipeline.js';
import { chooseJobs, runFiles } from '../run/pool.js';
import type { Progress } from '../ui/progress.js';
import type { Answer, Question } from '../ui/prompt.js';
import { type ApplyResult, applyChanges, type Fate } from './apply.js';

/** The edges a command talks to: working folder, streams, terminal facts, prompt, signals. */
export interface Io {
  cwd: string;
  /** Writes to stdout (text, or bytes for `-`). */
  out(text: string | Uint8Array): void;
  err(text: string): void;
  /** Colors on stdout. */
  color: boolean;
  /** Colors on stderr. */
  errorColor: boolean;
  /** stdin and stdout are a terminal: `fix` may ask. */
  interactive: boolean;
  version: string;
  /** A progress display on stderr (a spinner on a terminal outside CI, else nothing). */
  startProgress(label: string): Progress;
  /** Reads all of stdin. */
  readStdin(): Promise<Buffer>;
  /** Asks whether to apply one file's change; an abort of `signal` ends the question with `interrupt`. */
  ask(question: Question, signal?: AbortSignal): Promise<Answer>;
  /** Runs `task` with SIGINT/SIGTERM aborting `signal` instead of killing the process. */
  whileInterruptible<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

/** Flags shared by `check`, `fix` and `run`, as commander parses them. */
export interface CommonFlags {
  select?: string[];
  ignore?: string[];
  exclude?: string[];
  extendExclude?: string[];
  extension?: string[];
  keep?: string[];
  respectGitignore?: boolean;
  includeInit?: boolean;
  config?: string;
  /** `--jobs N`: threads; 1 runs in-process; default one per core (in-process below 200 files). */
  jobs?: number;
  /** `--changed-since REF`: only the files git sees as changed since REF, or untracked. */
  changedSince?: string;
  /** `--shard I/N`: only part I of the file list split N ways. */
  shard?: Shard;
}

/** The output formats of `check`. */
export type CheckFormat = 'text' | 'json' | 'sarif' | 'github';

/** Flags of `check`. */
export interface CheckFlags extends CommonFlags {
  format: CheckFormat;
  /** Counts per code instead of the findings (text and json). */
  statistics?: boolean;
  /** The findings (or statistics) only: no summary line. */
  quiet?: boolean;
  /** With `-` as the only path: the name the source read from stdin goes by. */
  stdinFilename?: string;
}

/** Flags of `config`: those that override `[tool.mainguard]`, and the output format. */
export interface ConfigCommandFlags extends ConfigFlags {
  config?: string;
  format: 'text' | 'json';
}

/** Flags of the commands that rewrite files: `fix` and `run`. */
export interface TransformFlags extends CommonFlags {
  dryRun?: boolean;
  yes?: boolean;
  /** With `-` as the only path: the name the source read from stdin goes by. */
  stdinFilename?: string;
  /** Exit 1 when a file was written (pre-commit's convention for fixers). */
  exitNonZeroOnFix?: boolean;
}

/** Flags of `fix`. */
export interface FixFlags extends TransformFlags {
  freezeSupport?: boolean;
}

/** The exit code of an interrupted run (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT_CODE = 130;

/** The effective settings of a run: config file values overridden by flags. */
interface Settings {
  config: MainguardConfig;
  configFile?: string;
  selected: Set<string>;
}

async function resolveSettings(flags: ConfigFlags & { config?: string }, io: Io): Promise<Settings> {
  const configFile = flags.config ? path.resolve(io.cwd, flags.config) : await findConfigFile(io.cwd);
  const fromFile = configFile ? await loadConfig(configFile) : {};
  const { config } = mergeConfig(fromFile, configFile, flags);
  return { config, configFile, selected: resolveSelection(config.select, config.ignore) };
}

/** The files to scan: discovery under `paths`, then `--changed-since` and `--shard`, in that order. */
async function discover(paths: string[], settings: Settings, io: Io, flags: CommonFlags): Promise<Discovery> {
  const discovery = await discoverFiles(paths, {
    cwd: io.cwd,
    exclude: settings.config.exclude,
    extendExclude: settings.config.extendExclude,
    excludeBase: settings.configFile ? path.dirname(settings.configFile) : io.cwd,
    extensions: settings.config.extensions,
    respectGitignore: settings.config.respectGitignore,
  });
  let files = discovery.files;
  if (flags.changedSince !== undefined) files = keepChanged(files, await findChangedFiles(io.cwd, flags.changedSince), io.cwd);
  if (flags.shard) files = selectShard(files, flags.shard);
  return { files, errors: discovery.errors };
}

function discoveryFailures(discovery: Discovery): FileReport[] {
  return discovery.errors.map((e) => ({ path: e.path, status: 'failed' as const, findings: [], reason: e.reason }));
}

// select/ignore choose among the MG rules; codes of other codemods are always shown.
const MG_CODES = new Set<string>(RULE_CODES);
function selectFindings<T extends FileReport>(reports: T[], selected: Set<string>): T[] {
  return reports.map((r) => ({ ...r, findings: r.findings.filter((f) => !MG_CODES.has(f.code) || selected.has(f.code)) }));
}

/** Runs the codemod over the files with the progress display up, on the threads `--jobs` chooses. */
async function scan(discovery: Discovery, codemod: PreparedCodemod, options: TaskOptions, jobs: number | undefined, io: Io): Promise<FileOutcome[]> {
  const progress = io.startProgress('Scanning');
  try {
    return await runFiles(discovery.files, codemod, options, chooseJobs(jobs, discovery.files.length), {
      onProgress: (done, total) => progress.update(done, total),
      onWorkerOutput: (text) => io.err(text),
    });
  } finally {
    progress.stop();
  }
}

/** Refuses the options that choose among discovered files when the source comes from stdin instead. */
function checkStdinUse(paths: string[], flags: CommonFlags & { stdinFilename?: string }, command: string): boolean {
  const stdin = paths.includes('-');
  if (stdin && paths.length > 1) throw new UsageError('- (read the source from stdin) cannot be mixed with other paths');
  if (!stdin && flags.stdinFilename !== undefined) {
    throw new UsageError('--stdin-filename goes with - as the path', `mainguard ${command} --stdin-filename ${flags.stdinFilename} -`);
  }
  if (stdin && (flags.changedSince !== undefined || flags.shard)) {
    throw new UsageError('--changed-since and --shard choose among files found on disk; they do not go with - (stdin)');
  }
  return stdin;
}

/**
 * `mainguard check`: lists findings in the chosen format; exit 0 clean, 1 findings, 2 errors.
 * With `-` as the path, checks the source read from stdin, named by `--stdin-filename`.
 */
export async function runCheck(paths: string[], flags: CheckFlags, io: Io): Promise<number> {
  const stdin = checkStdinUse(paths, flags, 'check');
  if (flags.statistics && flags.format !== 'text' && flags.format !== 'json') {
    throw new UsageError(`--statistics goes with --format text or json, not ${flags.format}`);
  }
  const settings = await resolveSettings(flags, io);
  const codemod = await prepareCodemod('main-guard', io.cwd);
  let reports: FileReport[];
  try {
    // The same transform as fix's, so that check reports what fix would refuse, with its reason.
    const options = codemodOptionsFor({ command: 'fix', ref: 'main-guard', options: {} }, settings, flags);
    if (stdin) {
      const name = flags.stdinFilename ?? '-';
      const file = { path: name, absPath: path.resolve(io.cwd, name) };
      reports = [toReport(processSource(file, decodePythonSource(await io.readStdin()), codemod.codemod, { codemodOptions: options }))];
    } else {
      const discovery = await discover(paths, settings, io, flags);
      const scanned = await scan(discovery, codemod, { codemodOptions: options }, flags.jobs, io);
      reports = [...discoveryFailures(discovery), ...scanned.map(toReport)];
    }
  } finally {
    await codemod.dispose();
  }
  const checked = selectFindings(reports, settings.selected)
    .sort(byPath)
    .filter((r) => !(r.status === 'skipped' && r.skipKind === 'ignored'));
  io.out(formatCheck(checked, flags, io, rulesOf(codemod)));
  const counts = countReports(checked);
  return counts.errors > 0 ? 2 : counts.findings > 0 ? 1 : 0;
}

/** The output of `check` in its format; text ends with the summary line unless `--quiet`. */
function formatCheck(reports: FileReport[], flags: CheckFlags, io: Io, rules: RuleBook): string {
  switch (flags.format) {
    case 'json':
      return flags.statistics ? formatStatisticsJson(reports, rules) : formatFindingsJson(reports, { version: io.version, rules });
    case 'sarif':
      return formatFindingsSarif(reports, { version: io.version, cwd: io.cwd, rules });
    case 'github':
      return formatFindingsGithub(reports, rules);
    case 'text': {
      // Statistics replace the findings, but a file that could not be checked is still named.
      const listed = flags.statistics
        ? formatStatisticsText(reports, { color: io.color, rules }) +
          formatFindingsText(
            reports.map((r) => ({ ...r, findings: [] })),
            { color: io.color, rules },
          )
        : formatFindingsText(reports, { color: io.color, rules });
      return flags.quiet ? listed : listed + formatSummary(countReports(reports), { color: io.color });
    }
  }
}

/**
 * `mainguard config`: the configuration in force — every key of `[tool.mainguard]` with its value
 * and where it came from (default, the pyproject.toml, a flag) — as TOML-like text or JSON.
 */
export async function runConfig(flags: ConfigCommandFlags, io: Io): Promise<number> {
  const configFile = flags.config ? path.resolve(io.cwd, flags.config) : await findConfigFile(io.cwd);
  const fromFile = configFile ? await loadConfig(configFile) : {};
  const effective = mergeConfig(fromFile, configFile, flags);
  io.out(flags.format === 'json' ? formatConfigJson(effective, configFile) : formatConfigText(effective, configFile));
  return 0;
}

/**
 * `mainguard fix`: the main-guard codemod through the fix workflow (see runTransform), with its
 * options from `[tool.mainguard]` and the flags.
 */
export async function runFix(paths: string[], flags: FixFlags, io: Io): Promise<number> {
  return runTransform(paths, flags, io, { command: 'fix', ref: 'main-guard', options: { freezeSupport: flags.freezeSupport } });
}

/** `mainguard run -t CODEMOD`: any codemod, built-in or a user's module, with options from the command line. */
export async function runRun(paths: string[], flags: TransformFlags & { transform: string }, codemodOptions: CodemodOptions, io: Io): Promise<number> {
  return runTransform(paths, flags, io, { command: 'run', ref: flags.transform, options: codemodOptions });
}

/** The codemod of a fix workflow and how it is named to the user. */
interface Job {
  command: 'fix' | 'run';
  /** A built-in name or a path (see prepareCodemod). */
  ref: string;
  /** Options from the command line; for main-guard, over those of the config. */
  options: CodemodOptions;
}

/** main-guard's options: the config's, then the command line's. */
function codemodOptionsFor(job: Job, settings: Settings, flags: CommonFlags): CodemodOptions {
  if (job.ref !== 'main-guard') return job.options;
  const defined = Object.fromEntries(Object.entries(job.options).filter(([, value]) => value !== undefined));
  return { keep: settings.config.keep, freezeSupport: settings.config.freezeSupport, includeInit: flags.includeInit, ...defined };
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
  const settings = await resolveSettings(flags, io);
  const codemod = await prepareCodemod(job.ref, io.cwd);
  try {
    const codemodOptions = codemodOptionsFor(job, settings, flags);
    if (stdin) return await transformStdin(flags.stdinFilename ?? '-', mode === 'dry-run', codemod, codemodOptions, settings, io);
    const discovery = await discover(paths, settings, io, flags);
    const diff = mode === 'yes' ? undefined : { form: mode === 'dry-run' ? ('patch' as const) : ('text' as const) };
    const results = selectFindings(await scan(discovery, codemod, { codemodOptions, diff }, flags.jobs, io), settings.selected);
    io.err(formatFindingsText(discoveryFailures(discovery), { color: io.errorColor, rules: rulesOf(codemod) }));

    const changes = results.filter((r) => r.status === 'changed');
    let applied: ApplyResult | undefined;
    if (mode === 'dry-run') {
      const e = picocolors.createColors(io.errorColor);
      for (const change of changes) {
        io.out(printablePatch(change.patch, io.color));
        if (change.entries.length > 0) io.err(`${e.bold(change.path)}\n${formatEntries(change.entries, { color: io.errorColor })}`);
      }
    } else if (changes.length > 0) {
      applied = await io.whileInterruptible((signal) => applyChanges(changes, mode, { out: io.out, err: io.err, color: io.color, errorColor: io.errorColor, ask: io.ask, signal }));
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
  const outcome = selectFindings([processSource(file, decodePythonSource(bytes), codemod.codemod, { codemodOptions, diff })], settings.selected)[0]!;
  const changed = outcome.status === 'changed';
  if (dryRun) io.out(printablePatch(outcome.patch, io.color));
  else io.out(changed ? outcome.data! : bytes);
  if (changed && outcome.entries.length > 0) {
    io.err(`${picocolors.createColors(io.errorColor).bold(name)}\n${formatEntries(outcome.entries, { color: io.errorColor })}`);
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

/** `mainguard explain CODE`: a rule of the built-in codemod, explained. */
export async function runExplain(code: string, io: Io): Promise<number> {
  const codemod = await prepareCodemod('main-guard', io.cwd);
  io.out(renderExplanation(code, rulesOf(codemod), io.color));
  return 0;
}

/** The rules a codemod declares, for the reporters. */
function rulesOf(codemod: PreparedCodemod): RuleBook {
  return new RuleBook(codemod.codemod.meta.rules);
}

function toReport(result: FileOutcome | FileReport): FileReport {
  const { path: p, status, findings, reason, reasonLine, skipKind, entries } = result;
  return { path: p, status, findings, reason, reasonLine, skipKind, entries };
}

function byPath(a: FileReport, b: FileReport): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
