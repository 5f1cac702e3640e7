import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, chown, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, makeTree, removeTrees, runCli, snapshotTree } from './helpers/cli.js';
import { py } from './helpers/dedent.js';
import { named } from './helpers/table.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

const isRoot = process.getuid?.() === 0;
const hasSetpriv = isRoot && spawnSync('setpriv', ['--version']).status === 0;
// The uid and gid of nobody and nogroup on Debian.
const NOBODY = 65534;

// dist/ is built once by test/global-setup.ts.

afterAll(removeTrees);

const POOL_SCRIPT = py`
  import sys
  from multiprocessing import Pool

  def square(x):
      return x * x

  with Pool() as pool:
      print(pool.map(square, [1, 2, 3]))
`;
const LIBRARY = py`
  import os

  def load(name):
      return open(os.path.join("data", name)).read()
`;
const PRINT_SCRIPT = 'import os\n\nprint(os.sep)\n';
// 10 MB of generated assignments and one print: a file too large to analyse.
const HUGE_SCRIPT = (() => {
  const line = (i: number): string => `VALUE_${i} = [${i}, "a line of generated data to make the file large"]\n`;
  const parts: string[] = ['import sys\n'];
  let size = 0;
  for (let i = 0; size < 10 * 1024 * 1024; i++) {
    parts.push(line(i));
    size += line(i).length;
  }
  return `${parts.join('')}print(len(sys.argv))\n`;
})();

const MG001_RUN = 'scripts/run.py:7:1: MG001 code runs at import time, outside a main guard (1 statement, lines 7-8)';
const MG002_RUN = 'scripts/run.py:7:6: MG002 Pool() starts processes at import time: under spawn and forkserver every child re-runs it';
const FINDING_LINE = /^[^\s:][^:]*:\d+:\d+: MG00\d \S.*$/;

const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

describe('check: text output and exit codes', () => {
  it('prints `path:line:col: CODE message` lines, then the summary; exit 1', async () => {
    const dir = await makeTree({ 'scripts/run.py': POOL_SCRIPT, 'lib/util.py': LIBRARY });
    const run = runCli(['check'], dir);
    expect(run).toEqual({
      stdout: `${MG001_RUN}\n${MG002_RUN}\nFound 2 findings in 1 file (2 files checked).\n`,
      stderr: '',
      code: 1,
    });
  });

  it('every line but the summary has the finding form', async () => {
    const dir = await makeTree({ 'a.py': POOL_SCRIPT, 'b/c.py': PRINT_SCRIPT, 'd.py': 'if __name__ == "__main__":\n    pass\nif __name__ == "__main__":\n    pass\n' });
    const out = lines(runCli(['check'], dir).stdout);
    expect(out.slice(0, -1).filter((l) => !FINDING_LINE.test(l))).toEqual([]);
  });

  it('exit 0 and "All checks passed" on a clean tree', async () => {
    const dir = await makeTree({ 'lib/util.py': LIBRARY });
    expect(runCli(['check'], dir)).toEqual({ stdout: 'All checks passed (1 file checked).\n', stderr: '', code: 0 });
  });

  it('a file that does not parse is an MG000 finding at its error: exit 1, not 2; the others still checked', async () => {
    const dir = await makeTree({ 'broken.py': 'import os\nx = = 1\n', 'run.py': PRINT_SCRIPT });
    const run = runCli(['check'], dir);
    expect({ code: run.code, out: lines(run.stdout) }).toEqual({
      code: 1,
      out: [
        'broken.py:2:5: MG000 syntax error at line 2, column 5',
        'run.py:3:1: MG001 code runs at import time, outside a main guard (1 statement, line 3)',
        'Found 2 findings in 2 files (2 files checked, 1 failed).',
      ],
    });
  });

  it.each(
    named([
      { name: 'a template placeholder', source: 'api_id = #####\nclient = Client(api_id)\nclient.run()\n', line: 1 },
      { name: 'a latin-1 file without its coding cookie', source: Buffer.from('name = "caf\xe9"\nprint(name)\n', 'latin1'), line: 1 },
      { name: 'an unclosed bracket', source: 'import os\nprint(os.sep\nfor i in range(2):\n    print(i)\n', line: 2 },
    ]),
  )('%s in a tree: exit 1 with MG000; --ignore MG000 (or in the config) leaves exit 0', async (_name, { source, line }) => {
    const dir = await makeTree({ 'legacy.py': source, 'lib.py': LIBRARY });
    const run = runCli(['check', '-q'], dir);
    expect({ code: run.code, out: lines(run.stdout).map((l) => l.replace(/:\d+: MG000 .*/, ': MG000')) }).toEqual({ code: 1, out: [`legacy.py:${line}: MG000`] });
    expect(runCli(['check', '-q', '--ignore', 'MG000'], dir)).toMatchObject({ code: 0, stdout: '' });
    await writeFile(path.join(dir, 'pyproject.toml'), '[tool.mainguard]\nignore = ["MG000"]\n');
    expect(runCli(['check', '-q'], dir)).toMatchObject({ code: 0, stdout: '' });
    expect(runCli(['check', '-q', '--select', 'MG000'], dir).code).toBe(1);
  });

  it('a file that cannot be read at all is still an error of the run: exit 2', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT });
    await writeFile(path.join(dir, 'big.py'), Buffer.alloc(5 * 1024 * 1024, 0x20));
    const run = runCli(['check', '-q', 'big.py', 'run.py'], dir);
    expect({ code: run.code, first: lines(run.stdout)[0] }).toEqual({ code: 2, first: expect.stringMatching(/^big\.py: failed: too large: /) });
  });

  it('a missing path: a per-path error, exit 2, the rest still checked', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT });
    const run = runCli(['check', 'missing.py', 'run.py'], dir);
    expect({ code: run.code, out: lines(run.stdout).slice(0, 2) }).toEqual({
      code: 2,
      out: ['missing.py: failed: no such file or directory', 'run.py:3:1: MG001 code runs at import time, outside a main guard (1 statement, line 3)'],
    });
  });

  it('a file named on the command line is checked', async () => {
    const dir = await makeTree({ 'scripts/run.py': POOL_SCRIPT, 'other.py': PRINT_SCRIPT });
    expect(lines(runCli(['check', 'scripts/run.py'], dir).stdout)).toEqual([MG001_RUN, MG002_RUN, 'Found 2 findings in 1 file (1 file checked).']);
  });
});

describe('check --format json', () => {
  it('has the documented shape', async () => {
    const dir = await makeTree({ 'scripts/run.py': POOL_SCRIPT, 'lib/util.py': LIBRARY, 'broken.py': 'import os\nx = = 1\n' });
    const run = runCli(['check', '--format', 'json'], dir);
    expect({ code: run.code, stderr: run.stderr, json: JSON.parse(run.stdout) as unknown }).toEqual({
      code: 1,
      stderr: '',
      json: {
        version: 1,
        tool: { name: 'mainguard', version: PACKAGE_VERSION },
        files: [
          {
            path: 'broken.py',
            status: 'failed',
            findings: [{ code: 'MG000', message: 'syntax error at line 2, column 5', line: 2, column: 5 }],
            error: { message: 'syntax error at line 2, column 5', line: 2 },
          },
          { path: 'lib/util.py', status: 'unchanged', findings: [], kind: 'definitions', why: 'only imports, definitions and constants run at import time' },
          {
            // fix would rewrite it: check reports the status fix would give the file.
            path: 'scripts/run.py',
            status: 'changed',
            kind: 'script',
            why: 'line 7 starts processes at import time (Pool())',
            findings: [
              { code: 'MG001', message: expect.stringContaining('outside a main guard'), line: 7, column: 1 },
              { code: 'MG002', message: expect.stringContaining('Pool()'), line: 7, column: 6 },
            ],
          },
        ],
        summary: { files: 3, findings: 3, errors: 1, byCode: { MG000: 1, MG001: 1, MG002: 1, MG003: 0, MG004: 0 } },
      },
    });
  });

  it('ends with a newline and is 2-space indented', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT });
    const { stdout } = runCli(['check', '--format', 'json'], dir);
    expect(stdout).toBe(`${JSON.stringify(JSON.parse(stdout), null, 2)}\n`);
  });
});

describe('--select / --ignore', () => {
  it.each(
    named([
      { name: '--select MG002', args: ['--select', 'MG002'], expected: [MG002_RUN] },
      { name: '--select MG001', args: ['--select', 'MG001'], expected: [MG001_RUN] },
      { name: '--ignore MG001', args: ['--ignore', 'MG001'], expected: [MG002_RUN] },
      { name: '--select MG --ignore MG002', args: ['--select', 'MG', '--ignore', 'MG002'], expected: [MG001_RUN] },
      { name: '--select MG001,MG002 (comma-separated)', args: ['--select', 'MG001,MG002'], expected: [MG001_RUN, MG002_RUN] },
    ]),
  )('%s', async (_name, { args, expected }) => {
    const dir = await makeTree({ 'scripts/run.py': POOL_SCRIPT });
    const run = runCli(['check', ...args], dir);
    expect({ code: run.code, findings: lines(run.stdout).slice(0, -1) }).toEqual({ code: 1, findings: expected });
  });

  it('findings all filtered out: exit 0', async () => {
    const dir = await makeTree({ 'scripts/run.py': POOL_SCRIPT });
    expect(runCli(['check', '--select', 'MG003'], dir)).toMatchObject({ code: 0, stdout: 'All checks passed (1 file checked).\n' });
  });

  it('an unknown code: exit 2 with a message naming it', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT });
    const run = runCli(['check', '--select', 'MG999'], dir);
    expect({ code: run.code, stdout: run.stdout, mentions: run.stderr.includes('MG999') }).toEqual({ code: 2, stdout: '', mentions: true });
  });
});

describe('configuration in pyproject.toml', () => {
  const base = { 'scripts/run.py': POOL_SCRIPT, 'legacy/old.py': PRINT_SCRIPT, '.venv/lib/site.py': PRINT_SCRIPT };
  const OLD = 'legacy/old.py:3:1: MG001 code runs at import time, outside a main guard (1 statement, line 3)';
  const VENV = '.venv/lib/site.py:3:1: MG001 code runs at import time, outside a main guard (1 statement, line 3)';
  const findingLines = (run: CliRun): string[] => lines(run.stdout).filter((l) => FINDING_LINE.test(l));

  it.each(
    named([
      { name: 'exclude replaces the default excludes', toml: 'exclude = ["legacy/"]', args: [], expected: [VENV, MG001_RUN, MG002_RUN] },
      { name: 'extend-exclude adds to the default excludes', toml: 'extend-exclude = ["legacy/"]', args: [], expected: [MG001_RUN, MG002_RUN] },
      { name: 'select', toml: 'select = ["MG002"]', args: [], expected: [MG002_RUN] },
      { name: 'ignore', toml: 'ignore = ["MG001"]', args: [], expected: [MG002_RUN] },
      { name: 'keep', toml: 'keep = ["print($$$)"]', args: ['--select', 'MG001'], expected: [MG001_RUN] },
      { name: '--select on the command line wins over select', toml: 'select = ["MG002"]', args: ['--select', 'MG001'], expected: [OLD, MG001_RUN] },
      { name: '--select on the command line wins over ignore', toml: 'ignore = ["MG001"]', args: ['--select', 'MG001'], expected: [OLD, MG001_RUN] },
      { name: '--ignore on the command line applies on top of select', toml: 'select = ["MG002"]', args: ['--ignore', 'MG002'], expected: [] },
      { name: '--exclude on the command line replaces exclude', toml: 'exclude = ["legacy/"]', args: ['--exclude', 'scripts/'], expected: [VENV, OLD] },
    ]),
  )('%s', async (_name, { toml, args, expected }) => {
    const dir = await makeTree({ ...base, 'pyproject.toml': `[project]\nname = "demo"\n\n[tool.mainguard]\n${toml}\n` });
    expect(findingLines(runCli(['check', ...args], dir))).toEqual(expected);
  });

  it('keep: a kept print is not reported', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT, 'pyproject.toml': '[tool.mainguard]\nkeep = ["print($$$)"]\n' });
    expect(runCli(['check'], dir)).toMatchObject({ code: 0, stdout: 'All checks passed (1 file checked).\n' });
  });

  it('is found from a subfolder, and its excludes are relative to it', async () => {
    const dir = await makeTree({ ...base, 'pyproject.toml': '[tool.mainguard]\nextend-exclude = ["legacy/"]\n' });
    const run = runCli(['check', '.'], path.join(dir, 'legacy'));
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: 'No files checked.\n' });
  });

  it('an unknown key: exit 2, message naming the file and the key', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT, 'pyproject.toml': '[tool.mainguard]\nexlude = ["x"]\n' });
    const run = runCli(['check'], dir);
    expect({
      code: run.code,
      stdout: run.stdout,
      namesFile: run.stderr.includes(path.join(dir, 'pyproject.toml')),
      namesKey: run.stderr.includes('exlude'),
    }).toEqual({ code: 2, stdout: '', namesFile: true, namesKey: true });
  });

  it('an unknown key suggests the right one', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT, 'pyproject.toml': '[tool.mainguard]\nexlude = ["x"]\n' });
    expect(runCli(['check'], dir).stderr).toContain('exclude');
  });
});

describe('discovery', () => {
  it('honours a nested .gitignore', async () => {
    const dir = await makeTree({
      'generated.py': PRINT_SCRIPT,
      'sub/.gitignore': 'generated.py\n',
      'sub/generated.py': PRINT_SCRIPT,
      'sub/kept.py': PRINT_SCRIPT,
    });
    expect(lines(runCli(['check'], dir).stdout).map((l) => l.split(':')[0])).toEqual(['generated.py', 'sub/kept.py', 'Found 2 findings in 2 files (2 files checked).']);
  });

  it('honours .gitignore inside a git repository, from the repository root', async () => {
    const dir = await makeTree({ '.git/': '', '.gitignore': 'gen.py\n', 'src/gen.py': PRINT_SCRIPT, 'src/run.py': PRINT_SCRIPT });
    const run = runCli(['check', 'src'], dir);
    expect(lines(run.stdout).map((l) => l.split(':')[0])).toEqual(['src/run.py', 'Found 1 finding in 1 file (1 file checked).']);
  });

  it('skips the default excludes (.venv, build, __pycache__)', async () => {
    const dir = await makeTree({
      'run.py': PRINT_SCRIPT,
      '.venv/lib/x.py': PRINT_SCRIPT,
      'build/lib/x.py': PRINT_SCRIPT,
      '__pycache__/x.py': PRINT_SCRIPT,
      'pkg/__pycache__/y.py': PRINT_SCRIPT,
    });
    expect(lines(runCli(['check'], dir).stdout)).toEqual(['run.py:3:1: MG001 code runs at import time, outside a main guard (1 statement, line 3)', 'Found 1 finding in 1 file (1 file checked).']);
  });

  it('--exclude leaves out a folder', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT, 'legacy/old.py': PRINT_SCRIPT });
    expect(lines(runCli(['check', '--exclude', 'legacy'], dir).stdout).map((l) => l.split(':')[0])).toEqual(['run.py', 'Found 1 finding in 1 file (1 file checked).']);
  });

  it('a symlink loop terminates and each file is listed once', async () => {
    const dir = await makeTree({ 'a/run.py': PRINT_SCRIPT });
    await symlink('..', path.join(dir, 'a', 'up'));
    await symlink('self', path.join(dir, 'self'));
    const run = runCli(['check'], dir);
    // Exit code 1, not a kill at the timeout: the walk ended.
    expect({ code: run.code, out: lines(run.stdout) }).toEqual({
      code: 1,
      out: ['a/run.py:3:1: MG001 code runs at import time, outside a main guard (1 statement, line 3)', 'Found 1 finding in 1 file (1 file checked).'],
    });
  });
});

describe('bad inputs: a clear per-file error, and the run goes on', () => {
  let run: CliRun;
  let unreadableTested = true;
  beforeAll(async () => {
    const dir = await makeTree({
      'bad_utf8.py': Buffer.from('x = "\xff"\nprint(x)\n', 'latin1'),
      'latin.py': Buffer.from('# -*- coding: latin-1 -*-\nname = "caf\xe9"\nprint(name)\n', 'latin1'),
      'binary.py': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x00]),
      'broken.py': 'import os\n\nx = = 1\n',
      'dir.py/inner.py': PRINT_SCRIPT,
      'good.py': PRINT_SCRIPT,
      'unreadable.py': PRINT_SCRIPT,
      'huge.py': HUGE_SCRIPT,
      'deep.py': `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\nprint(x)\n`,
    });
    await chmod(path.join(dir, 'unreadable.py'), 0o000);
    if (isRoot && !hasSetpriv) unreadableTested = false;
    // Without the cache: nobody may not create a folder here (test/cache.e2e.test.ts covers that warning).
    run = runCli(['check', '--no-cache'], dir, { asNobody: isRoot && hasSetpriv });
  });

  const lineFor = (file: string): string | undefined => lines(run.stdout).find((l) => l.startsWith(`${file}:`));

  it('exit 2 (a file that cannot be read, one too large), nothing on stderr', () => {
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: '' });
  });

  it('unreadable file: permission denied', (context) => {
    if (!unreadableTested) context.skip('running as root without setpriv: file permissions cannot be tested');
    expect(lineFor('unreadable.py')).toBe('unreadable.py: failed: permission denied');
  });

  it('invalid UTF-8 without a cookie: the byte and the line', () => {
    expect(lineFor('bad_utf8.py')).toBe('bad_utf8.py:1:1: MG000 not valid UTF-8 (byte 0xff at line 1) and no coding cookie');
  });

  it('latin-1 file with a coding cookie: checked like any other', () => {
    expect(lineFor('latin.py')).toBe('latin.py:3:1: MG001 code runs at import time, outside a main guard (1 statement, line 3)');
  });

  it('binary content: reported as binary', () => {
    expect(lineFor('binary.py')).toBe('binary.py:1:1: MG000 binary file (contains NUL bytes)');
  });

  it('syntax error: reported with its line', () => {
    expect(lineFor('broken.py')).toBe('broken.py:3:5: MG000 syntax error at line 3, column 5');
  });

  it('a directory named x.py is walked, not read as a file', () => {
    expect(lines(run.stdout).filter((l) => l.startsWith('dir.py'))).toEqual(['dir.py/inner.py:3:1: MG001 code runs at import time, outside a main guard (1 statement, line 3)']);
  });

  it('a 10 MB file: refused by its size, not read', () => {
    expect(lineFor('huge.py')).toBe('huge.py: failed: too large: 10.0 MB, over the 4 MB limit (generated code? exclude it)');
  });

  it('an expression nested 5,000 deep: the error Python gives', () => {
    expect(lineFor('deep.py')).toBe('deep.py:1:1: MG000 syntax error at line 1: too many nested parentheses');
  });

  it('the good file is still checked', () => {
    expect(lineFor('good.py')).toBe('good.py:3:1: MG001 code runs at import time, outside a main guard (1 statement, line 3)');
  });

  it('the summary counts the errors', () => {
    // 3 findings of the good files, 4 of the files that do not decode or parse (MG000).
    const expected = unreadableTested ? 'Found 7 findings in 7 files (9 files checked, 6 failed).' : expect.stringMatching(/^Found 7 findings in 7 files/);
    expect(lines(run.stdout).at(-1)).toEqual(expected);
  });
});

describe('bad inputs under fix --yes: nothing written but the good files, exit 2', () => {
  it('every bad file keeps its bytes, the good ones are rewritten, each error is one line on stderr', async () => {
    const bad: Record<string, string | Buffer> = {
      'bad_utf8.py': Buffer.from('x = "\xff"\nprint(x)\n', 'latin1'),
      'binary.py': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x00]),
      'broken.py': 'import os\n\nx = = 1\n',
      'hidden.py': 'import os\nx = 1\n    y = 2\nprint(os.sep)\n',
      'huge.py': HUGE_SCRIPT,
      'deep.py': `x = ${'['.repeat(5000)}${']'.repeat(5000)}\nprint(x)\n`,
    };
    const dir = await makeTree({ ...bad, 'good.py': PRINT_SCRIPT, 'latin.py': Buffer.from('# -*- coding: latin-1 -*-\nname = "caf\xe9"\nprint(name)\n', 'latin1') });
    const before = await snapshotTree(dir);
    const result = runCli(['fix', '--yes', '.'], dir);
    const after = await snapshotTree(dir);
    expect(result.code).toBe(2);
    for (const name of Object.keys(bad)) expect(after[name], name).toBe(before[name]);
    expect(Buffer.from(after['good.py']!, 'base64').toString('utf8')).toContain('if __name__ == "__main__":');
    // The latin-1 file is written back in latin-1, its é one byte.
    expect(readFileSync(path.join(dir, 'latin.py')).includes(Buffer.from('caf\xe9', 'latin1'))).toBe(true);
    expect(
      result.stderr
        .split('\n')
        .filter((l) => / failed: | MG000 /.test(l))
        .sort(),
    ).toEqual([
      'bad_utf8.py:1:1: MG000 not valid UTF-8 (byte 0xff at line 1) and no coding cookie',
      'binary.py:1:1: MG000 binary file (contains NUL bytes)',
      'broken.py:3:5: MG000 syntax error at line 3, column 5',
      'deep.py:1:1: MG000 syntax error at line 1: too many nested parentheses',
      'hidden.py:3:1: MG000 syntax error at line 3: unexpected indent',
      'huge.py: failed: too large: 10.0 MB, over the 4 MB limit (generated code? exclude it)',
    ]);
  });

  it.skipIf(isRoot && !hasSetpriv)('a folder without write permission: the file is reported, left as it is, and the rest is written', async () => {
    const dir = await makeTree({ 'locked/run.py': PRINT_SCRIPT, 'open/run.py': PRINT_SCRIPT });
    // Root ignores permissions: the run is made as nobody, who then owns the tree.
    if (isRoot) for (const name of ['.', 'locked', 'locked/run.py', 'open', 'open/run.py']) await chown(path.join(dir, name), NOBODY, NOBODY);
    await chmod(path.join(dir, 'locked'), 0o555);
    const result = runCli(['fix', '--yes', '.'], dir, { asNobody: isRoot });
    await chmod(path.join(dir, 'locked'), 0o755);
    expect(result.code).toBe(2);
    expect(await readFile(path.join(dir, 'locked', 'run.py'), 'utf8')).toBe(PRINT_SCRIPT);
    expect(await readdir(path.join(dir, 'locked'))).toEqual(['run.py']);
    expect(await readFile(path.join(dir, 'open', 'run.py'), 'utf8')).toContain('if __name__ == "__main__":');
    expect(result.stderr).toMatch(/^locked\/run\.py: failed: .*EACCES: permission denied/m);
  });
});

describe('explain, --help, --version', () => {
  it('explain MG002 prints the rule with Before and After', async () => {
    const dir = await makeTree({});
    const run = runCli(['explain', 'MG002'], dir);
    expect({
      code: run.code,
      code2: run.stdout.includes('MG002'),
      before: /^Before:?$/m.test(run.stdout),
      after: /^After:?$/m.test(run.stdout),
      guard: run.stdout.includes('if __name__ == "__main__":'),
    }).toEqual({ code: 0, code2: true, before: true, after: true, guard: true });
  });

  it.each(['MG001', 'MG002', 'MG003', 'MG004'])('explain %s: fix on stdin turns its Before into its After (MG003: leaves it, the After is by hand)', async (code) => {
    const dir = await makeTree({});
    const shown = runCli(['explain', code], dir).stdout;
    const block = (from: string, to: string): string =>
      `${shown
        .slice(shown.indexOf(from) + from.length, to === '' ? undefined : shown.indexOf(to))
        .replace(/\n+$/, '')
        .split('\n')
        .map((line) => line.replace(/^ {4}/, ''))
        .join('\n')}\n`;
    const before = block('\nBefore:\n\n', '\nAfter:\n');
    const after = block('\nAfter:\n\n', '');
    const run = runCli(['fix', '--stdin-filename', 'example.py', '-'], dir, { input: before });
    expect(run.stdout).toBe(code === 'MG003' ? before : after);
    expect(runCli(['fix', '--stdin-filename', 'example.py', '-'], dir, { input: after }).stdout).toBe(after);
  });

  it('explain of an unknown code: exit 2', async () => {
    const dir = await makeTree({});
    const run = runCli(['explain', 'MG999'], dir);
    expect({ code: run.code, mentions: run.stderr.includes('MG999') }).toEqual({ code: 2, mentions: true });
  });

  it('--help lists the commands with examples', async () => {
    const dir = await makeTree({});
    const run = runCli(['--help'], dir);
    expect({
      code: run.code,
      commands: ['check', 'fix', 'explain'].filter((c) => new RegExp(`^\\s+${c}\\b`, 'm').test(run.stdout)),
      examples: run.stdout.includes('Examples:') && run.stdout.includes('mainguard check .'),
    }).toEqual({ code: 0, commands: ['check', 'fix', 'explain'], examples: true });
  });

  it('check --help shows examples and exit codes', async () => {
    const dir = await makeTree({});
    const run = runCli(['check', '--help'], dir);
    expect({ code: run.code, examples: run.stdout.includes('Examples:'), exit: /exit codes/i.test(run.stdout) }).toEqual({ code: 0, examples: true, exit: true });
  });

  it('--version prints the package.json version', async () => {
    const dir = await makeTree({});
    expect(runCli(['--version'], dir)).toEqual({ stdout: `${PACKAGE_VERSION}\n`, stderr: '', code: 0 });
  });
});

describe('fix', () => {
  it('--dry-run prints a unified diff, writes nothing, exit 1', async () => {
    const dir = await makeTree({ 'scripts/run.py': POOL_SCRIPT, 'lib/util.py': LIBRARY });
    const before = await snapshotTree(dir);
    const run = runCli(['fix', '--dry-run', '.'], dir);
    const after = await snapshotTree(dir);
    expect({
      code: run.code,
      header: run.stdout.startsWith('--- a/scripts/run.py\n+++ b/scripts/run.py\n@@ '),
      adds: run.stdout.includes('\n+def main():\n') && run.stdout.includes('\n+if __name__ == "__main__":\n+    main()\n'),
      removes: run.stdout.includes('\n-with Pool() as pool:\n'),
      unchanged: after,
    }).toEqual({ code: 1, header: true, adds: true, removes: true, unchanged: before });
  });

  it('--dry-run with nothing to change: no diff, exit 0', async () => {
    const dir = await makeTree({ 'lib/util.py': LIBRARY });
    const run = runCli(['fix', '--dry-run', '.'], dir);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: '' });
  });

  it('--dry-run output applies with git apply', async () => {
    const dir = await makeTree({ 'scripts/run.py': POOL_SCRIPT });
    const { stdout } = runCli(['fix', '--dry-run', '.'], dir);
    execFileSync('git', ['apply', '-'], { cwd: dir, input: stdout });
    const { stdout: again } = runCli(['fix', '--dry-run', '.'], dir);
    expect(again).toBe('');
  });

  it('--yes writes, and a second check reports no MG001 for that file', async () => {
    const dir = await makeTree({ 'scripts/run.py': POOL_SCRIPT, 'lib/util.py': LIBRARY });
    const fix = runCli(['fix', '--yes', '.'], dir);
    const written = await readFile(path.join(dir, 'scripts', 'run.py'), 'utf8');
    const check = runCli(['check'], dir);
    expect({
      fixCode: fix.code,
      guarded: written.endsWith('\n\nif __name__ == "__main__":\n    main()\n'),
      checkCode: check.code,
      mg001: lines(check.stdout).filter((l) => l.startsWith('scripts/run.py') && l.includes('MG001')),
    }).toEqual({ fixCode: 0, guarded: true, checkCode: 0, mg001: [] });
  });

  it('--yes leaves a library file byte-identical', async () => {
    const dir = await makeTree({ 'scripts/run.py': POOL_SCRIPT, 'lib/util.py': LIBRARY });
    runCli(['fix', '--yes', '.'], dir);
    expect(await readFile(path.join(dir, 'lib', 'util.py'), 'utf8')).toBe(LIBRARY);
  });

  it('--yes writes a latin-1 file back in latin-1', async () => {
    const source = Buffer.from('# -*- coding: latin-1 -*-\nname = "caf\xe9"\nprint(name)\n', 'latin1');
    const dir = await makeTree({ 'latin.py': source });
    runCli(['fix', '--yes', '.'], dir);
    const written = await readFile(path.join(dir, 'latin.py'));
    expect({ latin1: written.includes(Buffer.from('caf\xe9', 'latin1')), utf8: written.includes(Buffer.from('caf\u00e9', 'utf8')) }).toEqual({ latin1: true, utf8: false });
  });

  it('without --dry-run or --yes and no terminal: exit 2 with a hint, writes nothing', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT });
    const run = runCli(['fix', '.'], dir);
    expect({ code: run.code, stdout: run.stdout, unchanged: await readFile(path.join(dir, 'run.py'), 'utf8') }).toEqual({
      code: 2,
      stdout: '',
      unchanged: PRINT_SCRIPT,
    });
  });
});
