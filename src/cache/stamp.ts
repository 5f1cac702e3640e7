// A file's stamp: what its metadata said when its bytes were read. A later run that finds the same
// size, modification and change times and inode trusts the bytes to be the same without reading
// them — unless the file was modified within two seconds of that read, where a coarse clock (FAT
// keeps two seconds) could hide a second write: such a stamp is "racy" (as git calls it) and the
// file is read again.
import type { BigIntStats } from 'node:fs';
import { stat } from 'node:fs/promises';

/** What a file's metadata said when its bytes were read, and when that was (nanoseconds, as decimal strings). */
export interface FileStamp {
  size: number;
  mtime: string;
  ctime: string;
  ino: string;
  /** The clock just before the read. */
  read: string;
}

const RACY_NS = 2_000_000_000n;

/** The stamp of a file whose metadata is `stats`, read after `readNs`. */
export function stampOf(stats: BigIntStats, readNs: bigint): FileStamp {
  return { size: Number(stats.size), mtime: String(stats.mtimeNs), ctime: String(stats.ctimeNs), ino: String(stats.ino), read: String(readNs) };
}

/** The wall clock in nanoseconds, as file times are. */
export function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/** Whether a file with metadata `stats` certainly still holds the bytes it held when `stamp` was taken. */
export function unchangedSince(stamp: FileStamp, stats: BigIntStats): boolean {
  if (Number(stats.size) !== stamp.size || String(stats.mtimeNs) !== stamp.mtime || String(stats.ctimeNs) !== stamp.ctime || String(stats.ino) !== stamp.ino) return false;
  const read = BigInt(stamp.read);
  return stats.mtimeNs < read - RACY_NS && stats.ctimeNs < read - RACY_NS;
}

/** The metadata of each file, or undefined where it cannot be read. */
export function statAll(absPaths: string[]): Promise<(BigIntStats | undefined)[]> {
  return Promise.all(absPaths.map((p) => stat(p, { bigint: true }).catch(() => undefined)));
}

/** Whether `value` has the shape of a FileStamp. */
export function isStamp(value: unknown): value is FileStamp {
  if (typeof value !== 'object' || value === null) return false;
  const { size, mtime, ctime, ino, read } = value as Record<string, unknown>;
  return typeof size === 'number' && [mtime, ctime, ino, read].every((v) => typeof v === 'string' && /^\d+$/.test(v));
}
