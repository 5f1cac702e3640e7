import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { chmod, chown, type FileHandle, open, readdir, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The result of writeFileAtomic: written, or left untouched with the reason. */
export type WriteOutcome =
  | { ok: true }
  | {
      ok: false;
      /** `changed`: the file no longer holds the bytes that were read; `error`: the OS refused. */
      reason: 'conflict' | 'failed';
      /** One line for the user: the fixed text for `changed`, the OS message for `error`. */
      message: string;
    };

/** The message of a `changed` outcome. */
export const CHANGED_MESSAGE = 'changed since it was read; left untouched';

/** Matches the names of the temporary files writeFileAtomic creates (`.NAME.mainguard-PID-HEX.tmp`). */
export const TEMP_FILE_PATTERN = /^\..+\.mainguard-\d+-[0-9a-f]+\.tmp$/;

/** Name of a temporary file next to `name`, kept under the usual 255-byte limit. */
function tempName(name: string): string {
  let stem = name;
  while (Buffer.byteLength(stem) > 200) stem = Array.from(stem).slice(0, -1).join('');
  return `.${stem}.mainguard-${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Replaces the contents of the file at `absPath` with `data`, only if it still holds
 * `expected` (the bytes read before the rewrite): else `{ok: false, reason: 'conflict'}` and
 * the file is untouched. Writes a temporary file in the same folder, fsyncs it, gives it the
 * original's mode (and owner, when allowed), then renames it over the original, so a reader
 * or a crash sees the old or the new file, never half of one. A symbolic link is followed and
 * its target replaced. A file we may not write (read-only) is refused like any OS error:
 * `{ok: false, reason: 'failed', message}` with the OS message, and no temporary file left.
 * Never throws.
 */
export async function writeFileAtomic(absPath: string, data: Buffer, expected: Buffer): Promise<WriteOutcome> {
  let tmp: string | undefined;
  let handle: FileHandle | undefined;
  try {
    const target = await realpath(absPath);
    if (!(await readFile(target)).equals(expected)) {
      return { ok: false, reason: 'conflict', message: CHANGED_MESSAGE };
    }
    // Renaming would replace a read-only file too; refuse it as writing in place would.
    // (Opening for writing, unlike access(), checks the effective user; nothing is written.)
    await (await open(target, 'r+')).close();
    const original = await stat(target);

    tmp = join(dirname(target), tempName(basename(target)));
    handle = await open(tmp, 'wx', 0o600);
    await handle.writeFile(data);
    await handle.sync();
    const created = await handle.stat();
    await handle.close();
    handle = undefined;
    if (created.uid !== original.uid || created.gid !== original.gid) {
      // Only root may hand the copy back to the original owner; otherwise it stays ours, as
      // an editor's save would leave it.
      await chown(tmp, original.uid, original.gid).catch(() => undefined);
    }
    await chmod(tmp, original.mode & 0o7777);

    // Checked again right before the rename: narrows the window in which an edit made by
    // someone else while we were writing would be lost.
    if (!(await readFile(target)).equals(expected)) {
      await unlink(tmp).catch(() => undefined);
      return { ok: false, reason: 'conflict', message: CHANGED_MESSAGE };
    }
    await rename(tmp, target);
    tmp = undefined;
    await syncFolder(dirname(target));
    return { ok: true };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    if (tmp !== undefined) await unlink(tmp).catch(() => undefined);
    return { ok: false, reason: 'failed', message: errorMessage(error) };
  }
}

/** Makes a rename durable where the platform allows it (not on Windows); errors are ignored. */
async function syncFolder(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Durability of the rename is best-effort; the new contents are already synced.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Removes the temporary files (`.NAME.mainguard-PID-HEX.tmp`) that a killed run left in `dir`,
 * chosen by name only, and returns how many were removed. Call it before writing starts, not
 * while writes are under way. An unreadable or missing folder counts as nothing to remove.
 */
export async function cleanStaleTempFiles(dir: string): Promise<number> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let removed = 0;
  for (const entry of entries) {
    if (!entry.isFile() || !TEMP_FILE_PATTERN.test(entry.name)) continue;
    try {
      await unlink(join(dir, entry.name));
      removed += 1;
    } catch {
      // Already gone, or not ours to remove: either way nothing more to do.
    }
  }
  return removed;
}
