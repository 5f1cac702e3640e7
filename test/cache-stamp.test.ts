import type { BigIntStats } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stampOf, unchangedSince } from '../src/cache/stamp.js';

const SECOND = 1_000_000_000n;

/** The metadata fields a stamp compares, as `stat(path, { bigint: true })` gives them. */
function stats(fields: { size?: number; mtime: bigint; ctime?: bigint; ino?: bigint }): BigIntStats {
  return { size: BigInt(fields.size ?? 100), mtimeNs: fields.mtime, ctimeNs: fields.ctime ?? fields.mtime, ino: fields.ino ?? 7n } as BigIntStats;
}

describe('a file stamp: the bytes are trusted unread only while the metadata is the same and was not racy', () => {
  const read = 1_000n * SECOND;
  const old = stats({ mtime: read - 60n * SECOND });
  const stamp = stampOf(old, read);

  it('the same size, times and inode, modified long before the read: unchanged', () => {
    expect(unchangedSince(stamp, old)).toBe(true);
  });

  it.each([
    ['another size', stats({ size: 101, mtime: read - 60n * SECOND })],
    ['another modification time', stats({ mtime: read - 59n * SECOND })],
    ['another change time (a write whose mtime was set back)', stats({ mtime: read - 60n * SECOND, ctime: read + SECOND })],
    ['another inode (the file replaced by a rename)', stats({ mtime: read - 60n * SECOND, ino: 8n })],
  ])('%s: read again', (_, now) => {
    expect(unchangedSince(stamp, now)).toBe(false);
  });

  it('modified within two seconds of the read (a coarse clock could hide a second write): read again, even with the same metadata', () => {
    const racy = stats({ mtime: read - SECOND });
    expect(unchangedSince(stampOf(racy, read), racy)).toBe(false);
  });
});
