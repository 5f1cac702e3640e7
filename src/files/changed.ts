import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { UsageError } from '../errors.js';
import type { DiscoveredFile } from './discover.js';

/** What one git command printed, or why it failed. */
interface GitRun {
  ok: boolean;
  stdout: string;
  stderr: string;
  /** Set when git itself could not be started (e.g. ENOENT: not installed). */
  spawnError?: NodeJS.ErrnoException;
}

function git(args: string[], cwd: string): Promise<GitRun> {
  return new Promise((resolve) => {
    // No shell: a ref like `main; rm -rf /` is only ever an argument to git.
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const spawnError = error && typeof (error as NodeJS.ErrnoException).code === 'string' ? (error as NodeJS.ErrnoException) : undefined;
      resolve({ ok: !error, stdout, stderr, spawnError });
    });
  });
}

/** The top folder of the git work tree holding `cwd`, or undefined outside one (or without git). */
export async function gitTopLevel(cwd: string): Promise<string | undefined> {
  const top = await git(['rev-parse', '--show-toplevel'], cwd);
  return top.ok ? top.stdout.replace(/\r?\n$/, '') : undefined;
}

const nulSeparated = (text: string): string[] => text.split('\0').filter((name) => name !== '');

/**
 * The absolute paths of the files changed since `ref` in the git repository holding `cwd`: those
 * `git diff --name-only REF` lists (committed, staged or not, against the working tree) and the
 * untracked files that are not ignored (`git ls-files --others --exclude-standard`). Throws a
 * UsageError when git is missing, `cwd` is not in a repository or `ref` names no commit.
 */
export async function findChangedFiles(cwd: string, ref: string): Promise<Set<string>> {
  const top = await git(['rev-parse', '--show-toplevel'], cwd);
  if (top.spawnError) throw new UsageError(`--changed-since needs git, which could not be run (${top.spawnError.code})`, 'install git, or leave out --changed-since');
  if (!top.ok) throw new UsageError(`--changed-since ${ref}: ${cwd} is not inside a git repository`, 'run mainguard from inside the repository, or leave out --changed-since');
  const root = top.stdout.replace(/\r?\n$/, '');
  // `--end-of-options` keeps a ref that starts with `-` from being read as an option.
  const commit = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], cwd);
  if (!commit.ok) throw new UsageError(`--changed-since ${ref}: not a commit, branch or tag in this repository`, 'for example: --changed-since origin/main, --changed-since HEAD~1');
  const sha = commit.stdout.trim();
  const [diff, untracked] = await Promise.all([git(['diff', '--name-only', '--no-renames', '-z', sha, '--'], root), git(['ls-files', '--others', '--exclude-standard', '--full-name', '-z'], root)]);
  for (const run of [diff, untracked]) {
    if (!run.ok) throw new UsageError(`--changed-since ${ref}: git failed: ${run.stderr.trim().split('\n')[0] ?? ''}`);
  }
  const realRoot = await realpath(root).catch(() => root);
  return new Set([...nulSeparated(diff.stdout), ...nulSeparated(untracked.stdout)].map((name) => path.join(realRoot, name)));
}

/**
 * The files among `files` that are in `changed` (absolute paths, see findChangedFiles), by their
 * real path or by their path as shown from `cwd`; order kept.
 */
export function keepChanged(files: DiscoveredFile[], changed: Set<string>, cwd: string): DiscoveredFile[] {
  return files.filter((file) => changed.has(file.absPath) || changed.has(path.resolve(cwd, file.path)));
}
