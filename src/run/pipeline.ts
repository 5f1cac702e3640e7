// One file's trip, the same in-process (--jobs 1), in every worker thread, in tests and scripts:
// read and decode it, run the codemod on it, and turn the result into an outcome of plain data —
// the new bytes in the file's own encoding and, when asked, its diff (without colors: they are
// added where the diff is printed).

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { hashBytes } from '../cache/keys.js';
import { type FileStamp, nowNs, stampOf } from '../cache/stamp.js';
import { type Codemod, type CodemodApi, type CodemodOptions, FileError, type FileJudgement, type Finding, type ImportingFile, type ReportEntry, SkipFile, type SourceFile } from '../codemod.js';
import type { DiscoveredFile } from '../files/discover.js';
import { encodePythonSource, importText, MAX_SOURCE_BYTES, readPythonSource, type SourceRead } from '../files/source.js';
import { renderDiff } from '../report/diff.js';
import type { Failed, Verdict } from '../status.js';
import { namesThrough, referencesWithReads } from './deferred-reads.js';
import { registerLanguages } from './languages.js';
import { encodeReferences, type ImportersByFile, importResolver, treeNames } from './resolve-imports.js';

/** What every result of a file holds, whatever its status. */
interface FileFacts {
  /** The path as the user sees it. */
  path: string;
  findings: Finding[];
  entries: ReportEntry[];
  /** What the codemod judged the file to be, and why, when it said. */
  judgement?: FileJudgement;
  /** Set when the transform asked for the deferred reads of an importer (SourceFile.namesUsedBy): the result depends on those files' bytes too. */
  readImporters?: true;
}

/** The outcome of one codemod on one file: plain data, safe to post between threads. */
export type CodemodResult = FileFacts &
  Verdict<{
    status: 'changed';
    /** The new text. */
    output: string;
  }>;

/**
 * Runs a codemod on one file, its grammars registered first; never throws: a throwing transform
 * becomes a `failed` result.
 */
export function runCodemod(codemod: Codemod, file: SourceFile, options: CodemodOptions = {}): CodemodResult {
  registerLanguages(codemod.meta.languages);
  const findings: Finding[] = [];
  const entries: ReportEntry[] = [];
  let judgement: FileJudgement | undefined;
  const api: CodemodApi = {
    report: (finding) => findings.push(finding),
    describe: (entry) => entries.push(entry),
    classify: (kind, why) => {
      judgement = { kind: String(kind), why: String(why) };
    },
    skip: (reason, options) => {
      throw new SkipFile(reason, options);
    },
  };
  // Read when a result is built, after the transform has run.
  const facts = (): FileFacts => (judgement ? { path: file.path, findings, entries, judgement } : { path: file.path, findings, entries });
  try {
    const output: unknown = codemod.transform(file, api, options);
    if (output === undefined || output === null || output === file.source) {
      return { status: 'unchanged', ...facts() };
    }
    if (typeof output !== 'string') {
      const what = output instanceof Promise ? 'a Promise (transforms must be synchronous)' : `a ${typeof output}, not a string`;
      return { status: 'failed', ...facts(), reason: `${codemod.meta.name} returned ${what}` };
    }
    return { status: 'changed', ...facts(), output };
  } catch (error) {
    if (error instanceof SkipFile) {
      return {
        status: 'skipped',
        ...facts(),
        reason: error.message,
        reasonLine: error.line,
        skipKind: error.kind,
      };
    }
    if (error instanceof FileError) return sourceFailure(codemod, facts(), error.message, error.line, error.column);
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'failed', ...facts(), reason: `${codemod.meta.name} crashed: ${message}` };
  }
}

/**
 * A file the codemod cannot read as source (it does not decode, or a FileError): `failed`, and a
 * finding of the codemod's `sourceErrors` rule at the error's line when it declares one.
 */
function sourceFailure<T extends FileFacts>(codemod: Codemod, facts: T, reason: string, line?: number, column?: number): T & Failed {
  const rule = codemod.meta.rules?.find((r) => r.sourceErrors);
  if (!rule) return { ...facts, status: 'failed', reason, reasonLine: line };
  const finding: Finding = { code: rule.code, message: reason, line: line ?? 1, column: column ?? 1 };
  return { ...facts, findings: [...facts.findings, finding], status: 'failed', reason, reasonLine: line, findingCode: rule.code };
}

/** What is asked of every file besides the transform; plain data, posted to workers as is. */
export interface TaskOptions {
  /** Passed to the codemod's `transform` as its `options`. */
  codemodOptions: CodemodOptions;
  /**
   * Render the unified diff of each changed file, with or without colors: as `text` to show (the
   * decoded lines), or as a `patch` (the file's own bytes, whatever its encoding, for git apply).
   */
  diff?: { form: 'text' | 'patch' };
  /**
   * The results cache is on: hash each file's bytes, take a task's `cached` result when they are
   * the bytes it was found for, and hand back what to remember (`FileOutcome.cache`).
   */
  cache?: boolean;
}

/** A change, as it crosses from a worker to the main thread: the bytes to write, and the diff when asked. */
export interface ChangedFile {
  status: 'changed';
  /** The bytes that were read; the file is written only if it still holds exactly these. */
  original: Buffer;
  /** The new contents, encoded as the file was (its encoding and BOM kept). */
  data: Buffer;
  /** When `TaskOptions.diff` asks for text: the unified diff from `a/PATH` to `b/PATH`, to show. */
  diff?: string;
  /** When `TaskOptions.diff` asks for a patch: the same diff as bytes, its lines in the file's encoding. */
  patch?: Buffer;
}

/** One file's outcome as plain, structured-clone-safe data: the codemod's result and, when changed, the bytes to write. */
export type FileOutcome = FileFacts & {
  /** The file's real absolute path: the one to write. */
  absPath: string;
  /** With `TaskOptions.cache`: the hash of the bytes read, their result to remember, and whether it came from the cache. */
  cache?: CachedResult & { hit: boolean };
} & Verdict<ChangedFile>;

/** A codemod's result for a file's bytes, known by their hash, and the diff of a change when it was rendered. */
export interface CachedResult {
  hash: string;
  result: CodemodResult;
  /** The unified diff of a `changed` result, by form (a patch as a latin-1 string). */
  diffs?: DiffsByForm;
}

/** Rendered diffs of one change, by `TaskOptions.diff` form. */
export type DiffsByForm = Partial<Record<'text' | 'patch', string>>;

/** The outcome of a file with a change. */
export type ChangeOutcome = Extract<FileOutcome, { status: 'changed' }>;

/** A `failed` outcome of a file no codemod saw (unreadable, or lost with its worker). */
export function failedOutcome(file: DiscoveredFile, reason: string): FileOutcome {
  return { status: 'failed', path: file.path, absPath: file.absPath, findings: [], entries: [], reason };
}

// Trees live in native memory freed only after the event loop turns: yield every few files.
const FILES_BETWEEN_YIELDS = 32;

/** A file to process: where it is and, when the tree was indexed, the files that import it. */
export interface FileTask extends DiscoveredFile {
  importedBy?: ImportingFile[];
  /** A result from the cache, valid if the file still has the bytes of `hash` (with `TaskOptions.cache`). */
  cached?: CachedResult;
}

/** The files as tasks that carry who imports each of them (none, for a file the index found no importer of). */
export function withImporters(files: DiscoveredFile[], importers: ImportersByFile): FileTask[] {
  return files.map((file) => ({ ...file, importedBy: importers.get(file.absPath) ?? [] }));
}

/**
 * Runs the codemod on a file already read and decoded (from disk or stdin) and turns the result
 * into the file's outcome: a change is encoded back in the file's own encoding (a character it
 * cannot hold makes the file `failed`) and diffed when asked; the texts are dropped, so that
 * little crosses between threads. A read error becomes a `failed` outcome.
 */
export function processSource(file: FileTask, read: SourceRead, codemod: Codemod, options: TaskOptions): FileOutcome {
  if (!read.ok && read.kind === 'unreadable') return failedOutcome(file, read.reason);
  const { bytes } = read;
  if (!options.cache || !bytes) return toOutcome(file, read, resultOf(file, read, codemod, options), options);
  const hash = hashBytes(bytes);
  const hit = file.cached?.hash === hash;
  const result = hit ? file.cached!.result : resultOf(file, read, codemod, options);
  const outcome = toOutcome(file, read, result, options, hit ? file.cached!.diffs : undefined);
  // A crash or an internal failure may not happen again: only results that are the file's own are kept.
  const keep = result.status !== 'failed' || result.findingCode !== undefined;
  if (!keep) return outcome;
  const diffs = renderedDiffs(outcome, options);
  return { ...outcome, cache: { hash, result, hit, ...(diffs ? { diffs } : {}) } };
}

// The diff of a change, to remember with its result: it depends only on the path, the bytes and the result.
function renderedDiffs(outcome: FileOutcome, options: TaskOptions): DiffsByForm | undefined {
  if (outcome.status !== 'changed' || !options.diff) return undefined;
  if (options.diff.form === 'patch') return outcome.patch ? { patch: outcome.patch.toString('latin1') } : undefined;
  return outcome.diff !== undefined ? { text: outcome.diff } : undefined;
}

/** The codemod's result for the file as read; for bytes that do not decode, the finding of its `sourceErrors` rule. */
function resultOf(file: FileTask, read: SourceRead, codemod: Codemod, options: TaskOptions): CodemodResult {
  if (!read.ok) return sourceFailure(codemod, { path: file.path, findings: [], entries: [] }, read.reason, read.line);
  return transformSource(file, read, codemod, options);
}

function transformSource(file: FileTask, read: SourceRead & { ok: true }, codemod: Codemod, options: TaskOptions): CodemodResult {
  if (!file.importedBy) return runCodemod(codemod, { path: file.path, source: read.text }, options.codemodOptions);
  let asked = false;
  const namesUsedBy = (importer: ImportingFile): string[] | 'all' => {
    if (!importer.deferred) return importer.names;
    asked = true;
    return namesThrough(importer, referencesWithReads(importer.path, importer.deferred.absPath, codemod, new Set(importer.deferred.through)));
  };
  const result = runCodemod(codemod, { path: file.path, source: read.text, importedBy: file.importedBy, namesUsedBy }, options.codemodOptions);
  return asked ? { ...result, readImporters: true } : result;
}

/**
 * A codemod's result for the file as read, as its outcome: a change is encoded back in the file's
 * own encoding (a character it cannot hold makes the file `failed`) and diffed when asked.
 */
function toOutcome(file: FileTask, read: SourceRead, result: CodemodResult, options: TaskOptions, known?: DiffsByForm): FileOutcome {
  // Only text that decodes has a change: the same bytes always decode the same way.
  if (result.status !== 'changed' || !read.ok) return { ...(result as Exclude<CodemodResult, { status: 'changed' }>), absPath: file.absPath };
  const { output, ...rest } = result;
  const facts = { ...rest, absPath: file.absPath };
  const data = encodePythonSource(output, { encoding: read.encoding, bom: read.bom });
  if (!Buffer.isBuffer(data)) return { ...facts, status: 'failed', reason: data.error };
  const change = { ...facts, status: 'changed' as const, original: read.bytes, data };
  if (!options.diff) return change;
  if (options.diff.form === 'patch') {
    // Diffing the bytes as latin-1 strings keeps every byte; the header is ASCII (jsdiff quotes other names).
    const patch = known?.patch ?? renderDiff(file.path, read.bytes.toString('latin1'), data.toString('latin1'), { color: false });
    return { ...change, patch: Buffer.from(patch, 'latin1') };
  }
  const bom = read.bom ? '\uFEFF' : '';
  return { ...change, diff: known?.text ?? renderDiff(file.path, bom + read.text, bom + output, { color: false }) };
}

/** Reads, decodes, transforms, encodes and diffs one file; never throws. */
export async function processFile(file: FileTask, codemod: Codemod, options: TaskOptions): Promise<FileOutcome> {
  try {
    return processSource(file, await readPythonSource(file.absPath), codemod, options);
  } catch (error) {
    // runCodemod and readPythonSource do not throw: this is a bug, kept to this one file.
    const message = error instanceof Error ? error.message : String(error);
    return failedOutcome(file, `internal error: ${message}`);
  }
}

/**
 * Processes files one after the other in this thread, reporting each outcome with its index in
 * `files`; yields to the event loop every few files so that parse trees are freed. The same code
 * runs in-process (`--jobs 1`) and inside each worker thread.
 */
export async function processFiles(files: FileTask[], codemod: Codemod, options: TaskOptions, onOutcome: (index: number, outcome: FileOutcome) => void): Promise<void> {
  for (const [index, file] of files.entries()) {
    onOutcome(index, await processFile(file, codemod, options));
    if ((index + 1) % FILES_BETWEEN_YIELDS === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * The files as tasks that carry their importers: the codemod's `index` step over the whole `tree`
 * (run by `runIndex`, in this thread or on workers, which hands each file's find to `onIndexed` as
 * it comes), its references resolved to the tree's files meanwhile. For a codemod without the
 * step, the files as they are.
 */
export async function withProjectIndex(
  files: DiscoveredFile[],
  tree: DiscoveredFile[],
  codemod: Codemod,
  runIndex: (tree: DiscoveredFile[], onIndexed: (index: number, indexed: IndexedFile) => void) => Promise<unknown>,
): Promise<FileTask[]> {
  if (!codemod.index || files.length === 0) return files;
  const resolver = importResolver(tree);
  await runIndex(tree, (index, indexed) => resolver.add(tree[index]!, indexed.references));
  return withImporters(files, resolver.importers());
}

/**
 * Processes the files in this thread and returns their outcomes in order (for scripts and tests;
 * the CLI goes through the pool): first the project index over them, for a codemod with an
 * `index` step.
 */
export async function processAll(files: DiscoveredFile[], codemod: Codemod, options: TaskOptions): Promise<FileOutcome[]> {
  const tasks = await withProjectIndex(files, files, codemod, (tree, onIndexed) => indexFiles(tree, codemod, false, onIndexed, treeNames(tree)));
  const outcomes: FileOutcome[] = [];
  await processFiles(tasks, codemod, options, (index, outcome) => {
    outcomes[index] = outcome;
  });
  return outcomes;
}

/** A file to index: where it is and, with the cache on, what the cache knows of it. */
export interface IndexTask extends DiscoveredFile {
  /** What was found for the bytes of `hash`, taken instead of indexing those bytes again (given only while its `outside` names still are). */
  known?: { hash: string; references: string; outside?: string };
}

/** What the index step found in one file, and (when asked for it) the hash of the bytes it read and the file's stamp. */
export interface IndexedFile {
  /** What it references, as `encodeReferences` writes it; undefined: the file imports nothing known (unreadable, too large, or the step threw). */
  references?: string;
  /** The names the step was told are not in the tree, one a line: what `references` holds stands while none of them is. */
  outside?: string;
  hash?: string;
  stamp?: FileStamp;
}

/**
 * Runs a codemod's `index` step on one file of the tree whose module names are `names`: what it
 * imports. Never throws: a file that cannot be read (it is reported once, by the transform) or a
 * step that throws imports nothing. With `hash`, the bytes are hashed, and the cache's references
 * taken when they are the same bytes.
 */
export async function indexFile(file: IndexTask, codemod: Codemod, hash: boolean, names: ReadonlySet<string>): Promise<IndexedFile> {
  if (!codemod.index) return {};
  try {
    const read = hash ? nowNs() : 0n;
    // Read synchronously, as readSourceBytes does: the thread-pool hand-offs cost more than the read.
    const fd = openSync(file.absPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    let bytes: Buffer;
    let stamp: FileStamp | undefined;
    try {
      const stats = fstatSync(fd, { bigint: true });
      if (!stats.isFile() || stats.size > MAX_SOURCE_BYTES) return {};
      if (hash) stamp = stampOf(stats, read);
      bytes = readInto(fd, Number(stats.size));
    } finally {
      closeSync(fd);
    }
    const hashed = stamp ? { hash: hashBytes(bytes), stamp } : {};
    if (file.known && file.known.hash === hashed.hash) return { ...file.known, ...hashed };
    const outside = new Set<string>();
    const inTree = (name: string): boolean => {
      if (names.has(name)) return true;
      outside.add(name);
      return false;
    };
    // treeNames holds a folder's name as `/name` too, and so does `outside` for "no folder".
    const hasFolder = (name: string): boolean => inTree(`/${name}`);
    const references = codemod.index({ path: file.path, source: importText(bytes) }, { inTree, hasFolder, deferReads: true });
    if (!Array.isArray(references)) return hashed;
    return { references: encodeReferences(references), ...(outside.size > 0 ? { outside: [...outside].join('\n') } : {}), ...hashed };
  } catch {
    return {};
  }
}

// One buffer for every file the index reads in this thread: the bytes are decoded (and hashed)
// before the next file is read, so none needs a buffer of its own to allocate and collect.
let indexBuffer: Buffer | undefined;

/** The bytes of the open file `fd`, `size` long as its stat said (fewer if it shrank since), in `indexBuffer`. */
function readInto(fd: number, size: number): Buffer {
  indexBuffer ??= Buffer.allocUnsafe(MAX_SOURCE_BYTES);
  let length = 0;
  for (let got = 1; got > 0 && length < size; length += got) got = readSync(fd, indexBuffer, length, size - length, null);
  return indexBuffer.subarray(0, length);
}

/** Indexes files of the tree whose module names are `names` one after the other in this thread, reporting each with its index in `files`. */
export async function indexFiles(files: IndexTask[], codemod: Codemod, hash: boolean, onIndexed: (index: number, indexed: IndexedFile) => void, names: ReadonlySet<string>): Promise<void> {
  for (const [index, file] of files.entries()) {
    onIndexed(index, await indexFile(file, codemod, hash, names));
    // The reads are synchronous: let the event loop turn (progress, signals) every few files.
    if ((index + 1) % FILES_BETWEEN_YIELDS === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}
