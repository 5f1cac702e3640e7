// Where a project's cache lives, and whether a run uses it.
import * as path from 'node:path';
import type { CodemodOptions } from '../codemod.js';
import type { PreparedCodemod } from '../run/codemods.js';
import { fingerprintTool, settingsKey } from './keys.js';
import { ResultsCache } from './results-cache.js';

/** The cache folder's name, next to the pyproject.toml that configures the run (else in the working folder). */
export const CACHE_FOLDER = '.mainguard_cache';

/** The flags about the cache: `--no-cache`, and `--cache-dir` (or MAINGUARD_CACHE_DIR). */
export interface CacheFlags {
  /** False with `--no-cache`. */
  cache?: boolean;
  cacheDir?: string;
}

/** The cache folder of a run: `--cache-dir` (relative to `cwd`), else `.mainguard_cache` next to the config file, else in `cwd`. */
export function cacheFolder(flags: CacheFlags, cwd: string, configFile: string | undefined): string {
  if (flags.cacheDir !== undefined) return path.resolve(cwd, flags.cacheDir);
  return path.join(configFile ? path.dirname(configFile) : cwd, CACHE_FOLDER);
}

/**
 * The cache a run reads and adds to, or undefined without one: with `--no-cache`, and for a
 * user's codemod module (it may import anything, so no fingerprint of its code is complete).
 */
export async function openCache(flags: CacheFlags, where: { cwd: string; configFile?: string; version: string }, codemod: PreparedCodemod, options: CodemodOptions): Promise<ResultsCache | undefined> {
  if (flags.cache === false || codemod.source.kind !== 'builtin') return undefined;
  const key = settingsKey(await fingerprintTool(where.version), codemod.codemod.meta.name, options);
  return ResultsCache.open(cacheFolder(flags, where.cwd, where.configFile), key);
}
