import { InvalidArgumentError } from 'commander';
import type { DiscoveredFile } from './discover.js';

/** One part of a split run: `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Parses `--shard I/N` (e.g. `2/4`): whole numbers with 1 <= I <= N. Throws commander's
 * InvalidArgumentError, which the CLI prints as a usage error (exit 2).
 */
export function parseShard(value: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected I/N, e.g. 1/4 (this run takes part I of N)');
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) throw new InvalidArgumentError('N, the number of shards, must be 1 or more');
  if (index < 1 || index > count) throw new InvalidArgumentError(`I, the shard to run, must be between 1 and N (${count})`);
  return { index, count };
}

/**
 * The files of one shard: with the files sorted by path (as shown to the user), the k-th one
 * (0-based) goes to shard `k mod N + 1`. Every file lands in exactly one shard, the shards differ
 * in size by one at most, and the same file list always splits the same way, whatever order it
 * comes in; the order of `files` is kept.
 */
export function selectShard(files: DiscoveredFile[], shard: Shard): DiscoveredFile[] {
  const sorted = files.map((file) => file.path).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mine = new Set(sorted.filter((_, k) => k % shard.count === shard.index - 1));
  return files.filter((file) => mine.has(file.path));
}
