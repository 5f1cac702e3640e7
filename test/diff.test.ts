import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderDiff } from '../src/report/diff.js';

const hasPatch = spawnSync('patch', ['--version']).status === 0;

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Environment that keeps the user's git configuration (autocrlf, whitespace...) out of the tests. */
const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

function run(cmd: string, args: string[], cwd: string): { status: number | null; out: string } {
  const result = spawnSync(cmd, args, { cwd, env: GIT_ENV, encoding: 'utf8' });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

/** Writes `before` at `file` in a fresh folder; returns the folder and the file's absolute path. */
function setUp(file: string, before: string, git: boolean): { root: string; abs: string } {
  const root = mkdtempSync(join(tmpdir(), 'mainguard-diff-'));
  roots.push(root);
  if (git) expect(run('git', ['init', '-q'], root).status).toBe(0);
  const abs = join(root, file);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, before);
  return { root, abs };
}

/** Applies `patch` with `git apply` (after `--check`) and returns the resulting bytes of `file`. */
function gitApply(file: string, before: string, patch: string): Buffer {
  const { root, abs } = setUp(file, before, true);
  writeFileSync(join(root, 'change.patch'), patch);
  const check = run('git', ['apply', '--check', 'change.patch'], root);
  expect(check.out).toBe('');
  expect(check.status).toBe(0);
  const apply = run('git', ['apply', '--whitespace=nowarn', 'change.patch'], root);
  expect(apply.out).toBe('');
  expect(apply.status).toBe(0);
  return readFileSync(abs);
}

/** Applies `patch` with `patch -p1` and returns the resulting bytes of `file`. */
function patchApply(file: string, before: string, patch: string): Buffer {
  const { root, abs } = setUp(file, before, false);
  writeFileSync(join(root, 'change.patch'), patch);
  const result = run('patch', ['-p1', '--batch', '--forward', '-i', 'change.patch'], root);
  expect(result.out).not.toMatch(/FAILED|Hunk .* succeeded at .*offset|fuzz|malformed/i);
  expect(result.status).toBe(0);
  return readFileSync(abs);
}

const BEFORE = ['import sys', 'from multiprocessing import Pool', '', 'def square(x):', '    return x * x', '', 'with Pool() as pool:', '    print(pool.map(square, range(10)))', ''].join('\n');

const AFTER = [
  'import sys',
  'from multiprocessing import Pool',
  '',
  'def square(x):',
  '    return x * x',
  '',
  '',
  'def main():',
  '    with Pool() as pool:',
  '        print(pool.map(square, range(10)))',
  '',
  '',
  'if __name__ == "__main__":',
  '    main()',
  '',
].join('\n');

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

describe('renderDiff output', () => {
  it('returns "" when nothing changed', () => {
    expect(renderDiff('a.py', BEFORE, BEFORE, { color: false })).toBe('');
    expect(renderDiff('a.py', '', '', { color: true })).toBe('');
  });

  it('renders a unified diff with a/ and b/ headers and 3 lines of context', () => {
    expect(renderDiff('scripts/run.py', BEFORE, AFTER, { color: false })).toBe(
      [
        '--- a/scripts/run.py',
        '+++ b/scripts/run.py',
        '@@ -4,5 +4,11 @@',
        ' def square(x):',
        '     return x * x',
        ' ',
        '-with Pool() as pool:',
        '-    print(pool.map(square, range(10)))',
        '+',
        '+def main():',
        '+    with Pool() as pool:',
        '+        print(pool.map(square, range(10)))',
        '+',
        '+',
        '+if __name__ == "__main__":',
        '+    main()',
        '',
      ].join('\n'),
    );
  });

  it('has no Index:, ==== or timestamp lines', () => {
    const text = renderDiff('run.py', BEFORE, AFTER, { color: false });
    expect(text).not.toMatch(/^Index:|^====|\t/m);
  });

  it('honours the context option', () => {
    const text = renderDiff('run.py', BEFORE, AFTER, { color: false, context: 0 });
    expect(text.split('\n')[2]).toBe('@@ -7,2 +7,8 @@');
    expect(text).not.toMatch(/^ /m);
  });

  it('shows Windows paths with forward slashes and drops a leading ./', () => {
    const text = renderDiff('pkg\\sub\\tool.py', BEFORE, AFTER, { color: false });
    expect(text.split('\n').slice(0, 2)).toEqual(['--- a/pkg/sub/tool.py', '+++ b/pkg/sub/tool.py']);
    const dotted = renderDiff('./pkg/tool.py', BEFORE, AFTER, { color: false });
    expect(dotted.split('\n')[0]).toBe('--- a/pkg/tool.py');
  });

  it('shows an absolute path (a file outside the working folder) without its leading slash, as git diff --no-index does; git apply takes it from /', () => {
    const { abs } = setUp('outside.py', BEFORE, false);
    const text = renderDiff(abs, BEFORE, AFTER, { color: false });
    expect(text.split('\n')[0]).toBe(`--- a/${abs.slice(1)}`);
    writeFileSync(`${abs}.patch`, text);
    expect(run('git', ['apply', '--whitespace=nowarn', `${abs}.patch`], '/')).toEqual({ status: 0, out: '' });
    expect(readFileSync(abs, 'utf8')).toBe(AFTER);
  });

  it('keeps the \\r of CRLF lines in every line of the diff', () => {
    const text = renderDiff('w.py', crlf(BEFORE), crlf(AFTER), { color: false });
    const body = text.split('\n').slice(3, -1);
    expect(body.length).toBeGreaterThan(0);
    for (const line of body) expect(line).toMatch(/\r$/);
    expect(text.split('\n').slice(0, 3).join('\n')).not.toContain('\r');
  });

  it('marks a missing final newline', () => {
    const text = renderDiff('n.py', 'x = 1\nprint(x)', 'x = 1\nprint(x)\n', { color: false });
    expect(text).toBe(['--- a/n.py', '+++ b/n.py', '@@ -1,2 +1,2 @@', ' x = 1', '-print(x)', '\\ No newline at end of file', '+print(x)', ''].join('\n'));
  });

  it('colors headers bold, hunk headers cyan, removals red and additions green', () => {
    const text = renderDiff('c.py', 'a\nb\n', 'a\nc\n', { color: true });
    expect(text).toBe(['\x1b[1m--- a/c.py\x1b[22m', '\x1b[1m+++ b/c.py\x1b[22m', '\x1b[36m@@ -1,2 +1,2 @@\x1b[39m', ' a', '\x1b[31m-b\x1b[39m', '\x1b[32m+c\x1b[39m', ''].join('\n'));
    expect(renderDiff('c.py', 'a\nb\n', 'a\nc\n', { color: false })).not.toContain('\x1b');
  });

  it('splits distant changes into separate hunks', () => {
    const before = `import sys\n${'x = 1\n'.repeat(12)}print(2)\n`;
    const after = `import os\n${'x = 1\n'.repeat(12)}print(3)\n`;
    const hunks = renderDiff('h.py', before, after, { color: false }).match(/^@@ .* @@$/gm);
    expect(hunks).toEqual(['@@ -1,4 +1,4 @@', '@@ -11,4 +11,4 @@']);
  });

  it('adds a tab after names with spaces, as git does, and C-quotes unusual names', () => {
    const spaced = renderDiff('my scripts/run me.py', 'a\n', 'b\n', { color: false });
    expect(spaced.split('\n').slice(0, 2)).toEqual(['--- a/my scripts/run me.py\t', '+++ b/my scripts/run me.py\t']);
    const unicode = renderDiff('café.py', 'a\n', 'b\n', { color: false });
    expect(unicode.split('\n')[0]).toBe('--- "a/caf\\303\\251.py"');
  });
});

const CASES: Array<{ name: string; file: string; before: string; after: string }> = [
  { name: 'LF', file: 'run.py', before: BEFORE, after: AFTER },
  { name: 'CRLF', file: 'run.py', before: crlf(BEFORE), after: crlf(AFTER) },
  { name: 'no final newline before', file: 'a.py', before: BEFORE.slice(0, -1), after: AFTER },
  { name: 'no final newline after', file: 'a.py', before: BEFORE, after: AFTER.slice(0, -1) },
  {
    name: 'no final newline on either side, CRLF',
    file: 'a.py',
    before: crlf(BEFORE).slice(0, -2),
    after: crlf(AFTER).slice(0, -2),
  },
  {
    name: 'no final newline, last line unchanged',
    file: 'a.py',
    before: 'import os\nos.getcwd()\nprint(1)',
    after: 'import os\nimport sys\nos.getcwd()\nprint(1)',
  },
  {
    name: 'BOM and several hunks',
    file: 'b.py',
    before: `\ufeff${BEFORE}${'x = 1\n'.repeat(12)}print(2)\n`,
    after: `\ufeff${BEFORE.replace('import sys', 'import os')}${'x = 1\n'.repeat(12)}if True:\n    print(2)\n`,
  },
  { name: 'empty file', file: 'e.py', before: '', after: 'print(1)\n' },
  { name: 'Windows path', file: 'pkg\\sub\\tool.py', before: crlf(BEFORE), after: crlf(AFTER) },
  { name: 'path with spaces', file: 'my scripts/run me.py', before: BEFORE, after: AFTER },
  { name: 'non-ASCII path', file: 'données/café.py', before: BEFORE, after: AFTER },
];

/** The file's place on disk for a path as the user typed it (backslashes are folders here). */
const onDisk = (file: string) => file.replace(/\\/g, '/');

describe('git apply reproduces the new bytes exactly', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const patch = renderDiff(c.file, c.before, c.after, { color: false });
      expect(gitApply(onDisk(c.file), c.before, patch).equals(Buffer.from(c.after))).toBe(true);
    });
  }

  it('with context 0 and --unidiff-zero', () => {
    const patch = renderDiff('z.py', BEFORE, AFTER, { color: false, context: 0 });
    const { root, abs } = setUp('z.py', BEFORE, true);
    writeFileSync(join(root, 'z.patch'), patch);
    expect(run('git', ['apply', '--unidiff-zero', 'z.patch'], root).status).toBe(0);
    expect(readFileSync(abs, 'utf8')).toBe(AFTER);
  });

  it('and git apply --reverse restores the old bytes', () => {
    const before = crlf(BEFORE).slice(0, -2);
    const after = crlf(AFTER);
    const patch = renderDiff('r.py', before, after, { color: false });
    const { root, abs } = setUp('r.py', after, true);
    writeFileSync(join(root, 'r.patch'), patch);
    expect(run('git', ['apply', '--reverse', '--whitespace=nowarn', 'r.patch'], root).status).toBe(0);
    expect(readFileSync(abs).equals(Buffer.from(before))).toBe(true);
  });
});

describe.runIf(hasPatch)('patch -p1 reproduces the new bytes exactly', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const patch = renderDiff(c.file, c.before, c.after, { color: false });
      expect(patchApply(onDisk(c.file), c.before, patch).equals(Buffer.from(c.after))).toBe(true);
    });
  }
});
