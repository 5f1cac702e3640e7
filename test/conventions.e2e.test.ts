// The habits of ruff and black users, end to end: a file that does not parse is a finding (exit
// 1) in every format, configuration mistakes are one clear line (exit 2), and the synonyms and
// switches they type (--diff, --output-format, --color) work.
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, makeTree, removeTrees, runCli } from './helpers/cli.js';
import { py } from './helpers/dedent.js';

afterAll(removeTrees);

const PRINT_SCRIPT = py`
  import sys

  print(len(sys.argv))
`;
const BROKEN = 'import os\nx = = 1\n';
const MG000 = 'broken.py:2:5: MG000 syntax error at line 2, column 5';
const lines = (text: string): string[] => text.split('\n').filter(Boolean);
const errorLines = (text: string): string[] => lines(text).filter((l) => l.startsWith('error: ') || l.startsWith('  hint: '));

describe('a file that does not parse is a finding of that file, MG000', () => {
  it('in SARIF: a result of rule MG000, and the run successful', async () => {
    const dir = await makeTree({ 'broken.py': BROKEN });
    const run = runCli(['check', '--format', 'sarif'], dir);
    const log = JSON.parse(run.stdout) as {
      runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string }>; invocations: Array<{ executionSuccessful: boolean }> }>;
    };
    const [sarif] = log.runs;
    expect({
      code: run.code,
      rule: sarif!.tool.driver.rules[0]!.id,
      results: sarif!.results.map((r) => [r.ruleId, r.level]),
      successful: sarif!.invocations[0]!.executionSuccessful,
    }).toEqual({ code: 1, rule: 'MG000', results: [['MG000', 'error']], successful: true });
  });

  it('in GitHub annotations: an error on its line and column', async () => {
    const dir = await makeTree({ 'broken.py': BROKEN });
    const run = runCli(['check', '--format', 'github'], dir);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: '::error file=broken.py,line=2,col=5,title=MG000::syntax error at line 2, column 5\n' });
  });

  it('from stdin too: check exits 1', async () => {
    const run = runCli(['check', '--stdin-filename', 'broken.py', '-'], await makeTree({}), { input: BROKEN });
    expect({ code: run.code, first: lines(run.stdout)[0] }).toEqual({ code: 1, first: MG000 });
  });

  it('explain MG000 says what it is and how to leave such files out', async () => {
    const run = runCli(['explain', 'MG000'], await makeTree({}));
    expect({ code: run.code, title: lines(run.stdout)[0], ignore: run.stdout.includes('ignore = ["MG000"]') }).toEqual({
      code: 0,
      title: 'MG000 (could-not-parse): the file could not be decoded or parsed as Python, so nothing else in it was checked',
      ignore: true,
    });
  });
});

describe('configuration mistakes are one clear line, exit 2', () => {
  it('a pyproject.toml that is not TOML: its path, line and column, though it never reached the table', async () => {
    const dir = await makeTree({ 'pyproject.toml': '[project]\nname = "demo"\n[tool.mainguard\nkeep = []\n', 'run.py': PRINT_SCRIPT });
    const run = runCli(['check', '.'], dir);
    expect({ code: run.code, stdout: run.stdout, errors: errorLines(run.stderr) }).toEqual({
      code: 2,
      stdout: '',
      errors: [
        expect.stringMatching(new RegExp(`^error: ${path.join(dir, 'pyproject.toml').replace(/[.]/g, '\\.')}:3:\\d+: invalid TOML: `)),
        '  hint: fix the syntax error at that line, or pass --config with another pyproject.toml',
      ],
    });
  });

  it('a keep pattern that can never match: the file, the key, the pattern and what a pattern is', async () => {
    const dir = await makeTree({ 'pyproject.toml': '[tool.mainguard]\nkeep = ["load_dotenv("]\n', 'run.py': PRINT_SCRIPT });
    const run = runCli(['check', '.'], dir);
    expect({ code: run.code, errors: errorLines(run.stderr) }).toEqual({
      code: 2,
      errors: [
        `error: ${path.join(dir, 'pyproject.toml')}: \`tool.mainguard.keep\`: "load_dotenv(" does not parse as one Python statement`,
        expect.stringMatching(/^ {2}hint: a keep pattern is one Python statement or expression, with \$NAME or \$\$\$ for any part/),
      ],
    });
  });

  it('the same pattern given as --keep: named as the flag', async () => {
    const run = runCli(['fix', '--dry-run', '--keep', 'print(', '.'], await makeTree({ 'run.py': PRINT_SCRIPT }));
    expect({ code: run.code, error: errorLines(run.stderr)[0] }).toEqual({ code: 2, error: 'error: --keep "print(": does not parse as one Python statement' });
  });

  it('--config with a file that is not there: the path as given, and where it was looked for', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT });
    const run = runCli(['check', '--config', 'missing.toml', '.'], dir);
    expect({ code: run.code, errors: errorLines(run.stderr) }).toEqual({
      code: 2,
      errors: [
        `error: --config missing.toml: no such file (${path.join(dir, 'missing.toml')})`,
        '  hint: name a pyproject.toml with a [tool.mainguard] table, relative to the current folder; without --config the nearest one is used',
      ],
    });
  });

  it('--config with a pyproject.toml that has no [tool.mainguard] table: one warning, and the defaults apply', async () => {
    const dir = await makeTree({ 'other.toml': '[tool.black]\nline-length = 100\n', 'run.py': PRINT_SCRIPT });
    const run = runCli(['check', '--config', 'other.toml', '.'], dir);
    expect({ code: run.code, stderr: run.stderr, stdout: run.stdout }).toEqual({
      code: 1,
      stderr: 'warning: --config other.toml has no [tool.mainguard] table; the defaults apply\n',
      stdout: runCli(['check', '.'], dir).stdout,
    });
    const shown = runCli(['config', '--config', 'other.toml'], dir);
    expect({ code: shown.code, stderr: shown.stderr }).toEqual({ code: 0, stderr: 'warning: --config other.toml has no [tool.mainguard] table; the defaults apply\n' });
  });

  it('include-init is a key of the configuration, as --include-init is a flag', async () => {
    const files = { 'pkg/__init__.py': PRINT_SCRIPT };
    const byFlag = runCli(['check', '-q', '--include-init', '.'], await makeTree(files));
    const byKey = runCli(['check', '-q', '.'], await makeTree({ ...files, 'pyproject.toml': '[tool.mainguard]\ninclude-init = true\n' }));
    expect(byKey).toEqual(byFlag);
    expect(byKey.stdout).toMatch(/^pkg\/__init__\.py:3:1: MG001 /);
  });
});

describe('the habits of ruff and black', () => {
  it('fix --diff is fix --dry-run', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT });
    const [diff, dryRun] = [runCli(['fix', '--diff', '.'], dir), runCli(['fix', '--dry-run', '.'], dir)];
    expect({ code: diff.code, stdout: diff.stdout }).toEqual({ code: dryRun.code, stdout: dryRun.stdout });
    expect(diff.stdout.startsWith('--- a/run.py\n+++ b/run.py\n')).toBe(true);
  });

  it('check --output-format is check --format; both, disagreeing, is a usage error', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT });
    const [output, format] = [runCli(['check', '--output-format', 'json', '.'], dir), runCli(['check', '--format', 'json', '.'], dir)];
    expect(output).toEqual(format);
    expect(JSON.parse(output.stdout)).toMatchObject({ version: 1 });
    const both = runCli(['check', '--format', 'json', '--output-format', 'sarif', '.'], dir);
    expect({ code: both.code, error: errorLines(both.stderr)[0] }).toEqual({ code: 2, error: 'error: --format json and --output-format sarif disagree' });
  });

  it.each([
    { name: 'piped, by default: no colors', args: [], env: {}, colored: false },
    { name: '--color always, piped: colors', args: ['--color', 'always'], env: {}, colored: true },
    { name: '--color always wins over NO_COLOR', args: ['--color', 'always'], env: { NO_COLOR: '1' }, colored: true },
    { name: 'FORCE_COLOR=1, piped: colors', args: [], env: { NO_COLOR: undefined, FORCE_COLOR: '1' }, colored: true },
    { name: '--color never wins over FORCE_COLOR', args: ['--color', 'never'], env: { NO_COLOR: undefined, FORCE_COLOR: '1' }, colored: false },
  ])('$name', async ({ args, env, colored }) => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT });
    const check = runCli(['check', ...args, '.'], dir, { env: cliEnv(env) });
    const fix = runCli(['fix', '--dry-run', ...args, '.'], dir, { env: cliEnv(env) });
    // eslint-disable-next-line no-control-regex
    const ansi = /\x1b\[/;
    expect({ check: ansi.test(check.stdout), diff: ansi.test(fix.stdout), summary: ansi.test(fix.stderr) }).toEqual({ check: colored, diff: colored, summary: colored });
  });

  it('--color takes auto, always or never', async () => {
    const run = runCli(['check', '--color', 'sometimes', '.'], await makeTree({}));
    expect({ code: run.code, said: run.stderr.includes('Allowed choices are auto, always, never') }).toEqual({ code: 2, said: true });
  });

  it('a file left alone by name says why, in check and fix, instead of only "No files checked."', async () => {
    const dir = await makeTree({ 'pkg/__init__.py': PRINT_SCRIPT, 'setup.py': PRINT_SCRIPT, 'gen.py': `# mainguard: skip-file\n${PRINT_SCRIPT}` });
    const check = runCli(['check', 'pkg/__init__.py', 'gen.py'], dir);
    expect({ code: check.code, stdout: check.stdout, stderr: lines(check.stderr) }).toEqual({
      code: 0,
      stdout: 'No files checked.\n',
      stderr: ['gen.py:1: ignored: # mainguard: skip-file', 'pkg/__init__.py: ignored: __init__.py is left alone by default'],
    });
    const fix = runCli(['fix', '--dry-run', 'setup.py'], dir);
    expect(lines(fix.stderr)[0]).toBe('setup.py: ignored: setup.py is left alone by default');
    // Found in a folder rather than named, such files stay quiet.
    expect(runCli(['check', '.'], dir).stderr).toBe('');
  });
});
