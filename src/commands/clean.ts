// `mainguard clean`: empties the results cache of the project.
import { readdir, readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { type CacheFlags, cacheFolder } from '../cache/location.js';
import { CACHEDIR_TAG } from '../cache/results-cache.js';
import { UserError } from '../errors.js';
import { type Io, resolveSettings, schemaFor } from './shared.js';

/** Flags of `clean`. */
export interface CleanFlags extends CacheFlags {
  config?: string;
}

/**
 * `mainguard clean`: removes the cache folder the same flags would give `check` and `fix`; only a
 * folder that mainguard made (its CACHEDIR.TAG says so), never another. Exit 0, or 2 for a folder
 * that is not a mainguard cache or cannot be removed.
 */
export async function runClean(flags: CleanFlags, io: Io): Promise<number> {
  const settings = await resolveSettings(flags, io, await schemaFor());
  const dir = cacheFolder(flags, io.cwd, settings.configFile);
  const shown = path.relative(io.cwd, dir) || '.';
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new UserError(`cannot read the cache folder ${shown}: ${error.code ?? error.message}`);
  });
  if (entries === undefined) {
    io.out(`No cache to remove: ${shown} does not exist.\n`);
    return 0;
  }
  const tag = await readFile(path.join(dir, 'CACHEDIR.TAG'), 'utf8').catch(() => '');
  if (tag !== CACHEDIR_TAG) {
    throw new UserError(`${shown} is not a mainguard cache (it has no CACHEDIR.TAG of mainguard's); not removing it`, 'name the cache folder with --cache-dir, or remove it yourself');
  }
  try {
    await rm(dir, { recursive: true, force: true });
  } catch (error) {
    throw new UserError(`cannot remove the cache folder ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  io.out(`Removed the cache in ${shown} (${entries.length} ${entries.length === 1 ? 'file' : 'files'}).\n`);
  return 0;
}
