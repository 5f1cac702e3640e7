// A scan through the results cache. Files whose metadata is unchanged since their bytes were read
// are not read for the index; results still valid are taken as they are (a change is re-read so
// that the bytes written and the diff come from the file); the rest are computed, and remembered.
import type { DiscoveredFile } from '../files/discover.js';
import type { PreparedCodemod } from '../run/codemods.js';
import { type CodemodResult, type FileOutcome, type FileTask, type IndexedFile, type IndexTask, processFile, type TaskOptions } from '../run/pipeline.js';
import { chooseJobs, indexAll, type RunHooks, runFiles } from '../run/pool.js';
import { type ImportersByFile, type ImportResolver, importResolver, stillOutside, treeNames } from '../run/resolve-imports.js';
import { resultKey, treeKey } from './keys.js';
import type { CacheEntry, ResultsCache } from './results-cache.js';
import { statAll, unchangedSince } from './stamp.js';

/** What a cached scan works on: the files to report, and the tree the index reads. */
export interface CachedScanInput {
  files: DiscoveredFile[];
  tree: DiscoveredFile[];
}

/**
 * The outcomes of `input.files`, in order, as an uncached scan gives them, with what the cache
 * still holds taken from it and what was computed added to it. `onIndexed` receives the files
 * with their importers (resolved for it even where the cache would not need them).
 */
export async function scanWithCache(
  input: CachedScanInput,
  codemod: PreparedCodemod,
  options: TaskOptions,
  jobs: number | undefined,
  hooks: RunHooks,
  cache: ResultsCache,
  onIndexed?: (files: FileTask[]) => void,
): Promise<FileOutcome[]> {
  const { files, tree } = input;
  const started = performance.now();
  // The references of the files read are resolved as the index reads them; those the cache
  // vouches for, only if some file's importers turn out to be needed.
  let resolver: ImportResolver | undefined;
  const resolved = new Array<boolean>(tree.length).fill(false);
  const resolve = (i: number, references: string | undefined): void => {
    resolver ??= importResolver(tree);
    resolver.add(tree[i]!, references);
    resolved[i] = true;
  };
  const indexed = codemod.codemod.index && files.length > 0 ? await indexTree(tree, codemod, jobs, hooks, cache, (i, read) => resolve(i, read.references)) : [];
  const hashes = new Map<string, string | undefined>(tree.map((file, i) => [file.absPath, indexed[i]?.hash]));
  // While the tree is the one whose every result was keyed last time, so are the importers of each file.
  const key = indexed.length > 0 ? treeKey(tree.map((file, i) => [file.path, file.absPath, indexed[i]?.hash])) : undefined;
  const sameTree = key !== undefined && cache.tree === key;
  let importers: ImportersByFile | undefined;
  const importedBy = (file: DiscoveredFile) => {
    if (!codemod.codemod.index) return undefined;
    if (!importers) {
      indexed.forEach((known, i) => {
        if (!resolved[i]) resolve(i, known.references);
      });
      importers = resolver?.importers() ?? new Map();
    }
    return importers.get(file.absPath) ?? [];
  };
  // A result that read its importers' deferred reads holds for their bytes only.
  const keyOf = (file: DiscoveredFile, readImporters: boolean | undefined): string => {
    const importers = importedBy(file);
    return resultKey(file.path, importers, readImporters ? importers?.map((i) => i.deferred && hashes.get(i.deferred.absPath)) : undefined);
  };
  const keys = files.map((file) => {
    const entry = cache.get(file.absPath);
    if (sameTree && entry?.key !== undefined && entry.hash === hashes.get(file.absPath)) return entry.key;
    return keyOf(file, entry?.result?.readImporters);
  });
  // The key a computed result is kept under: the one it was looked up by, unless it asked for its
  // importers' reads where the cached result did not (or the other way round).
  const keyFor = (i: number, result: CodemodResult): string => (result.readImporters === cache.get(files[i]!.absPath)?.result?.readImporters ? keys[i]! : keyOf(files[i]!, result.readImporters));
  // The tree key stands for the entries only when every file of the tree was keyed in this run.
  cache.tree = key !== undefined && files.length === tree.length ? key : undefined;
  onIndexed?.(files.map((file): FileTask => (codemod.codemod.index ? { ...file, importedBy: importedBy(file) } : file)));
  const indexDone = performance.now();
  hooks.onPhase?.('index', (indexDone - started) / 1000);

  const outcomes = new Array<FileOutcome>(files.length);
  const inWorkers: number[] = [];
  const cachedOptions = { ...options, cache: true };
  const taskFor = (i: number): FileTask => {
    const file = files[i]!;
    const entry = cache.get(file.absPath);
    const task: FileTask = codemod.codemod.index ? { ...file, importedBy: importedBy(file) } : { ...file };
    return entry?.result && entry.key === keys[i] ? { ...task, cached: { hash: entry.hash, result: entry.result, ...(entry.diffs ? { diffs: entry.diffs } : {}) } } : task;
  };
  for (const [i, file] of files.entries()) {
    const entry = cache.get(file.absPath);
    const result = entry?.key === keys[i] ? entry?.result : undefined;
    if (!result || hashes.get(file.absPath) !== entry!.hash) {
      inWorkers.push(i);
    } else if (result.status !== 'changed') {
      outcomes[i] = { ...result, absPath: file.absPath };
      cache.hits++;
    } else {
      // A change is read again, here: the bytes to write and the diff come from the file itself.
      outcomes[i] = remember(cache, file, (r) => keyFor(i, r), await processFile(taskFor(i), codemod.codemod, cachedOptions));
    }
  }
  const computed = await runFiles(inWorkers.map(taskFor), codemod, cachedOptions, chooseJobs(jobs, inWorkers.length), hooks);
  hooks.onPhase?.('files', (performance.now() - indexDone) / 1000);
  computed.forEach((outcome, j) => {
    const i = inWorkers[j]!;
    outcomes[i] = remember(cache, files[i]!, (r) => keyFor(i, r), outcome);
  });
  return outcomes;
}

/**
 * What every file of the tree imports: from the cache for a file whose stamp shows it unchanged,
 * else read (and hashed, and stamped) by the index step, each handed to `onRead` as it comes;
 * remembered in the cache.
 */
async function indexTree(
  tree: DiscoveredFile[],
  codemod: PreparedCodemod,
  jobs: number | undefined,
  hooks: RunHooks,
  cache: ResultsCache,
  onRead: (index: number, read: IndexedFile) => void,
): Promise<IndexedFile[]> {
  const stats = await statAll(tree.map((file) => file.absPath));
  const names = treeNames(tree);
  const indexed = new Array<IndexedFile>(tree.length);
  const toRead: number[] = [];
  // What was found in a file stands while the names it was told are outside the tree still are.
  const entries = tree.map((file) => {
    const entry = cache.get(file.absPath);
    return entry?.references !== undefined && stillOutside(entry.outside, names) ? entry : undefined;
  });
  const foundIn = (entry: CacheEntry) => ({ hash: entry.hash, references: entry.references!, ...outsideOf(entry) });
  tree.forEach((_, i) => {
    const entry = entries[i];
    const stats_ = stats[i];
    if (entry?.stamp && stats_ && unchangedSince(entry.stamp, stats_)) indexed[i] = foundIn(entry);
    else toRead.push(i);
  });
  const tasks = toRead.map((i): IndexTask => {
    const entry = entries[i];
    return entry ? { ...tree[i]!, known: foundIn(entry) } : tree[i]!;
  });
  const found = await indexAll(tasks, names, codemod, chooseJobs(jobs, tasks.length), true, { onWorkerOutput: hooks.onWorkerOutput, threads: hooks.threads }, (j, read) => onRead(toRead[j]!, read));
  toRead.forEach((i, j) => {
    const read = found[j]!;
    indexed[i] = read;
    if (read.hash === undefined) return;
    const entry = cache.get(tree[i]!.absPath);
    const references = read.references !== undefined ? { references: read.references, ...outsideOf(read) } : {};
    // The same bytes keep their result; other bytes lose it.
    const kept: Partial<CacheEntry> = entry?.hash === read.hash ? { key: entry.key, result: entry.result, ...(entry.diffs ? { diffs: entry.diffs } : {}) } : {};
    cache.set(tree[i]!.absPath, { hash: read.hash, ...(read.stamp ? { stamp: read.stamp } : {}), ...references, ...(kept.result ? kept : {}) });
  });
  return indexed;
}

/**
 * Remembers a computed outcome's result under its key, and a diff rendered of a change taken from
 * the cache; returns the outcome without its cache part.
 */
function remember(cache: ResultsCache, file: DiscoveredFile, keyFor: (result: CodemodResult) => string, outcome: FileOutcome): FileOutcome {
  const { cache: found, ...rest } = outcome;
  if (!found) return rest as FileOutcome;
  const entry = cache.get(file.absPath);
  if (found.hit) {
    cache.hits++;
    const added = found.diffs && Object.entries(found.diffs).some(([form, diff]) => entry?.diffs?.[form as keyof typeof found.diffs] !== diff);
    if (entry && added) cache.set(file.absPath, { ...entry, diffs: { ...entry.diffs, ...found.diffs } });
    return rest as FileOutcome;
  }
  const known = entry?.hash === found.hash ? { ...(entry.stamp ? { stamp: entry.stamp } : {}), ...(entry.references !== undefined ? { references: entry.references, ...outsideOf(entry) } : {}) } : {};
  cache.set(file.absPath, { hash: found.hash, ...known, key: keyFor(found.result), result: found.result, ...(found.diffs ? { diffs: found.diffs } : {}) });
  return rest as FileOutcome;
}

/** The `outside` names of an entry or a find, as a property to spread (none when there are none). */
function outsideOf(found: { outside?: string }): { outside?: string } {
  return found.outside ? { outside: found.outside } : {};
}
