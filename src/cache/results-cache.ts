// The persistent results cache: one file per tool build, codemod and options, holding for each
// file the hash of the bytes last seen, what they import, and the codemod's result for them. It is
// read whole at the start of a run and replaced whole at the end, through a temporary file renamed
// over it: a run killed mid-write leaves the old file, two runs at once leave one of theirs, and
// every entry is checked against the file's bytes before it is used, so none can change a result.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { CodemodResult, DiffsByForm } from '../run/pipeline.js';
import { type FileStamp, isStamp } from './stamp.js';

/** What the cache remembers of one file. */
export interface CacheEntry {
  /** The hash of the bytes the rest was found for. */
  hash: string;
  /** The file's metadata when those bytes were read: while it is the same, they need not be read again. */
  stamp?: FileStamp;
  /**
   * What the codemod's `index` step found those bytes import, as `encodeReferences` writes it (none:
   * not indexed): a string per file, small, and read only when the imports are resolved again.
   */
  references?: string;
  /** The names the index step was told are not in the tree (see IndexedFile.outside): `references` stands while none of them is. */
  outside?: string;
  /** The result key (path shown, importers) `result` was computed under. */
  key?: string;
  result?: CodemodResult;
  /** The diffs rendered of a `changed` result, by form. */
  diffs?: DiffsByForm;
}

const HEADER = 'mainguard-cache 1';

/** The tag that marks a cache folder for backup tools (https://bford.info/cachedir/), as ruff writes it. */
export const CACHEDIR_TAG =
  'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by mainguard.\n# For information about cache directory tags see https://bford.info/cachedir/\n';

/** The results of earlier runs, by absolute path, and what this run adds to them. */
export class ResultsCache {
  /** Results this run took from the cache rather than computing them. */
  hits = 0;
  private dirty = false;

  private constructor(
    /** The cache folder. */
    readonly dir: string,
    private readonly file: string,
    private readonly entries: Map<string, CacheEntry>,
    private treeKey: string | undefined,
  ) {}

  /**
   * The key of the whole tree (every file's path and bytes) when the last run keyed the result of
   * every file of it: while it is the same, so is every file's importers, and each entry's key stands.
   */
  get tree(): string | undefined {
    return this.treeKey;
  }

  set tree(key: string | undefined) {
    if (key === this.treeKey) return;
    this.treeKey = key;
    this.dirty = true;
  }

  /**
   * The cache in `dir` for one settings key. A missing, unreadable, truncated or damaged file is
   * an empty cache (rewritten at the end of the run); never throws.
   */
  static async open(dir: string, key: string): Promise<ResultsCache> {
    const file = path.join(dir, `results-${key}.json`);
    const stored = await readFile(file, 'utf8').then(parseCacheFile, () => undefined);
    const cache = new ResultsCache(dir, file, stored?.entries ?? new Map(), stored?.tree);
    // A damaged file is replaced even by a run that adds nothing.
    if (stored === undefined) cache.dirty = true;
    return cache;
  }

  /** What is remembered of the file at `absPath`. */
  get(absPath: string): CacheEntry | undefined {
    return this.entries.get(absPath);
  }

  /** Remembers `entry` for the file at `absPath`, replacing what was there. */
  set(absPath: string, entry: CacheEntry): void {
    const old = this.entries.get(absPath);
    if (old && sameEntry(old, entry)) return;
    this.entries.set(absPath, entry);
    this.dirty = true;
  }

  /**
   * Writes the cache back if anything changed, with its CACHEDIR.TAG and a `.gitignore` of `*`;
   * returns why it could not (a read-only or full disk), and never throws.
   */
  async save(): Promise<string | undefined> {
    if (!this.dirty) return undefined;
    const tmp = `${this.file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(path.join(this.dir, 'CACHEDIR.TAG'), CACHEDIR_TAG, { flag: 'wx' }).catch(ignoreExisting);
      await writeFile(path.join(this.dir, '.gitignore'), '# Created by mainguard: this folder is a cache.\n*\n', { flag: 'wx' }).catch(ignoreExisting);
      await this.writeTo(tmp);
      await rename(tmp, this.file);
      this.dirty = false;
      return undefined;
    } catch (error) {
      await unlink(tmp).catch(() => undefined);
      const code = (error as NodeJS.ErrnoException).code;
      return code ? `${code}: ${(error as Error).message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')}` : String(error);
    }
  }

  // The body is written a piece at a time, hashed as it goes, under a header written last in the
  // room left for it: the file is never held whole in memory (tens of MB for a large tree).
  private async writeTo(file: string): Promise<void> {
    const handle = await open(file, 'w');
    try {
      const headerLength = `${HEADER} ${checksum('')}`.length;
      await handle.write(`${' '.repeat(headerLength)}\n`);
      const hash = createHash('sha256');
      const put = async (text: string): Promise<void> => {
        hash.update(text);
        await handle.write(text);
      };
      let piece = `{"tree":${JSON.stringify(this.treeKey ?? null)},"entries":{`;
      let first = true;
      for (const [absPath, entry] of this.entries) {
        piece += `${first ? '' : ','}${JSON.stringify(absPath)}:${JSON.stringify(entry)}`;
        first = false;
        if (piece.length > PIECE_CHARS) {
          await put(piece);
          piece = '';
        }
      }
      await put(`${piece}}}`);
      await handle.write(`${HEADER} ${hash.digest('base64url')}`, 0);
    } finally {
      await handle.close();
    }
  }
}

const PIECE_CHARS = 1 << 20;

function ignoreExisting(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EEXIST') throw error;
}

function checksum(body: string): string {
  return createHash('sha256').update(body).digest('base64url');
}

/** The tree key and entries of a cache file, or undefined when it is not one whole, intact cache file. */
function parseCacheFile(text: string): { tree?: string; entries: Map<string, CacheEntry> } | undefined {
  const newline = text.indexOf('\n');
  if (newline < 0) return undefined;
  const line = text.slice(0, newline);
  const [header, sum] = [line.slice(0, line.lastIndexOf(' ')), line.slice(line.lastIndexOf(' ') + 1)];
  const body = text.slice(newline + 1);
  if (header !== HEADER || sum !== checksum(body)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { tree, entries: stored } = parsed as Record<string, unknown>;
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
  const entries = new Map<string, CacheEntry>();
  let whole = true;
  for (const [absPath, entry] of Object.entries(stored as Record<string, unknown>)) {
    if (isEntry(entry)) entries.set(absPath, entry);
    else whole = false;
  }
  // Without every entry, the tree key no longer stands for them.
  return { tree: whole && typeof tree === 'string' ? tree : undefined, entries };
}

// The shape of an entry; a result is checked for the fields every status has.
function isEntry(value: unknown): value is CacheEntry {
  if (typeof value !== 'object' || value === null) return false;
  const { hash, stamp, references, outside, key, result, diffs } = value as Record<string, unknown>;
  if (typeof hash !== 'string' || (stamp !== undefined && !isStamp(stamp))) return false;
  if (diffs !== undefined && (typeof diffs !== 'object' || diffs === null || !Object.values(diffs).every((d) => typeof d === 'string'))) return false;
  if ((references !== undefined && typeof references !== 'string') || (outside !== undefined && typeof outside !== 'string')) return false;
  if ((key === undefined) !== (result === undefined)) return false;
  if (result === undefined) return true;
  if (typeof key !== 'string' || typeof result !== 'object' || result === null) return false;
  const { status, path: shown, findings, entries, output } = result as Record<string, unknown>;
  const known = status === 'unchanged' || status === 'skipped' || status === 'failed' || (status === 'changed' && typeof output === 'string');
  return known && typeof shown === 'string' && Array.isArray(findings) && Array.isArray(entries);
}

function sameEntry(a: CacheEntry, b: CacheEntry): boolean {
  return a.hash === b.hash && a.key === b.key && a.result === b.result && a.references === b.references && a.outside === b.outside && a.stamp === b.stamp && a.diffs === b.diffs;
}
