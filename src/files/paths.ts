import * as path from 'node:path';

/**
 * `p` as mainguard shows it in reports and diff headers: the separators of `flavour` (this
 * platform's by default) become forward slashes, so `dir\file.py` on Windows is shown as
 * `dir/file.py`. On POSIX a backslash is an ordinary character of a name and stays.
 */
export function toPosixPath(p: string, flavour: path.PlatformPath = path): string {
  return flavour.sep === '/' ? p : p.split(flavour.sep).join('/');
}
