// A run through the results cache: the results still valid are taken from it, the rest are
// computed, and what was computed is remembered.
import type { FileOutcome, FileTask, IndexedFile, IndexTask } from '../run/pipeline.js';
import { resultKey } from './keys.js';
import type { ResultsCache } from './results-cache.js';

/** The files to index, each with the references the cache holds for its last bytes, so that they are not looked for again. */
export function withKnownReferences<T extends IndexTask>(files: T[], cache: ResultsCache): T[] {
  return files.map((file) => {
    const entry = cache.get(file.absPath);
    return entry?.references ? { ...file, known: { hash: entry.hash, references: entry.references } } : file;
  });
}

/**
 * Remembers what the index found in each file of the tree: the references for the bytes read (an
 * entry for other bytes loses its result too). Returns the hash of the bytes read, by absolute path.
 */
export function rememberReferences(files: IndexTask[], indexed: IndexedFile[], cache: ResultsCache): Map<string, string> {
  const hashes = new Map<string, string>();
  files.forEach((file, i) => {
    const { hash, references } = indexed[i]!;
    if (hash === undefined) return;
    hashes.set(file.absPath, hash);
    const entry = cache.get(file.absPath);
    if (entry?.hash === hash) {
      if (!entry.references && references) cache.set(file.absPath, { ...entry, references });
    } else {
      cache.set(file.absPath, references ? { hash, references } : { hash });
    }
  });
  return hashes;
}

/**
 * The outcomes of `files`, in order: a file whose bytes the index saw (`hashes`) and whose cached
 * result was computed for those bytes under the same key (path shown, importers) is answered here;
 * every other file goes to `run`, with the cached result it may use if the bytes it reads are the
 * same (a change is always re-read: its diff and the bytes to write come from the file). Results
 * computed by `run` are remembered.
 */
export async function runWithCache(files: FileTask[], hashes: Map<string, string>, cache: ResultsCache, run: (tasks: FileTask[]) => Promise<FileOutcome[]>): Promise<FileOutcome[]> {
  const outcomes = new Array<FileOutcome>(files.length);
  const keys = files.map((file) => resultKey(file.path, file.importedBy));
  const pending: number[] = [];
  files.forEach((file, i) => {
    const entry = cache.get(file.absPath);
    const result = entry?.key === keys[i] ? entry?.result : undefined;
    if (result && result.status !== 'changed' && hashes.get(file.absPath) === entry!.hash) {
      outcomes[i] = { ...result, absPath: file.absPath };
      cache.hits++;
    } else {
      pending.push(i);
    }
  });
  const tasks = pending.map((i): FileTask => {
    const file = files[i]!;
    const entry = cache.get(file.absPath);
    return entry?.result && entry.key === keys[i] ? { ...file, cached: { hash: entry.hash, result: entry.result } } : file;
  });
  const computed = await run(tasks);
  computed.forEach((outcome, j) => {
    const i = pending[j]!;
    const { cache: found, ...rest } = outcome;
    outcomes[i] = rest as FileOutcome;
    if (!found) return;
    if (found.hit) {
      cache.hits++;
      return;
    }
    const entry = cache.get(files[i]!.absPath);
    const references = entry?.hash === found.hash ? entry.references : undefined;
    cache.set(files[i]!.absPath, { hash: found.hash, ...(references ? { references } : {}), key: keys[i], result: found.result });
  });
  return outcomes;
}
