// check's output formats and file selection, and the config command, through the built CLI.
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTree, removeTrees, runCli } from './helpers/cli.js';
import { py } from './helpers/dedent.js';
import { sarifSchemaErrors } from './helpers/sarif.js';

afterAll(removeTrees);

const POOL_SCRIPT = py`
  import sys
  from multiprocessing import Pool

  def square(x):
      return x * x

  with Pool() as pool:
      print(pool.map(square, [1, 2, 3]))
`;
const PRINT_SCRIPT = 'import os\n\nprint(os.sep)\n';
const LIBRARY = 'import os\n\ndef load(name):\n    return open(os.path.join("data", name)).read()\n';

const MG001_RUN = 'code runs at import time, outside a main guard (1 statement, lines 7-8)';
const MG002_RUN = 'Pool() starts processes at import time: under spawn and forkserver every child re-runs it';
const MG001_PRINT = 'code runs at import time, outside a main guard (1 statement, line 3)';

const TREE = { 'scripts/run.py': POOL_SCRIPT, 'lib/util.py': LIBRARY, 'tools/a b.py': PRINT_SCRIPT };

describe('check --format sarif', () => {
  it('prints a SARIF 2.1.0 log that the official schema accepts, one result per finding; exit 1', async () => {
    const dir = await makeTree(TREE);
    const run = runCli(['check', '--format', 'sarif'], dir);
    const log = JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: unknown[] }>; originalUriBaseIds: unknown }> };
    expect({ code: run.code, stderr: run.stderr, schemaErrors: sarifSchemaErrors(log) }).toEqual({ code: 1, stderr: '', schemaErrors: [] });
    const where = (r: { ruleId: string; locations: unknown[] }) => {
      const loc = (r.locations[0] as { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }).physicalLocation;
      return `${r.ruleId} ${loc.artifactLocation.uri}:${loc.region.startLine}:${loc.region.startColumn}`;
    };
    expect(log.runs[0]!.results.map(where)).toEqual(['MG001 scripts/run.py:7:1', 'MG002 scripts/run.py:7:6', 'MG001 tools/a%20b.py:3:1']);
    expect(log.runs[0]!.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `file://${dir}/` } });
  });

  it('a clean tree: a valid log with no results; exit 0', async () => {
    const dir = await makeTree({ 'lib/util.py': LIBRARY });
    const run = runCli(['check', '--format', 'sarif'], dir);
    const log = JSON.parse(run.stdout) as { runs: Array<{ results: unknown[] }> };
    expect({ code: run.code, errors: sarifSchemaErrors(log), results: log.runs[0]!.results }).toEqual({ code: 0, errors: [], results: [] });
  });
});

describe('check --format github', () => {
  it('prints one workflow command per finding and nothing else; exit 1', async () => {
    const dir = await makeTree(TREE);
    expect(runCli(['check', '--format', 'github'], dir)).toEqual({
      code: 1,
      stderr: '',
      stdout: [
        `::warning file=scripts/run.py,line=7,col=1,title=MG001::${MG001_RUN}`,
        `::error file=scripts/run.py,line=7,col=6,title=MG002::${MG002_RUN}`,
        `::warning file=tools/a b.py,line=3,col=1,title=MG001::${MG001_PRINT}`,
        '',
      ].join('\n'),
    });
  });

  it('with --select, only the selected codes', async () => {
    const dir = await makeTree(TREE);
    expect(runCli(['check', '--format', 'github', '--select', 'MG002'], dir).stdout).toBe(`::error file=scripts/run.py,line=7,col=6,title=MG002::${MG002_RUN}\n`);
  });
});

describe('check --statistics and --quiet', () => {
  it('--statistics: one line per code instead of the findings, then the summary; exit 1', async () => {
    const dir = await makeTree(TREE);
    expect(runCli(['check', '--statistics'], dir)).toEqual({
      code: 1,
      stderr: '',
      stdout: '2  MG001  unguarded-script-code\n1  MG002  process-start-at-import\nFound 3 findings in 2 files (3 files checked).\n',
    });
  });

  it('--statistics --quiet: the counts alone', async () => {
    const dir = await makeTree(TREE);
    expect(runCli(['check', '--statistics', '-q'], dir).stdout).toBe('2  MG001  unguarded-script-code\n1  MG002  process-start-at-import\n');
  });

  it('--statistics --format json: an array of {code, name, count}', async () => {
    const dir = await makeTree(TREE);
    expect(JSON.parse(runCli(['check', '--statistics', '--format', 'json'], dir).stdout)).toEqual([
      { code: 'MG001', name: 'unguarded-script-code', count: 2 },
      { code: 'MG002', name: 'process-start-at-import', count: 1 },
    ]);
  });

  it('--statistics with sarif or github: a usage error, exit 2', async () => {
    const dir = await makeTree(TREE);
    expect(runCli(['check', '--statistics', '--format', 'github'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --statistics goes with --format text or json, not github\n',
    });
  });

  it('--quiet: the findings, no summary line; exit code unchanged', async () => {
    const dir = await makeTree(TREE);
    expect(runCli(['check', '--quiet'], dir)).toEqual({
      code: 1,
      stderr: '',
      stdout: `scripts/run.py:7:1: MG001 ${MG001_RUN}\nscripts/run.py:7:6: MG002 ${MG002_RUN}\ntools/a b.py:3:1: MG001 ${MG001_PRINT}\n`,
    });
  });

  it('--quiet on a clean tree prints nothing; exit 0', async () => {
    const dir = await makeTree({ 'lib/util.py': LIBRARY });
    expect(runCli(['check', '-q'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('check --changed-since', () => {
  async function repo(): Promise<string> {
    const dir = await makeTree({ 'old.py': PRINT_SCRIPT, 'pkg/edited.py': PRINT_SCRIPT, 'pkg/same.py': PRINT_SCRIPT });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.name', 'Test');
    git('config', 'user.email', 'test@example.com');
    git('config', 'commit.gpgsign', 'false');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    await writeFile(path.join(dir, 'pkg', 'edited.py'), `${PRINT_SCRIPT}print(1)\n`);
    await writeFile(path.join(dir, 'new.py'), PRINT_SCRIPT);
    return dir;
  }

  it('checks only the files changed since the ref and the untracked ones', async () => {
    const dir = await repo();
    expect(runCli(['check', '--changed-since', 'HEAD'], dir)).toEqual({
      code: 1,
      stderr: '',
      stdout: [
        `new.py:3:1: MG001 ${MG001_PRINT}`,
        'pkg/edited.py:3:1: MG001 code runs at import time, outside a main guard (2 statements, lines 3-4)',
        'Found 2 findings in 2 files (2 files checked).',
        '',
      ].join('\n'),
    });
  });

  it('paths still narrow the files', async () => {
    const dir = await repo();
    expect(runCli(['check', '--changed-since', 'HEAD', '-q', 'pkg'], dir).stdout).toBe('pkg/edited.py:3:1: MG001 code runs at import time, outside a main guard (2 statements, lines 3-4)\n');
  });

  it('an unknown ref: exit 2, the ref named, nothing checked', async () => {
    const dir = await repo();
    const run = runCli(['check', '--changed-since', 'no-such-ref'], dir);
    expect({ code: run.code, stdout: run.stdout, firstLine: run.stderr.split('\n')[0] }).toEqual({
      code: 2,
      stdout: '',
      firstLine: 'error: --changed-since no-such-ref: not a commit, branch or tag in this repository',
    });
  });

  it('outside a git repository: exit 2', async () => {
    const dir = await makeTree({ 'a.py': PRINT_SCRIPT });
    const run = runCli(['check', '--changed-since', 'HEAD'], dir);
    expect({ code: run.code, stdout: run.stdout, firstLine: run.stderr.split('\n')[0] }).toEqual({
      code: 2,
      stdout: '',
      firstLine: `error: --changed-since HEAD: ${dir} is not inside a git repository`,
    });
  });
});

describe('check --shard', () => {
  const NAMES = ['a.py', 'b.py', 'c/d.py', 'c/e.py', 'f.py', 'g/h/i.py', 'j.py'];
  const files = (run: { stdout: string }) =>
    run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(':')[0]!);

  it('N shards check every file exactly once, the same way on every run', async () => {
    const dir = await makeTree(Object.fromEntries(NAMES.map((name) => [name, PRINT_SCRIPT])));
    const shards = ['1/3', '2/3', '3/3'].map((shard) => files(runCli(['check', '-q', '--shard', shard], dir)));
    expect(shards.flat().sort()).toEqual(NAMES);
    expect(shards.map((s) => s.length)).toEqual([3, 2, 2]);
    expect(['1/3', '2/3', '3/3'].map((shard) => files(runCli(['check', '-q', '--shard', shard], dir)))).toEqual(shards);
  });

  it('the summary counts the shard only', async () => {
    const dir = await makeTree(Object.fromEntries(NAMES.map((name) => [name, PRINT_SCRIPT])));
    expect(runCli(['check', '--shard', '2/3'], dir).stdout.split('\n').at(-2)).toBe('Found 2 findings in 2 files (2 files checked).');
  });

  it.each([
    ['0/3', "error: option '--shard <i/n>' argument '0/3' is invalid. I, the shard to run, must be between 1 and N (3)"],
    ['2', "error: option '--shard <i/n>' argument '2' is invalid. expected I/N, e.g. 1/4 (this run takes part I of N)"],
  ])('--shard %s: exit 2 with the reason', async (shard, message) => {
    const dir = await makeTree({ 'a.py': PRINT_SCRIPT });
    const run = runCli(['check', '--shard', shard], dir);
    expect({ code: run.code, stdout: run.stdout, firstLine: run.stderr.split('\n')[0] }).toEqual({ code: 2, stdout: '', firstLine: message });
  });
});

describe('check --stdin-filename', () => {
  it('checks the source read from stdin under the given name; exit 1', async () => {
    const dir = await makeTree({});
    expect(runCli(['check', '--stdin-filename', 'scripts/run.py', '-'], dir, { input: POOL_SCRIPT })).toEqual({
      code: 1,
      stderr: '',
      stdout: `scripts/run.py:7:1: MG001 ${MG001_RUN}\nscripts/run.py:7:6: MG002 ${MG002_RUN}\nFound 2 findings in 1 file (1 file checked).\n`,
    });
  });

  it('a clean source: exit 0; any format', async () => {
    const dir = await makeTree({});
    const run = runCli(['check', '--stdin-filename', 'lib/util.py', '--format', 'json', '-'], dir, { input: LIBRARY });
    expect({ code: run.code, files: (JSON.parse(run.stdout) as { files: unknown[] }).files }).toEqual({
      code: 0,
      files: [{ path: 'lib/util.py', status: 'unchanged', findings: [], kind: 'definitions', why: 'only imports, definitions and constants run at import time' }],
    });
  });

  it('the file on disk is not read: the name only names the source', async () => {
    const dir = await makeTree({ 'run.py': LIBRARY });
    expect(runCli(['check', '--format', 'github', '--stdin-filename', 'run.py', '-'], dir, { input: PRINT_SCRIPT }).stdout).toBe(`::warning file=run.py,line=3,col=1,title=MG001::${MG001_PRINT}\n`);
  });

  it('--stdin-filename without -: exit 2 with a hint', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT });
    expect(runCli(['check', '--stdin-filename', 'run.py', '.'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --stdin-filename goes with - as the path\n  hint: mainguard check --stdin-filename run.py -\n',
    });
  });

  it('- with --shard: exit 2', async () => {
    const dir = await makeTree({});
    expect(runCli(['check', '--shard', '1/2', '-'], dir, { input: PRINT_SCRIPT }).code).toBe(2);
  });
});

describe('mainguard config', () => {
  it('prints every key with its value and source: default, pyproject.toml or a flag', async () => {
    const dir = await makeTree({ 'pyproject.toml': '[tool.mainguard]\nignore = ["MG004"]\nkeep = ["load_dotenv()"]\n' });
    const toml = path.join(dir, 'pyproject.toml');
    const run = runCli(['config', '--show', '--keep', 'print($$$)', '--no-respect-gitignore'], dir);
    // Comments line up after the longest line of 40 characters or less: here the keep line (38).
    const row = (text: string, source: string) => `${text.padEnd(38)}  # ${source}`;
    expect({ code: run.code, stderr: run.stderr, lines: run.stdout.split('\n').filter((l) => !l.startsWith('exclude = ')) }).toEqual({
      code: 0,
      stderr: '',
      lines: [
        `# configuration file: ${toml}`,
        '[tool.mainguard]',
        row('extend-exclude = []', 'default'),
        row('select = ["MG"]', 'default'),
        row('ignore = ["MG004"]', toml),
        row('extensions = ["py"]', 'default'),
        row('respect-gitignore = false', '--no-respect-gitignore'),
        `keep = ["load_dotenv()", "print($$$)"]  # ${toml} + --keep`,
        row('freeze-support = false', 'default'),
        row('include-init = false', 'default'),
        '',
      ],
    });
  });

  it('is what check uses: a key set in config shows and applies', async () => {
    const dir = await makeTree({ 'pyproject.toml': '[tool.mainguard]\nselect = ["MG002"]\n', ...TREE });
    const shown = JSON.parse(runCli(['config', '--format', 'json'], dir).stdout) as { settings: Record<string, { value: unknown; source: string }> };
    expect(shown.settings.select).toEqual({ value: ['MG002'], source: path.join(dir, 'pyproject.toml') });
    expect(runCli(['check', '-q'], dir).stdout).toBe(`scripts/run.py:7:6: MG002 ${MG002_RUN}\n`);
  });

  it('without a pyproject.toml: every key at its default', async () => {
    const dir = await makeTree({ 'a.py': PRINT_SCRIPT });
    const shown = JSON.parse(runCli(['config', '--format', 'json'], dir).stdout) as { configFile: unknown; settings: Record<string, { source: string }> };
    expect({ configFile: shown.configFile, sources: [...new Set(Object.values(shown.settings).map((s) => s.source))], keys: Object.keys(shown.settings).length }).toEqual({
      configFile: null,
      sources: ['default'],
      keys: 9,
    });
  });

  it('an invalid pyproject.toml: exit 2, as for check', async () => {
    const dir = await makeTree({ 'pyproject.toml': '[tool.mainguard]\nexlude = ["x"]\n' });
    const run = runCli(['config'], dir);
    expect({ code: run.code, stdout: run.stdout, namesKey: run.stderr.includes('exlude') }).toEqual({ code: 2, stdout: '', namesKey: true });
  });
});

describe('check reports what fix would refuse', () => {
  const REFUSED = py`
    import json

    print("reading settings")
    settings = json.loads('{"width": 3}')


    def area(width=settings["width"]):
        return width * width


    print(area())
  `;
  const REASON = 'line 4 must run after line 3, which runs first and may stop the script, but line 7 needs settings when it is defined; left unchanged';

  it('with the same reason as fix, in text and JSON', async () => {
    const dir = await makeTree({ 'settings_demo.py': REFUSED, 'tools/a b.py': PRINT_SCRIPT });
    const check = runCli(['check'], dir);
    const fix = runCli(['fix', '--dry-run'], dir);
    const refusedLine = (text: string) => text.split('\n').filter((l) => l.includes(': refused: '));
    expect(refusedLine(check.stdout)).toEqual([`settings_demo.py:4: refused: ${REASON}`]);
    expect(refusedLine(fix.stderr)).toEqual(refusedLine(check.stdout));
    const json = JSON.parse(runCli(['check', '--format', 'json'], dir).stdout) as { files: Array<{ path: string; status: string; skip?: unknown }> };
    expect(json.files.map((f) => [f.path, f.status, f.skip])).toEqual([
      ['settings_demo.py', 'skipped', { kind: 'refused', reason: REASON, line: 4 }],
      ['tools/a b.py', 'changed', undefined],
    ]);
  });
});

describe('one status vocabulary in every output', () => {
  const REFUSED = 'import sys\n\n__name__ = "x"\nprint(sys.argv)\n';
  // A file that cannot be read (a syntax error is a finding, MG000, not a failure of the run).
  const TOO_LARGE = `x = 1\n${' '.repeat(5 * 1024 * 1024)}\n`;
  // Words the outputs once used for the same things, and must not use any more.
  const OLD_WORDS = /unsafe to rewrite|not rewritten|out of scope|changed since read|not written|: error: /;

  it.each([
    { format: 'text', args: ['check'], refused: 'refused: assigns to __name__', failed: 'failed: too large' },
    { format: 'json', args: ['check', '--format', 'json'], refused: '"kind": "refused"', failed: '"status": "failed"' },
    { format: 'sarif', args: ['check', '--format', 'sarif'], refused: 'refused: assigns to __name__', failed: '"level": "error"' },
    { format: 'github', args: ['check', '--format', 'github'], refused: 'refused: assigns to __name__', failed: '::error file=big.py' },
    { format: 'fix --dry-run (stderr)', args: ['fix', '--dry-run'], refused: 'refused: assigns to __name__', failed: 'failed: too large' },
  ])('$format', async ({ args, refused, failed }) => {
    const dir = await makeTree({ 'refused.py': REFUSED, 'big.py': TOO_LARGE, 'run.py': PRINT_SCRIPT });
    const run = runCli(args, dir);
    const output = args[0] === 'fix' ? run.stderr : run.stdout;
    expect({ refused: output.includes(refused), failed: output.includes(failed), old: output.match(OLD_WORDS)?.[0] }).toEqual({ refused: true, failed: true, old: undefined });
  });

  it('the summary of fix names skipped files by the same words', async () => {
    const dir = await makeTree({ 'refused.py': REFUSED, 'setup.py': PRINT_SCRIPT, 'run.py': PRINT_SCRIPT });
    const summary = runCli(['fix', '--dry-run'], dir).stderr.trimEnd().split('\n').at(-1) ?? '';
    expect(summary).toMatch(/: 1 would change, 0 unchanged, 2 skipped \(1 refused, 1 ignored\), 0 failed\.$/);
  });
});
