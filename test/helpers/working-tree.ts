import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './fixtures.js';

/** Git with no user or system configuration (autocrlf, hooks, signing) and a fixed identity. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: path.join(tmpdir(), 'mainguard-no-gitconfig'),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'mainguard tests',
  GIT_AUTHOR_EMAIL: 'tests@mainguard.invalid',
  GIT_COMMITTER_NAME: 'mainguard tests',
  GIT_COMMITTER_EMAIL: 'tests@mainguard.invalid',
};

/** Runs git in `cwd` and returns its stdout. */
export function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * A fresh git repository in a temp folder holding this repository's working tree as it is now —
 * tracked files and untracked ones that are not ignored, so neither dist/ nor node_modules/ — in a
 * single commit: what a clean clone of the current work would look like.
 */
export async function commitWorkingTree(prefix = 'mainguard-clone-'): Promise<{ dir: string; commit: string }> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), prefix)));
  const files = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], REPO_ROOT).split('\0').filter(Boolean);
  for (const file of new Set(files)) {
    // A file deleted in the working tree is still listed as tracked.
    if (existsSync(path.join(REPO_ROOT, file))) await cp(path.join(REPO_ROOT, file), path.join(dir, file), { verbatimSymlinks: true });
  }
  git(['init', '-q'], dir);
  git(['add', '-A'], dir);
  git(['commit', '-q', '--no-verify', '-m', 'working tree'], dir);
  return { dir, commit: git(['rev-parse', 'HEAD'], dir).trim() };
}
