// Tests that run the CLI as another user (`nobody`, so that file permissions apply to root too)
// need a command that user can reach. A clone inside a folder only its owner may enter (a
// `mktemp -d` folder, a home directory) is out of reach: then the built command and the packages
// it needs at run time are copied once to a folder everyone can read.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

let copied: string | undefined;

/** Whether `user` can read `file` and every folder above it. */
function readableBy(user: string, file: string): boolean {
  const probe = spawnSync('setpriv', [
    `--reuid=${user}`,
    '--regid=nogroup',
    '--clear-groups',
    process.execPath,
    '-e',
    `require('fs').accessSync(${JSON.stringify(file)}, require('fs').constants.R_OK)`,
  ]);
  return probe.status === 0;
}

/**
 * The path of `bin/mainguard.js` for `user` to run: the repository's own when that user can read
 * it, else a copy of bin/, dist/, package.json and the production dependencies in a folder under
 * the system temp folder that everyone can read.
 */
export function commandFor(user: string, repo: string): string {
  const bin = path.join(repo, 'bin', 'mainguard.js');
  if (readableBy(user, bin)) return bin;
  if (copied) return copied;
  const target = mkdtempSync(path.join(tmpdir(), 'mainguard-install-'));
  chmodSync(target, 0o755);
  for (const part of ['bin', 'dist', 'package.json']) cpSync(path.join(repo, part), path.join(target, part), { recursive: true });
  const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: repo, encoding: 'utf8' });
  for (const folder of listed.split('\n')) {
    if (!folder.startsWith(path.join(repo, 'node_modules') + path.sep)) continue;
    cpSync(folder, path.join(target, path.relative(repo, folder)), { recursive: true });
  }
  copied = path.join(target, 'bin', 'mainguard.js');
  return copied;
}

/** Removes the copy `commandFor` made, if it made one. */
export function removeCopy(): void {
  if (!copied) return;
  rmSync(path.dirname(path.dirname(copied)), { recursive: true, force: true });
  copied = undefined;
}
