import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_EXCLUDES, type DiscoverOptions, discoverFiles } from '../src/files/discover.js';

const isRoot = process.getuid?.() === 0;
const posixOnly = process.platform === 'win32';
let dir: string;

beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(tmpdir(), 'mainguard-discover-')));
});
afterEach(async () => {
  await chmod(path.join(dir, 'locked'), 0o700).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

/** Creates files (content) and, for names ending in `/`, empty directories, under `root`. */
async function tree(spec: Record<string, string>, root = dir): Promise<void> {
  for (const [name, content] of Object.entries(spec)) {
    const target = path.join(root, name);
    if (name.endsWith('/')) {
      await mkdir(target, { recursive: true });
    } else {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content);
    }
  }
}

async function found(paths: string[], options: Partial<DiscoverOptions> = {}): Promise<string[]> {
  const discovery = await discoverFiles(paths, { cwd: dir, ...options });
  expect(discovery.errors).toEqual([]);
  return discovery.files.map((file) => file.path);
}

describe('walking directories', () => {
  it('collects .py files at every depth, sorted, with forward slashes', async () => {
    await tree({ 'main.py': '', 'pkg/__init__.py': '', 'pkg/sub/deep.py': '', 'README.md': '', 'pkg/data.json': '' });
    expect(await found(['.'])).toEqual(['main.py', 'pkg/__init__.py', 'pkg/sub/deep.py']);
  });

  it('counts the files as it finds them, each once, though a link leads to one again', async () => {
    await tree({ 'a.py': '', 'pkg/b.py': '', 'pkg/c.py': '', 'notes.txt': '' });
    await symlink(path.join(dir, 'pkg'), path.join(dir, 'again'));
    const counts: number[] = [];
    expect(await found(['.'], { onFound: (count) => counts.push(count) })).toEqual(['a.py', 'pkg/b.py', 'pkg/c.py']);
    expect(counts).toEqual([1, 2, 3]);
  });

  it('sorts by plain code-unit order', async () => {
    await tree({ 'a_b.py': '', 'a/b.py': '', 'a.py': '', 'B.py': '', 'a-b.py': '' });
    expect(await found(['.'])).toEqual(['B.py', 'a-b.py', 'a.py', 'a/b.py', 'a_b.py']);
  });

  it('gives absolute real paths', async () => {
    await tree({ 'pkg/mod.py': '' });
    const { files } = await discoverFiles(['pkg'], { cwd: dir });
    expect(files).toEqual([{ path: 'pkg/mod.py', absPath: path.join(dir, 'pkg', 'mod.py') }]);
  });

  it('walks a directory whose name ends in .py, never yielding it as a file', async () => {
    await tree({ 'tool.py/inner.py': '', 'tool.py/notes.txt': '' });
    expect(await found(['.'])).toEqual(['tool.py/inner.py']);
    expect(await found(['tool.py'])).toEqual(['tool.py/inner.py']);
  });

  it('scans the extensions asked for, with or without a dot', async () => {
    await tree({ 'a.py': '', 'b.pyw': '', 'c.pyi': '', 'd.txt': '', '.py': '' });
    expect(await found(['.'])).toEqual(['a.py']);
    expect(await found(['.'], { extensions: ['pyw', '.pyi'] })).toEqual(['b.pyw', 'c.pyi']);
  });

  it('shows paths outside cwd as absolute paths with forward slashes', async () => {
    await tree({ 'project/x.py': '', 'other/y.py': '' });
    const { files } = await discoverFiles(['../other', '.'], { cwd: path.join(dir, 'project') });
    expect(files.map((file) => file.path)).toEqual([`${dir.split(path.sep).join('/')}/other/y.py`, 'x.py']);
  });

  it('skips FIFOs while walking', async () => {
    if (posixOnly) return;
    await tree({ 'a.py': '' });
    execFileSync('mkfifo', [path.join(dir, 'pipe.py')]);
    expect(await found(['.'])).toEqual(['a.py']);
  });
});

describe('arguments', () => {
  it('reports a missing path and goes on', async () => {
    await tree({ 'a.py': '' });
    const discovery = await discoverFiles(['missing.py', 'a.py', 'nowhere/'], { cwd: dir });
    expect(discovery.files.map((file) => file.path)).toEqual(['a.py']);
    expect(discovery.errors).toEqual([
      { path: 'missing.py', reason: 'no such file or directory' },
      { path: 'nowhere/', reason: 'no such file or directory' },
    ]);
  });

  it('reports a named FIFO', async () => {
    if (posixOnly) return;
    execFileSync('mkfifo', [path.join(dir, 'pipe.py')]);
    const discovery = await discoverFiles(['pipe.py'], { cwd: dir });
    expect(discovery).toEqual({ files: [], errors: [{ path: 'pipe.py', reason: 'not a regular file or directory' }] });
  });

  it('includes a named file whatever its extension', async () => {
    await tree({ 'bin/tool': '#!/usr/bin/env python\n' });
    expect(await found(['bin/tool'])).toEqual(['bin/tool']);
  });

  it('removes duplicates: a file named twice, or reached through two arguments', async () => {
    await tree({ 'a.py': '', 'pkg/b.py': '' });
    expect(await found(['a.py', './a.py', path.join(dir, 'a.py')])).toEqual(['a.py']);
    expect(await found(['.', 'pkg', 'pkg/b.py', 'a.py'])).toEqual(['a.py', 'pkg/b.py']);
  });
});

describe('default and user excludes', () => {
  it('skips the default directories at any depth', async () => {
    const spec: Record<string, string> = { 'keep.py': '', 'build.py': '', '.env/settings.py': '' };
    for (const name of DEFAULT_EXCLUDES) {
      spec[`${name}/top.py`] = '';
      spec[`pkg/${name}/deep.py`] = '';
    }
    await tree(spec);
    expect(await found(['.'])).toEqual(['.env/settings.py', 'build.py', 'keep.py']);
  });

  it('replaces the defaults with `exclude`', async () => {
    await tree({ 'build/gen.py': '', 'legacy/old.py': '', 'app.py': '' });
    expect(await found(['.'], { exclude: ['legacy/'] })).toEqual(['app.py', 'build/gen.py']);
  });

  it('adds gitignore-style globs with `extendExclude`, keeping the defaults', async () => {
    await tree({
      'app.py': '',
      'proto/api_pb2.py': '',
      'tests/fixtures/case.py': '',
      'tests/test_app.py': '',
      'legacy/a/b.py': '',
      'src/legacy/kept.py': '',
      'build/x.py': '',
    });
    const extendExclude = ['*_pb2.py', 'tests/fixtures/', 'legacy/**'];
    expect(await found(['.'], { extendExclude })).toEqual(['app.py', 'src/legacy/kept.py', 'tests/test_app.py']);
  });

  it('applies user excludes to named files and directories too', async () => {
    await tree({ 'legacy/old.py': '', 'gen/api_pb2.py': '', 'app.py': '' });
    const options = { extendExclude: ['legacy/', '*_pb2.py'] };
    expect(await found(['legacy/old.py', 'gen/api_pb2.py', 'legacy', 'app.py'], options)).toEqual(['app.py']);
  });

  it('matches globs from `excludeBase`, e.g. the pyproject.toml folder', async () => {
    await tree({ 'src/legacy/old.py': '', 'src/app.py': '' });
    const options = { cwd: path.join(dir, 'src'), excludeBase: dir, extendExclude: ['src/legacy/'] };
    const { files } = await discoverFiles(['.'], options);
    expect(files.map((file) => file.path)).toEqual(['app.py']);
  });

  it('matches globs below the exclude base only, not against its own name', async () => {
    await tree({ 'build/x.py': '', 'build/build/y.py': '' });
    const { files } = await discoverFiles(['.'], { cwd: path.join(dir, 'build'), exclude: ['build/'] });
    expect(files.map((file) => file.path)).toEqual(['x.py']);
  });

  it("matches globs outside the exclude base from the argument's parent", async () => {
    await tree({ 'project/app.py': '', 'other/gen/x.py': '', 'other/y.py': '', 'gen/z.py': '' });
    const { files } = await discoverFiles(['../other', '../gen'], { cwd: path.join(dir, 'project'), extendExclude: ['gen/'] });
    expect(files.map((file) => file.path)).toEqual([`${dir.split(path.sep).join('/')}/other/y.py`]);
  });

  it('includes named files and directories despite the defaults', async () => {
    await tree({ 'build/gen.py': '', 'venv/lib/site.py': '', 'venv/lib/build/x.py': '' });
    expect(await found(['build/gen.py', 'venv/lib'])).toEqual(['build/gen.py', 'venv/lib/site.py']);
  });
});

describe('.gitignore', () => {
  it('applies a .gitignore at every level, relative to its folder, with negations', async () => {
    await tree({
      '.gitignore': '*.gen.py\n/secret/\n',
      'a.gen.py': '',
      'app.py': '',
      'local.py': '',
      'secret/key.py': '',
      'pkg/secret/ok.py': '',
      'pkg/.gitignore': '!keep.gen.py\nlocal.py\n/only_here.py\n',
      'pkg/keep.gen.py': '',
      'pkg/drop.gen.py': '',
      'pkg/local.py': '',
      'pkg/only_here.py': '',
      'pkg/deeper/only_here.py': '',
      'pkg/deeper/local.py': '',
    });
    expect(await found(['.'])).toEqual(['app.py', 'local.py', 'pkg/deeper/only_here.py', 'pkg/keep.gen.py', 'pkg/secret/ok.py']);
  });

  it('re-includes files inside a dir/** pattern', async () => {
    await tree({ '.gitignore': 'vendor/**\n!vendor/patched.py\n', 'vendor/lib.py': '', 'vendor/patched.py': '' });
    expect(await found(['.'])).toEqual(['vendor/patched.py']);
  });

  it('lets a deeper .gitignore re-include a directory a shallower one excludes', async () => {
    await tree({ '.gitignore': 'gen/\n', 'gen/a.py': '', 'pkg/.gitignore': '!gen/\n', 'pkg/gen/b.py': '' });
    expect(await found(['.'])).toEqual(['pkg/gen/b.py']);
  });

  it('applies .gitignore files above the argument, up to the repository root', async () => {
    await tree({
      '.gitignore': '*.py\n', // above the repository: not applied
      'repo/.git/': '',
      'repo/.gitignore': 'generated/\n/app/skip.py\n',
      'repo/app/.gitignore': 'local_*.py\n',
      'repo/app/main.py': '',
      'repo/app/skip.py': '',
      'repo/app/generated/x.py': '',
      'repo/app/core/local_conf.py': '',
      'repo/app/core/engine.py': '',
    });
    expect(await found(['repo/app/core'])).toEqual(['repo/app/core/engine.py']);
    const { files } = await discoverFiles(['.'], { cwd: path.join(dir, 'repo', 'app') });
    expect(files.map((file) => file.path)).toEqual(['core/engine.py', 'main.py']);
  });

  it('ignores .gitignore files above the argument outside a repository', async () => {
    await tree({ '.gitignore': '*.py\n', 'project/app.py': '' });
    const { files } = await discoverFiles(['.'], { cwd: path.join(dir, 'project') });
    expect(files.map((file) => file.path)).toEqual(['app.py']);
  });

  it('applies .git/info/exclude', async () => {
    await tree({ '.git/info/exclude': 'scratch.py\n', 'scratch.py': '', 'app.py': '' });
    expect(await found(['.'])).toEqual(['app.py']);
  });

  it('includes a named file despite .gitignore, and walks a named ignored directory', async () => {
    await tree({ '.git/': '', '.gitignore': 'ignored.py\nout/\n', 'ignored.py': '', 'out/gen.py': '', 'out/sub/deep.py': '' });
    expect(await found(['.'])).toEqual([]);
    expect(await found(['ignored.py'])).toEqual(['ignored.py']);
    expect(await found(['out'])).toEqual(['out/gen.py', 'out/sub/deep.py']);
  });

  it('can be turned off', async () => {
    await tree({ '.gitignore': '*.py\n', 'app.py': '' });
    expect(await found(['.'])).toEqual([]);
    expect(await found(['.'], { respectGitignore: false })).toEqual(['app.py']);
  });

  it('agrees with git on a tricky tree', async () => {
    await tree({
      '.gitignore': '*.tmp.py\n/top_only.py\ndocs/\n!docs/\ndata/**\n!data/keep/\n!data/keep/**\n#comment.py\n\\#hash.py\nspace\\ .py\n',
      'top_only.py': '',
      'x/top_only.py': '',
      'a.tmp.py': '',
      'docs/conf.py': '',
      'data/drop.py': '',
      'data/keep/k.py': '',
      'data/other/o.py': '',
      '#comment.py': '',
      '#hash.py': '',
      'space .py': '',
      'lib/.gitignore': '*\n!*.py\n!*/\nsecret*.py\n',
      'lib/a.py': '',
      'lib/secret1.py': '',
      'lib/sub/b.py': '',
      'lib/sub/.gitignore': '!secret2.py\n',
      'lib/sub/secret2.py': '',
      'lib/sub/secret3.py': '',
    });
    try {
      execFileSync('git', ['init', '-q'], { cwd: dir });
    } catch {
      return; // no git here
    }
    const listed = execFileSync('git', ['ls-files', '--others', '--exclude-standard', '-z'], { cwd: dir, encoding: 'utf8' })
      .split('\0')
      .filter((file) => file.endsWith('.py'))
      .sort();
    expect(listed.length).toBeGreaterThan(3);
    expect(await found(['.'])).toEqual(listed);
  });
});

describe('symlinks', () => {
  it.skipIf(posixOnly)('ends a loop and lists each file once', async () => {
    await tree({ 'pkg/mod.py': '', 'pkg/sub/deep.py': '' });
    await symlink('..', path.join(dir, 'pkg', 'sub', 'up'));
    await symlink('.', path.join(dir, 'pkg', 'self'));
    expect(await found(['.'])).toEqual(['pkg/mod.py', 'pkg/sub/deep.py']);
  });

  it.skipIf(posixOnly)('follows links inside the tree, listing the file under its real path', async () => {
    await tree({ 'pkg/mod.py': '', 'pkg/util.py': '' });
    await symlink('pkg', path.join(dir, 'alias'));
    await symlink(path.join('pkg', 'util.py'), path.join(dir, 'linked.py'));
    const { files } = await discoverFiles(['.'], { cwd: dir });
    expect(files).toEqual([
      { path: 'pkg/mod.py', absPath: path.join(dir, 'pkg', 'mod.py') },
      { path: 'pkg/util.py', absPath: path.join(dir, 'pkg', 'util.py') },
    ]);
  });

  it.skipIf(posixOnly)('reaches files only a link leads to, if inside the tree', async () => {
    await tree({ 'project/src/.gitignore': 'hidden/\n', 'project/src/hidden/h.py': '', 'project/app.py': '' });
    await symlink(path.join('src', 'hidden'), path.join(dir, 'project', 'visible'));
    const { files } = await discoverFiles(['project'], { cwd: dir });
    expect(files).toEqual([
      { path: 'project/app.py', absPath: path.join(dir, 'project', 'app.py') },
      { path: 'project/visible/h.py', absPath: path.join(dir, 'project', 'src', 'hidden', 'h.py') },
    ]);
  });

  it.skipIf(posixOnly)('never follows a link out of the tree given on the command line', async () => {
    await tree({ 'project/app.py': '', 'outside/secret.py': '', 'outside/dir/x.py': '' });
    await symlink(path.join(dir, 'outside', 'dir'), path.join(dir, 'project', 'linkdir'));
    await symlink(path.join('..', 'outside', 'secret.py'), path.join(dir, 'project', 'linkfile.py'));
    expect(await found(['project'])).toEqual(['project/app.py']);
    // The same links lead inside the tree when the tree is their common parent.
    expect(await found(['.'])).toEqual(['outside/dir/x.py', 'outside/secret.py', 'project/app.py']);
  });

  it.skipIf(posixOnly)('skips broken links', async () => {
    await tree({ 'app.py': '' });
    await symlink('missing.py', path.join(dir, 'broken.py'));
    expect(await found(['.'])).toEqual(['app.py']);
  });

  it.skipIf(posixOnly)('walks a directory named through a link, keeping the name given', async () => {
    await tree({ 'real/mod.py': '' });
    await symlink('real', path.join(dir, 'link'));
    const { files } = await discoverFiles(['link'], { cwd: dir });
    expect(files).toEqual([{ path: 'link/mod.py', absPath: path.join(dir, 'real', 'mod.py') }]);
  });
});

describe('unreadable directories', () => {
  it.skipIf(isRoot || posixOnly)('reports them and goes on', async () => {
    await tree({ 'locked/x.py': '', 'open/y.py': '' });
    await chmod(path.join(dir, 'locked'), 0o000);
    const discovery = await discoverFiles(['.'], { cwd: dir });
    expect(discovery.files.map((file) => file.path)).toEqual(['open/y.py']);
    expect(discovery.errors).toEqual([{ path: 'locked', reason: 'permission denied' }]);
  });
});
