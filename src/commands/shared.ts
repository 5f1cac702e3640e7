// What the commands share: their edges (Io), the settings in force, discovery, the scan with its
// progress, the selection of findings.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { scanWithCache } from '../cache/cached-scan.js';
import { type CacheFlags, openCache } from '../cache/location.js';
import type { ResultsCache } from '../cache/results-cache.js';
import type { Codemod, CodemodOptions } from '../codemod.js';
import { type ConfigSchema, configSchema, findConfigFile, type MainguardConfig, readConfig, resolveSelection } from '../config/config.js';
import { type ConfigFlags, mergeConfig } from '../config/settings.js';
import { UsageError } from '../errors.js';
import { findChangedFiles, gitTopLevel, keepChanged } from '../files/changed.js';
import { type DiscoveredFile, type Discovery, discoverFiles } from '../files/discover.js';
import { toPosixPath } from '../files/paths.js';
import { type Shard, selectShard } from '../files/shard.js';
import type { FileReport } from '../report/report.js';
import { RuleBook } from '../report/rule-book.js';
import { optionProperty } from '../run/codemod-options.js';
import { builtinMetas, type PreparedCodemod } from '../run/codemods.js';
import { collectGarbage } from '../run/garbage.js';
import { type FileOutcome, type FileTask, type IndexedFile, type TaskOptions, withProjectIndex } from '../run/pipeline.js';
import { chooseJobs, closeThreads, IN_PROCESS_BELOW, indexAll, type RunHooks, runFiles, type ScanPhase, sharedThreads, startThreads, type Threads } from '../run/pool.js';
import { treeNames } from '../run/resolve-imports.js';
import type { Progress } from '../ui/progress.js';
import type { Answer, Question } from '../ui/prompt.js';

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
  /** Shows a text on stdout, through the pager ($PAGER) when stdout is a terminal too short for it. */
  page(text: string): Promise<void>;
  /** Runs `task` with SIGINT/SIGTERM aborting `signal` instead of killing the process. */
  whileInterruptible<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

/** Flags shared by `check`, `fix` and `run`, as commander parses them. */
export interface CommonFlags extends ConfigFlags, CacheFlags {
  config?: string;
  /** `--jobs N`: threads; 1 runs in-process; default one per core (in-process below 200 files). */
  jobs?: number;
  /** `--changed-since REF`: only the files git sees as changed since REF, or untracked. */
  changedSince?: string;
  /** `--shard I/N`: only part I of the file list split N ways. */
  shard?: Shard;
  /** `--verbose`: also list every file left alone, with what it is and why. */
  verbose?: boolean;
}

/** The exit code of an interrupted run (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT_CODE = 130;

/** The effective settings of a run: config file values overridden by flags. */
export interface Settings {
  config: MainguardConfig;
  configFile?: string;
  /** The codes select and ignore choose among: those of the built-in codemods and of the one that runs. */
  codes: Set<string>;
  /** The codes to report. */
  selected: Set<string>;
}

/**
 * The keys of `[tool.mainguard]`: mainguard's own, and the options and rules of the built-in
 * codemods and of `codemod` (a table written for main-guard stays valid for `run -t` another).
 */
export async function schemaFor(codemod?: Codemod): Promise<ConfigSchema> {
  return configSchema([...(await builtinMetas()), ...(codemod ? [codemod.meta] : [])]);
}

/**
 * The config file in force — the one `--config` names, else the nearest pyproject.toml with a
 * `[tool.mainguard]` table — and what it sets. A file `--config` names that has no such table is
 * read as empty, with one warning line: the defaults apply, which the user may not expect.
 */
export async function readConfigFile(flags: { config?: string }, io: Io, schema: ConfigSchema): Promise<{ configFile?: string; fromFile: MainguardConfig }> {
  const configFile = flags.config ? path.resolve(io.cwd, flags.config) : await findConfigFile(io.cwd);
  if (!configFile) return { fromFile: {} };
  const fromFile = await readConfig(configFile, schema, flags.config);
  // Only a file --config names can lack the table: the nearest one is found by it.
  if (!fromFile) io.err(`warning: --config ${flags.config} has no [tool.mainguard] table; the defaults apply\n`);
  return { configFile, fromFile: fromFile ?? {} };
}

/** The settings in force: the config file found (or named by --config), with the flags over it. */
export async function resolveSettings(flags: ConfigFlags & { config?: string }, io: Io, schema: ConfigSchema): Promise<Settings> {
  const { configFile, fromFile } = await readConfigFile(flags, io, schema);
  const { config } = mergeConfig(fromFile, configFile, flags, schema);
  return { config, configFile, codes: new Set(schema.codes), selected: resolveSelection(schema.codes, config.select, config.ignore) };
}

/** The files to scan, and the tree they belong to: what the project index reads. */
export interface ScanInput extends Discovery {
  /** Every file of the project: those found under `paths` before `--changed-since` and `--shard` narrow them, and the project's folder when files are named one by one. */
  tree: DiscoveredFile[];
}

/**
 * The files to scan: discovery under `paths`, then `--changed-since` and `--shard`, in that order.
 * Once the walk has found as many files as a run takes worker threads for, the run's `threads`
 * are started, to load while it goes on.
 */
export async function discover(paths: string[], settings: Settings, io: Io, flags: CommonFlags, threads?: Threads): Promise<ScanInput> {
  const options = {
    cwd: io.cwd,
    exclude: settings.config.exclude,
    extendExclude: settings.config.extendExclude,
    excludeBase: settings.configFile ? path.dirname(settings.configFile) : io.cwd,
    extensions: settings.config.extensions,
    respectGitignore: settings.config.respectGitignore,
    onFound: (count: number) => {
      if (threads && count === IN_PROCESS_BELOW) startThreads(threads, chooseJobs(flags.jobs, count));
    },
  };
  const discovery = await discoverFiles(paths, options);
  let files = discovery.files;
  if (flags.changedSince !== undefined) files = keepChanged(files, await findChangedFiles(io.cwd, flags.changedSince), io.cwd);
  if (flags.shard) files = selectShard(files, flags.shard);
  return { files, errors: discovery.errors, tree: await projectTree(discovery.files, paths, settings, io, options) };
}

// Files named one by one (pre-commit passes the changed ones) are judged with the rest of their
// project: the folder of the configuration file, else the git work tree around the working
// folder, else the folders the files are in (where Python looks first for what they import).
async function projectTree(found: DiscoveredFile[], paths: string[], settings: Settings, io: Io, options: Parameters<typeof discoverFiles>[1]): Promise<DiscoveredFile[]> {
  const resolved = paths.map((p) => path.resolve(io.cwd, p));
  const named = await Promise.all(
    resolved.map((p) =>
      stat(p).then(
        (s) => s.isFile(),
        () => false,
      ),
    ),
  );
  if (!named.some(Boolean)) return found;
  const root = settings.configFile ? path.dirname(settings.configFile) : await gitTopLevel(io.cwd);
  const roots = root !== undefined ? [root] : [...new Set(resolved.filter((_, i) => named[i]).map((p) => path.dirname(p)))];
  const project = await discoverFiles(roots, options);
  const seen = new Set(project.files.map((f) => f.absPath));
  return [...project.files, ...found.filter((f) => !seen.has(f.absPath))];
}

/** The paths discovery could not walk or read, as failed files. */
export function discoveryFailures(discovery: Discovery): FileReport[] {
  return discovery.errors.map((e) => ({ path: e.path, status: 'failed' as const, findings: [], reason: e.reason }));
}

/** Drops the findings that select/ignore turn off; a code no codemod declares is always shown. */
export function selectFindings<T extends FileReport>(reports: T[], settings: Settings): T[] {
  return reports.map((r) => ({ ...r, findings: r.findings.filter((f) => !settings.codes.has(f.code) || settings.selected.has(f.code)) }));
}

/**
 * Runs the codemod over the files with the progress display up, on the threads `--jobs` chooses;
 * first, for a codemod with an `index` step, the project index over the whole tree, whose tasks
 * (each file with its importers) `onIndexed` receives. With a cache, the results still valid come
 * from it, and the cache is written back at the end (a cache that cannot be written is one warning line).
 */
export async function scan(input: ScanInput, codemod: PreparedCodemod, options: TaskOptions, jobs: number | undefined, io: Io, extras: ScanExtras = {}): Promise<FileOutcome[]> {
  const { cache, onIndexed, phases } = extras;
  const progress = io.startProgress('Scanning');
  // The index's threads are kept for the files.
  const threads = extras.threads ?? sharedThreads(codemod);
  const hooks: RunHooks = {
    onProgress: (done, total) => progress.update(done, total),
    onWorkerOutput: (text) => io.err(text),
    threads,
    ...(phases ? { onPhase: (phase: ScanPhase, seconds: number) => (phases[phase] = seconds) } : {}),
  };
  let outcomes: FileOutcome[];
  try {
    outcomes = cache ? await scanWithCache(input, codemod, options, jobs, hooks, cache, onIndexed) : await scanTree(input, codemod, options, jobs, hooks, onIndexed);
  } finally {
    progress.stop();
    await closeThreads(threads);
  }
  if (cache) {
    const problem = await cache.save();
    if (problem) io.err(`warning: cannot write the cache in ${displayPath(cache.dir, io.cwd)} (${problem}); this run's results are not kept (--no-cache skips the cache)\n`);
  }
  return outcomes;
}

/** What a scan may be given besides its files: the results cache, and who wants the files with their importers. */
export interface ScanExtras {
  /** Threads to run on, some perhaps started already (see startThreads); the scan ends them. */
  threads?: Threads;
  cache?: ResultsCache;
  onIndexed?: (files: FileTask[]) => void;
  /** Filled with how long each phase of the scan took, in seconds (see formatPhases). */
  phases?: ScanPhases;
}

/** How long each phase of a scan took, in seconds. */
export type ScanPhases = Partial<Record<ScanPhase, number>>;

/** The scan without a cache: the project index over the tree, then every file. */
async function scanTree(input: ScanInput, codemod: PreparedCodemod, options: TaskOptions, jobs: number | undefined, hooks: RunHooks, onIndexed?: (files: FileTask[]) => void): Promise<FileOutcome[]> {
  const index = (tree: DiscoveredFile[], onFile: (index: number, indexed: IndexedFile) => void) =>
    indexAll(tree, treeNames(tree), codemod, chooseJobs(jobs, tree.length), false, { onWorkerOutput: hooks.onWorkerOutput, threads: hooks.threads }, onFile);
  const started = performance.now();
  const files = await withProjectIndex(input.files, input.tree, codemod.codemod, index);
  onIndexed?.(files);
  const indexDone = performance.now();
  hooks.onPhase?.('index', (indexDone - started) / 1000);
  const running = runFiles(files, codemod, options, chooseJobs(jobs, files.length), hooks);
  // What the index read of every file is garbage now: freed while the workers start on the first
  // batches, which runFiles has posted before it first waits.
  collectGarbage();
  const outcomes = await running;
  hooks.onPhase?.('files', (performance.now() - indexDone) / 1000);
  return outcomes;
}

/** The results cache of a run of `codemod` with `options` (see openCache); undefined with `--no-cache`. */
export function cacheFor(flags: CommonFlags, settings: Settings, io: Io, codemod: PreparedCodemod, options: CodemodOptions): Promise<ResultsCache | undefined> {
  return openCache(flags, { cwd: io.cwd, configFile: settings.configFile, version: io.version }, codemod, options);
}

/** For `--verbose`: how long the project index and the files took (`time: project index 1.52 s, files 12.31 s`). */
export function formatPhases(phases: ScanPhases): string {
  const took = (seconds: number | undefined): string => `${(seconds ?? 0).toFixed(2)} s`;
  return phases.index === undefined && phases.files === undefined ? '' : `time: project index ${took(phases.index)}, files ${took(phases.files)}\n`;
}

/** For `--verbose`: how many of the files scanned had their result taken from the cache. */
export function formatCacheUse(cache: ResultsCache | undefined, files: number, cwd: string): string {
  if (!cache) return 'cache: not used (--no-cache)\n';
  return `cache: ${cache.hits} of ${files} ${files === 1 ? 'result' : 'results'} from ${displayPath(cache.dir, cwd)}\n`;
}

/** A folder as the messages name it: relative to the working folder, with forward slashes. */
function displayPath(dir: string, cwd: string): string {
  return toPosixPath(path.relative(cwd, dir) || '.');
}

/**
 * The output format from `--format` or its synonym `--output-format` (ruff's name), `fallback`
 * when neither is given; both with different values is a usage error.
 */
export function chooseFormat<T extends string>(flags: { format?: T; outputFormat?: T }, fallback: T): T {
  if (flags.format !== undefined && flags.outputFormat !== undefined && flags.format !== flags.outputFormat) {
    throw new UsageError(`--format ${flags.format} and --output-format ${flags.outputFormat} disagree`, 'they are the same option: give one of them');
  }
  return flags.format ?? flags.outputFormat ?? fallback;
}

/** Refuses the options that choose among discovered files when the source comes from stdin instead. */
export function checkStdinUse(paths: string[], flags: CommonFlags & { stdinFilename?: string }, command: string): boolean {
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

/** The codemod of a fix workflow and how it is named to the user. */
export interface Job {
  command: 'fix' | 'run';
  /** A built-in name or a path (see prepareCodemod). */
  ref: string;
  /** Options from the command line that the codemod does not declare (`run -t X --name=value`), over the declared ones. */
  options: CodemodOptions;
}

/**
 * The options `transform` receives: each option the codemod declares, as the settings have it
 * (the table, then the flags) or its default, under its camelCase name; then `commandLine`.
 */
export function codemodOptionsFor(codemod: Codemod, commandLine: CodemodOptions, settings: Settings): CodemodOptions {
  const declared = (codemod.meta.options ?? []).map((option) => [optionProperty(option.key), settings.config.options?.[option.key] ?? option.default]);
  const defined = Object.entries(commandLine).filter(([, value]) => value !== undefined);
  return Object.fromEntries([...declared, ...defined]);
}

/** The rules a codemod declares, for the reporters. */
export function rulesOf(codemod: PreparedCodemod): RuleBook {
  return new RuleBook(codemod.codemod.meta.rules);
}

/** A file's outcome as the reporters see it: its status and reasons, without the bytes and diffs. */
export function toReport(outcome: FileOutcome): FileReport {
  const { path: p, findings, entries } = outcome;
  const judged = outcome.judgement ? { judgement: outcome.judgement } : {};
  switch (outcome.status) {
    case 'changed':
    case 'unchanged':
      return { path: p, status: outcome.status, findings, entries, ...judged };
    case 'skipped':
      return { path: p, status: 'skipped', findings, entries, ...judged, skipKind: outcome.skipKind, reason: outcome.reason, reasonLine: outcome.reasonLine };
    case 'failed':
      return { path: p, status: 'failed', findings, entries, ...judged, reason: outcome.reason, reasonLine: outcome.reasonLine, findingCode: outcome.findingCode };
  }
}

/**
 * The reports of the files named on the command line themselves (or read from stdin), not found
 * in a folder: those whose fate the user asked about by name.
 */
export function namedOnCommandLine<T extends FileReport>(reports: T[], paths: string[], cwd: string): T[] {
  if (paths.includes('-')) return reports;
  const named = new Set(paths.map((p) => path.resolve(cwd, p)));
  return reports.filter((r) => named.has(path.resolve(cwd, r.path)));
}

/** Orders reports by path. */
export function byPath(a: FileReport, b: FileReport): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
