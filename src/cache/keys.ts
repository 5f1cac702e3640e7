// What a cached result is valid for: the tool's own code, the codemod and its options (one cache
// file each), then, per file, its bytes, the name it is shown by and who imports it.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodemodOptions, ImportingFile } from '../codemod.js';

/** The hash of a file's bytes, as the cache compares them. */
export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/**
 * What a file's result depends on besides its bytes: the path it is shown by (in findings and
 * diffs) and the files of the tree that import it, with the names they use; for a result that
 * read the deferred reads of its importers (CodemodResult.readImporters), the hashes of those
 * importers' bytes too.
 */
export function resultKey(displayPath: string, importedBy: ImportingFile[] | undefined, importerHashes?: (string | undefined)[]): string {
  return createHash('sha256')
    .update(JSON.stringify(importerHashes ? [displayPath, importedBy ?? null, importerHashes] : [displayPath, importedBy ?? null]))
    .digest('base64url');
}

/** The key of a whole tree: each file's path as shown, absolute path and bytes' hash, in order. */
export function treeKey(files: [string, string, string | undefined][]): string {
  return createHash('sha256').update(JSON.stringify(files)).digest('base64url');
}

// The folder that holds the built `src/` and `codemods/` (dist/ when built; the repository in tests).
const CODE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let toolFingerprint: Promise<string> | undefined;

/**
 * A hash of the tool's own code: its version, and every module of `src/` and `codemods/` it runs.
 * A rebuild that changes any rule is a new tool, even under the same version number.
 */
export function fingerprintTool(version: string): Promise<string> {
  toolFingerprint ??= (async () => {
    const hash = createHash('sha256').update(version);
    for (const folder of ['src', 'codemods']) {
      const names = (await readdir(path.join(CODE_ROOT, folder), { recursive: true })).filter((name) => /\.[cm]?[jt]s$/.test(name) && !name.endsWith('.d.ts')).sort();
      for (const name of names) hash.update(`\0${name}\0`).update(await readFile(path.join(CODE_ROOT, folder, name)));
    }
    return hash.digest('base64url');
  })();
  return toolFingerprint;
}

/** The name of the cache file for one tool build, codemod and set of options. */
export function settingsKey(fingerprint: string, codemodName: string, options: CodemodOptions): string {
  return createHash('sha256')
    .update(JSON.stringify([fingerprint, codemodName, options]))
    .digest('hex')
    .slice(0, 24);
}
