import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { findChangedFiles, keepChanged } from '../src/files/changed.js';

let dir: string;

const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
async function write(name: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
  await writeFile(path.join(dir, name), text);
}

beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(tmpdir(), 'mainguard-changed-')));
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test');
  git('config', 'user.email', 'test@example.com');
  git('config', 'commit.gpgsign', 'false');
  await write('.gitignore', 'ignored/\n');
  await write('old.py', 'print(1)\n');
  await write('pkg/same.py', 'x = 1\n');
  await write('pkg/edited.py', 'x = 1\n');
  await write('gone.py', 'x = 1\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  git('tag', 'base');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const relative = (changed: Set<string>): string[] => [...changed].map((p) => path.relative(dir, p)).sort();

describe('findChangedFiles', () => {
  it('lists committed, staged, unstaged and untracked changes since the ref, not ignored or deleted-only paths', async () => {
    await write('committed.py', 'print(2)\n');
    git('add', 'committed.py');
    git('commit', '-q', '-m', 'second');
    await write('staged.py', 'print(3)\n');
    git('add', 'staged.py');
    await write('pkg/edited.py', 'x = 2\n');
    await write('new dir/untracked file.py', 'print(4)\n');
    await write('ignored/skip.py', 'print(5)\n');
    git('rm', '-q', 'gone.py');
    const changed = await findChangedFiles(dir, 'base');
    expect(relative(changed)).toEqual(['committed.py', 'gone.py', 'new dir/untracked file.py', 'pkg/edited.py', 'staged.py']);
  });

  it('gives the same files from a subfolder, as absolute paths', async () => {
    await write('pkg/edited.py', 'x = 2\n');
    const changed = await findChangedFiles(path.join(dir, 'pkg'), 'HEAD');
    expect([...changed]).toEqual([path.join(dir, 'pkg', 'edited.py')]);
  });

  it('nothing changed: an empty set', async () => {
    expect((await findChangedFiles(dir, 'HEAD')).size).toBe(0);
  });

  it('an unknown ref is a usage error naming it', async () => {
    const error = await findChangedFiles(dir, 'no-such-branch').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('--changed-since no-such-branch: not a commit, branch or tag in this repository');
  });

  it('a ref that looks like an option is not taken for one', async () => {
    const error = await findChangedFiles(dir, '--output=/tmp/x').catch((e: unknown) => e);
    expect((error as UsageError).message).toBe('--changed-since --output=/tmp/x: not a commit, branch or tag in this repository');
  });

  it('outside a git repository: a usage error', async () => {
    const outside = await realpath(await mkdtemp(path.join(tmpdir(), 'mainguard-nogit-')));
    try {
      const error = await findChangedFiles(outside, 'HEAD').catch((e: unknown) => e);
      expect((error as UsageError).message).toBe(`--changed-since HEAD: ${outside} is not inside a git repository`);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe('keepChanged', () => {
  it('keeps the files whose real or shown path is in the set, in order', () => {
    const files = [
      { path: 'a.py', absPath: '/r/a.py' },
      { path: 'link/b.py', absPath: '/elsewhere/b.py' },
      { path: 'c.py', absPath: '/r/c.py' },
    ];
    expect(keepChanged(files, new Set(['/r/c.py', '/r/link/b.py']), '/r')).toEqual([files[1], files[2]]);
  });
});
