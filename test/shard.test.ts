import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import type { DiscoveredFile } from '../src/files/discover.js';
import { parseShard, selectShard } from '../src/files/shard.js';

const files = (names: string[]): DiscoveredFile[] => names.map((name) => ({ path: name, absPath: `/repo/${name}` }));
const NAMES = ['a.py', 'b/c.py', 'b/d.py', 'e.py', 'f/g/h.py', 'f/i.py', 'j.py'];

describe('parseShard', () => {
  it.each([
    ['1/1', { index: 1, count: 1 }],
    ['2/4', { index: 2, count: 4 }],
    ['4/4', { index: 4, count: 4 }],
    [' 3 / 10 ', { index: 3, count: 10 }],
  ])('%s', (value, expected) => {
    expect(parseShard(value)).toEqual(expected);
  });

  it.each([
    ['0/4', 'I, the shard to run, must be between 1 and N (4)'],
    ['5/4', 'I, the shard to run, must be between 1 and N (4)'],
    ['1/0', 'N, the number of shards, must be 1 or more'],
    ['2', 'expected I/N, e.g. 1/4 (this run takes part I of N)'],
    ['1/2/3', 'expected I/N, e.g. 1/4 (this run takes part I of N)'],
    ['-1/2', 'expected I/N, e.g. 1/4 (this run takes part I of N)'],
    ['a/b', 'expected I/N, e.g. 1/4 (this run takes part I of N)'],
  ])('%s is refused', (value, message) => {
    expect(() => parseShard(value)).toThrow(new InvalidArgumentError(message));
  });
});

describe('selectShard', () => {
  it.each([1, 2, 3, 7, 10])('every file lands in exactly one of %i shards, sizes within one', (count) => {
    const shards = Array.from({ length: count }, (_, i) => selectShard(files(NAMES), { index: i + 1, count }).map((f) => f.path));
    expect(shards.flat().sort()).toEqual([...NAMES].sort());
    const sizes = shards.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('deals the sorted paths round-robin', () => {
    expect(selectShard(files(NAMES), { index: 1, count: 3 }).map((f) => f.path)).toEqual(['a.py', 'e.py', 'j.py']);
    expect(selectShard(files(NAMES), { index: 2, count: 3 }).map((f) => f.path)).toEqual(['b/c.py', 'f/g/h.py']);
    expect(selectShard(files(NAMES), { index: 3, count: 3 }).map((f) => f.path)).toEqual(['b/d.py', 'f/i.py']);
  });

  it('splits the same way whatever order the files come in, and keeps that order', () => {
    const shuffled = files(['j.py', 'f/i.py', 'a.py', 'b/d.py', 'e.py', 'f/g/h.py', 'b/c.py']);
    expect(selectShard(shuffled, { index: 1, count: 3 }).map((f) => f.path)).toEqual(['j.py', 'a.py', 'e.py']);
  });

  it('1/1 is everything', () => {
    expect(selectShard(files(NAMES), { index: 1, count: 1 })).toEqual(files(NAMES));
  });
});
