import * as path from 'node:path';
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from 'diff';
import picocolors from 'picocolors';
import { toPosixPath } from '../files/paths.js';

/** Options of renderDiff. */
export interface DiffOptions {
  /** Adds ANSI colors: headers bold, hunk headers cyan, removed lines red, added lines green. */
  color: boolean;
  /** Unchanged lines shown around each change; default 3, like git. 0 needs `git apply --unidiff-zero`. */
  context?: number;
}

/**
 * Turns a user-facing path into the one shown after `a/` and `b/`: forward slashes, no leading
 * `./`, and no leading `/` (a file outside the working folder is shown by its absolute path: as
 * `git diff --no-index` does, `a/tmp/x.py`, which git apply and patch -p1 take from `/`).
 */
function patchPath(name: string): string {
  // Backslashes separate here on every platform: git apply reads only `/`, and a name typed on
  // Windows (--stdin-filename) reaches the diff as it was typed.
  return toPosixPath(name, path.win32)
    .replace(/^(?:\.\/)+/, '')
    .replace(/^\/+/, '');
}

/**
 * Renders the change from `before` to `after` as a unified diff with `--- a/PATH` and
 * `+++ b/PATH` headers (no timestamps, no `Index:` line) that `git apply` and `patch -p1`
 * accept from the folder that `path` is relative to (`/` for an absolute one); returns "" when
 * the texts are equal.
 * Line endings are kept byte for byte (a CRLF line keeps its `\r`), a missing final newline
 * is marked `\ No newline at end of file`, and backslashes in `path` become forward slashes.
 * Names with spaces get a tab after them and names with unusual characters are C-quoted,
 * as git does. The result ends with a newline.
 */
export function renderDiff(path: string, before: string, after: string, opts: DiffOptions): string {
  if (before === after) return '';
  const context = Math.max(0, Math.floor(opts.context ?? 3));
  const name = patchPath(path);
  const patch = structuredPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, {
    context,
  });
  const lines = formatPatch(patch, FILE_HEADERS_ONLY).split('\n');
  lines.pop(); // formatPatch ends with '\n'

  // Like git: a tab ends a name containing a space, so that `patch` does not cut it there.
  if (name.includes(' ') && !lines[0]!.startsWith('--- "')) {
    lines[0] += '\t';
    lines[1] += '\t';
  }

  const plain = `${lines.join('\n')}\n`;
  return opts.color ? colorizeDiff(plain) : plain;
}

/**
 * Colors a unified diff of one file for a terminal: headers bold, hunk headers cyan, removed
 * lines red, added lines green. Diffs are made without colors where files are processed (worker
 * threads) and colored where they are printed.
 */
export function colorizeDiff(diff: string): string {
  if (diff === '') return diff;
  const lines = diff.split('\n');
  lines.pop();
  const c = picocolors.createColors(true);
  const paint = (line: string, index: number): string => {
    if (index < 2) return c.bold(line);
    switch (line[0]) {
      case '@':
        return c.cyan(line);
      case '-':
        return c.red(line);
      case '+':
        return c.green(line);
      case '\\':
        return c.dim(line);
      default:
        return line;
    }
  };
  return `${lines.map(paint).join('\n')}\n`;
}

/** A dry run's patch as printed: its bytes, colored on a terminal (decoded as latin-1, which keeps every byte). */
export function printablePatch(patch: Buffer | undefined, color: boolean): string | Buffer {
  if (!patch) return '';
  return color ? Buffer.from(colorizeDiff(patch.toString('latin1')), 'latin1') : patch;
}
