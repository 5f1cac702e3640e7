import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_FOLDER, cliEnv, copyTree, makeTree, maskTime, removeTrees, runCli, runCliRaw, snapshotTree } from './helpers/cli.js';
import { py } from './helpers/dedent.js';
import { FIXTURE_DIR } from './helpers/fixtures.js';
import { named } from './helpers/table.js';

afterAll(removeTrees);

const PRINT_SCRIPT = 'import os\n\nprint(os.sep)\n';
const LIBRARY = 'import os\n\ndef load(name):\n    return open(os.path.join("data", name)).read()\n';
const REFUSED = readFileSync(path.join(FIXTURE_DIR, 'refuse-bind-then-later-staying-def.py'), 'utf8');

/** Every main-guard fixture, also a few in a deeper folder, a latin-1 file and names with a space and an accent. */
function fixtureTree(): Record<string, Buffer | string> {
  const spec: Record<string, Buffer | string> = {};
  for (const name of readdirSync(FIXTURE_DIR)) {
    if (!name.endsWith('.py')) continue;
    spec[`fixtures/${name}`] = readFileSync(path.join(FIXTURE_DIR, name));
  }
  for (const name of ['move-basic-calls.py', 'text-crlf.py', 'text-bom.py', 'guard-two-guards-merged.py']) {
    spec[`nested/deeper/${name}`] = readFileSync(path.join(FIXTURE_DIR, name));
  }
  spec['latin/caf\u00e9 script.py'] = Buffer.from('# -*- coding: latin-1 -*-\nname = "caf\xe9"\nprint(name)\n', 'latin1');
  spec['with space.py'] = PRINT_SCRIPT;
  return spec;
}

describe('fix --dry-run', () => {
  let original: string;
  let patch: Buffer;
  let dryRun: { stderr: string; code: number | null };
  let written: Record<string, string>;
  let before: Record<string, string>;
  beforeAll(async () => {
    original = await makeTree(fixtureTree());
    before = await snapshotTree(original);
    const run = runCliRaw(['fix', '--dry-run', '.'], original);
    patch = run.stdout;
    dryRun = run;
    const yes = await copyTree(original);
    expect(runCli(['fix', '--yes', '.'], yes).code).toBe(1); // refused fixtures stay unfixed
    written = await snapshotTree(yes);
  });

  it('writes nothing, exit 1', async () => {
    expect({ code: dryRun.code, tree: await snapshotTree(original) }).toEqual({ code: 1, tree: before });
  });

  it('its diff applies with git apply and gives exactly what fix --yes writes', async () => {
    const dir = await copyTree(original);
    execFileSync('git', ['apply', '-'], { cwd: dir, input: patch, stdio: ['pipe', 'pipe', 'pipe'] });
    const after = await snapshotTree(dir);
    expect(after).not.toEqual(await snapshotTree(original));
    expect(after).toEqual(written);
  });

  it('its diff applies with patch -p1 and gives the same', async () => {
    const dir = await copyTree(original);
    execFileSync('patch', ['-p1', '--quiet', '--no-backup-if-mismatch'], { cwd: dir, input: patch, stdio: ['pipe', 'pipe', 'pipe'] });
    expect(await snapshotTree(dir)).toEqual(written);
  });

  it('has a/ and b/ paths relative to the current folder, also from a subfolder argument', async () => {
    const headers = patch
      .toString('latin1')
      .split('\n')
      .filter((l) => l.startsWith('--- ') || l.startsWith('+++ '));
    expect(headers.every((l) => /^(--- "?a\/|\+\+\+ "?b\/)/.test(l))).toBe(true);
    expect(headers).toContain('--- "a/latin/caf\\303\\251 script.py"');
    const sub = runCli(['fix', '--dry-run', 'nested'], original);
    expect(sub.stdout.split('\n').filter((l) => l.startsWith('--- '))).toEqual([
      '--- a/nested/deeper/guard-two-guards-merged.py',
      '--- a/nested/deeper/move-basic-calls.py',
      '--- a/nested/deeper/text-bom.py',
      '--- a/nested/deeper/text-crlf.py',
    ]);
  });

  it('lists on stderr what it cannot fix, each refused file with its reason', () => {
    const refused = dryRun.stderr.split('\n').filter((l) => / refused: /.test(l));
    expect(refused.length).toBe(readdirSync(FIXTURE_DIR).filter((n) => n.startsWith('refuse-')).length);
    expect(dryRun.stderr).toContain('fixtures/refuse-bind-then-later-staying-def.py:7: refused: line 7 binds label again, which line 3 uses before it, but line 11 needs label');
  });

  it('ends with the summary: scanned, would change, unchanged, skipped by reason, failed, time', () => {
    expect(dryRun.stderr.trimEnd().split('\n').at(-1)).toMatch(/^Scanned \d+ files in \d+\.\ds: \d+ would change, \d+ unchanged, \d+ skipped \(\d+ refused, 1 ignored\), 0 failed\.$/);
  });

  it('is plain when piped, even without NO_COLOR', () => {
    const run = runCli(['fix', '--dry-run', '.'], original, { env: cliEnv({ NO_COLOR: undefined }) });
    expect({ stdout: run.stdout.includes('\x1b['), stderr: run.stderr.includes('\x1b[') }).toEqual({ stdout: false, stderr: false });
  });
});

describe('exit codes of fix', () => {
  it.each(
    named<{ name: string; files: Record<string, string>; args: string[]; code: number }>([
      { name: 'dry run, nothing to change: 0', files: { 'lib.py': LIBRARY }, args: ['--dry-run'], code: 0 },
      { name: 'dry run, a change: 1', files: { 'run.py': PRINT_SCRIPT, 'lib.py': LIBRARY }, args: ['--dry-run'], code: 1 },
      { name: 'dry run, only an unfixable file: 1', files: { 'refused.py': REFUSED }, args: ['--dry-run'], code: 1 },
      { name: 'dry run, a file that does not parse: 1 (MG000, a finding)', files: { 'lib.py': LIBRARY, 'broken.py': 'x = = 1\n' }, args: ['--dry-run'], code: 1 },
      { name: '--diff, the same as --dry-run: 1', files: { 'run.py': PRINT_SCRIPT }, args: ['--diff'], code: 1 },
      { name: '--diff with --yes: 2', files: { 'run.py': PRINT_SCRIPT }, args: ['--diff', '--yes'], code: 2 },
      { name: 'dry run, a file that does not parse, MG000 ignored: 0', files: { 'lib.py': LIBRARY, 'broken.py': 'x = = 1\n' }, args: ['--dry-run', '--ignore', 'MG000'], code: 0 },
      { name: 'dry run, a file that cannot be read: 2', files: { 'lib.py': LIBRARY, 'huge.py': `x = 1\n${' '.repeat(5 * 1024 * 1024)}\n` }, args: ['--dry-run'], code: 2 },
      { name: '--yes, all written: 0', files: { 'run.py': PRINT_SCRIPT, 'lib.py': LIBRARY }, args: ['--yes'], code: 0 },
      { name: '--yes, an unfixable file left: 1', files: { 'run.py': PRINT_SCRIPT, 'refused.py': REFUSED }, args: ['--yes'], code: 1 },
      { name: '--yes, a file that does not parse: 1', files: { 'run.py': PRINT_SCRIPT, 'broken.py': 'x = = 1\n' }, args: ['--yes'], code: 1 },
      { name: '--yes --exit-non-zero-on-fix, a file written: 1', files: { 'run.py': PRINT_SCRIPT, 'lib.py': LIBRARY }, args: ['--yes', '--exit-non-zero-on-fix'], code: 1 },
      { name: '--yes --exit-non-zero-on-fix, nothing to write: 0', files: { 'lib.py': LIBRARY }, args: ['--yes', '--exit-non-zero-on-fix'], code: 0 },
      { name: 'no terminal and no --yes: 2', files: { 'run.py': PRINT_SCRIPT }, args: [], code: 2 },
      { name: '--dry-run with --yes: 2', files: { 'run.py': PRINT_SCRIPT }, args: ['--dry-run', '--yes'], code: 2 },
      { name: '--jobs 0: 2', files: { 'run.py': PRINT_SCRIPT }, args: ['--dry-run', '--jobs', '0'], code: 2 },
    ]),
  )('%s', async (_name, { files, args, code }) => {
    const dir = await makeTree(files);
    expect(runCli(['fix', ...args, '.'], dir).code).toBe(code);
  });

  it('--yes still writes the other files when one does not parse', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT, 'broken.py': 'x = = 1\n' });
    const run = runCli(['fix', '--yes', '.'], dir);
    expect({
      written: (await readFile(path.join(dir, 'run.py'), 'utf8')).includes('def main():'),
      reported: run.stderr.includes('broken.py:1:5: MG000 syntax error at line 1, column 5'),
    }).toEqual({ written: true, reported: true });
  });

  it('--exit-non-zero-on-fix writes the file and exits 1, as a pre-commit fixer does', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT });
    const run = runCli(['fix', '--yes', '--exit-non-zero-on-fix', 'run.py'], dir);
    expect({ code: run.code, written: (await readFile(path.join(dir, 'run.py'), 'utf8')).includes('if __name__ == "__main__":') }).toEqual({ code: 1, written: true });
  });

  it('--help documents the exit codes and the keys', async () => {
    const run = runCli(['fix', '--help'], await makeTree({}));
    expect({
      code: run.code,
      exit: /Exit codes: 0 .*;\s+1 .*;\s+2 usage/s.test(run.stdout),
      keys: /y apply.*n leave it.*a apply it and all the rest.*q quit.*\? help/s.test(run.stdout),
    }).toEqual({ code: 0, exit: true, keys: true });
  });
});

describe('fix without a terminal', () => {
  it('refuses with a one-line hint and writes nothing', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT });
    const run = runCli(['fix', '.'], dir);
    expect({ ...run, file: await readFile(path.join(dir, 'run.py'), 'utf8') }).toEqual({
      stdout: '',
      stderr: 'error: fix asks before writing each file, and there is no terminal to ask on\n' + '  hint: pass --yes to apply every change, or --dry-run to print them as a diff\n',
      code: 2,
      file: PRINT_SCRIPT,
    });
  });
});

describe('fix --yes: safe writes', () => {
  it('removes the temporary files a killed run left in the folders it writes, and only there', async () => {
    const stale = '.run.py.mainguard-99999-0123456789ab.tmp';
    const dir = await makeTree({ 'a/run.py': PRINT_SCRIPT, [`a/${stale}`]: 'half', 'b/lib.py': LIBRARY, [`b/${stale}`]: 'half' });
    runCli(['fix', '--dry-run', '.'], dir);
    expect((await readdir(path.join(dir, 'a'))).sort()).toEqual([stale, 'run.py']);
    expect(runCli(['fix', '--yes', '.'], dir).code).toBe(0);
    expect({ a: (await readdir(path.join(dir, 'a'))).sort(), b: (await readdir(path.join(dir, 'b'))).sort() }).toEqual({
      a: ['run.py'],
      b: [stale, 'lib.py'].sort(),
    });
  });

  it('keeps the mode of the file', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT });
    execFileSync('chmod', ['0751', path.join(dir, 'run.py')]);
    runCli(['fix', '--yes', '.'], dir);
    expect(readdirSync(dir).filter((name) => name !== CACHE_FOLDER)).toEqual(['run.py']);
    expect(execFileSync('stat', ['-c', '%a', path.join(dir, 'run.py')], { encoding: 'utf8' }).trim()).toBe('751');
  });
});

describe('--jobs: the same output whatever the number of threads', () => {
  let dir: string;
  beforeAll(async () => {
    // More files than the in-process threshold, so that the default uses workers too.
    const spec: Record<string, Buffer | string> = {};
    for (const copy of ['one', 'two', 'three']) {
      for (const [name, content] of Object.entries(fixtureTree())) spec[`${copy}/${name}`] = content;
    }
    spec['broken.py'] = 'x = = 1\n';
    dir = await makeTree(spec);
  });

  it('fix --dry-run: byte-identical stdout and stderr with --jobs 1, --jobs 2 and the default', () => {
    const runs = [['--jobs', '1'], ['--jobs', '2'], []].map((jobs) => runCliRaw(['fix', '--dry-run', ...jobs, '.'], dir));
    const [one, ...others] = runs.map((r) => ({ code: r.code, stdout: r.stdout.toString('base64'), stderr: maskTime(r.stderr) }));
    expect(one!.stdout.length).toBeGreaterThan(1000);
    for (const other of others) expect(other).toEqual(one);
  });

  it('check --format json: identical with --jobs 1 and --jobs 2', () => {
    const [one, two] = [
      ['--jobs', '1'],
      ['--jobs', '2'],
    ].map((jobs) => runCli(['check', '--format', 'json', ...jobs, '.'], dir));
    expect(two).toEqual(one);
    // Findings, broken.py's MG000 among them.
    expect(one!.code).toBe(1);
  });

  it('fix --yes: identical trees with --jobs 1 and --jobs 2', async () => {
    const [a, b] = [await copyTree(dir), await copyTree(dir)];
    const runA = runCli(['fix', '--yes', '--jobs', '1', '.'], a);
    const runB = runCli(['fix', '--yes', '--jobs', '2', '.'], b);
    expect({ code: runB.code, stderr: maskTime(runB.stderr), tree: await snapshotTree(b) }).toEqual({
      code: runA.code,
      stderr: maskTime(runA.stderr),
      tree: await snapshotTree(a),
    });
  });
});

const UPPER_JS = `
export const meta = { name: 'tagger', description: 'tags import lines' };
export function transform(file, api, options) {
  if (file.source.includes('BOOM')) throw new Error('cannot handle ' + file.path);
  api.report({ code: 'TAG001', message: 'options ' + JSON.stringify(options), line: 1, column: 1 });
  if (options.skip === file.path) return undefined;
  return file.source.replace(/^import (\\w+)$/m, (line) => line + '  # ' + (options.tag ?? 'tagged'));
}
`;

const UPPER_TS = `
interface SourceFile { path: string; source: string }
interface Options { tag?: string }
const suffix = (options: Options): string => \`  # \${options.tag ?? 'typed'}\`;
export default function transform(file: SourceFile, _api: unknown, options: Options): string {
  return file.source.replace(/^import (\\w+)$/m, (line: string) => line + suffix(options));
}
`;

describe('run -t: any codemod', () => {
  const files = { 'src/a.py': PRINT_SCRIPT, 'src/b.py': LIBRARY, 'src/boom.py': '# BOOM\nimport os\n' };

  it('loads a .js module from a path and passes the command line options through', async () => {
    const dir = await makeTree({ ...files, 'tools/tagger.mjs': UPPER_JS });
    const run = runCli(['run', '-t', './tools/tagger.mjs', '--dry-run', '--tag=hello', 'src/a.py'], dir);
    expect({ ...run, stderr: maskTime(run.stderr) }).toEqual({
      stdout: '--- a/src/a.py\n+++ b/src/a.py\n@@ -1,3 +1,3 @@\n-import os\n+import os  # hello\n \n print(os.sep)\n',
      stderr: 'Scanned 1 file in Ts: 1 would change, 0 unchanged, 0 skipped, 0 failed.\n',
      code: 1,
    });
  });

  it('a codemod that throws fails that file only; the run goes on (also with --jobs 2)', async () => {
    const dir = await makeTree({ ...files, 'tagger.js': UPPER_JS, 'package.json': '{"type":"module"}' });
    for (const jobs of ['1', '2']) {
      const copy = await copyTree(dir);
      const run = runCli(['run', '-t', 'tagger.js', '--yes', '--jobs', jobs, 'src'], copy);
      expect({
        code: run.code,
        error: run.stderr.split('\n').filter((l) => l.includes(': failed: ')),
        a: await readFile(path.join(copy, 'src/a.py'), 'utf8'),
        b: await readFile(path.join(copy, 'src/b.py'), 'utf8'),
      }).toEqual({
        code: 2,
        error: ['src/boom.py: failed: tagger crashed: cannot handle src/boom.py'],
        a: PRINT_SCRIPT.replace('import os', 'import os  # tagged'),
        b: LIBRARY.replace('import os', 'import os  # tagged'),
      });
    }
  });

  it('options: --name=value (JSON when it parses), --flag, --no-flag; findings of unchanged files listed', async () => {
    const dir = await makeTree({ ...files, 'tagger.mjs': UPPER_JS });
    // --verbose is mainguard's own flag: a codemod's options are the ones mainguard does not know.
    const args = ['--skip=src/a.py', '--count=3', '--loud', '--no-color-check', '--names=["x","y"]', '--label=two words'];
    const run = runCli(['run', '-t', './tagger.mjs', '--dry-run', ...args, 'src/a.py'], dir);
    expect({ code: run.code, stdout: run.stdout, finding: run.stderr.split('\n')[0] }).toEqual({
      code: 1,
      stdout: '',
      finding: 'src/a.py:1:1: TAG001 options {"skip":"src/a.py","count":3,"loud":true,"colorCheck":false,"names":["x","y"],"label":"two words"}',
    });
  });

  it('a codemod that skips a file with api.skip leaves it as it is and shows its reason (also with --jobs 2)', async () => {
    const skipper = `export function transform(file, api) {
  if (file.source.includes('BOOM')) api.skip('generated file, edit the template instead', { line: 1 });
  return file.source + '# seen\\n';
}
`;
    const dir = await makeTree({ ...files, 'skipper.mjs': skipper });
    for (const jobs of ['1', '2']) {
      const run = runCli(['run', '-t', './skipper.mjs', '--dry-run', '--jobs', jobs, 'src'], dir);
      expect({ code: run.code, refused: run.stderr.split('\n').filter((l) => l.includes(': refused: ')), summary: maskTime(run.stderr.trimEnd().split('\n').at(-1) ?? '') }).toEqual({
        code: 1,
        refused: ['src/boom.py:1: refused: generated file, edit the template instead'],
        summary: 'Scanned 3 files in Ts: 2 would change, 0 unchanged, 1 skipped (1 refused), 0 failed.',
      });
    }
  });

  it('compiles a .ts module, and leaves no compiled copy behind', async () => {
    const dir = await makeTree({ ...files, 'tools/typed.ts': UPPER_TS });
    const run = runCli(['run', '-t', 'tools/typed.ts', '--tag=ts', '--dry-run', 'src/a.py'], dir);
    expect({ code: run.code, stdout: run.stdout, tools: await readdir(path.join(dir, 'tools')) }).toEqual({
      code: 1,
      stdout: '--- a/src/a.py\n+++ b/src/a.py\n@@ -1,3 +1,3 @@\n-import os\n+import os  # ts\n \n print(os.sep)\n',
      tools: ['typed.ts'],
    });
  });

  it("a codemod that declares options, report kinds and rules: set from [tool.mainguard] and selected like main-guard's", async () => {
    const declaring = `export const meta = {
  name: 'marker',
  description: 'marks imports',
  rules: [{ code: 'MK001', name: 'unmarked-import', summary: 'an import without a mark', severity: 'warning' }],
  options: [{ key: 'mark-words', type: 'strings', default: ['plain'], description: 'words of the mark' }],
  entryKinds: [{ kind: 'marked', color: 'green' }],
};
export function transform(file, api, options) {
  api.report({ code: 'MK001', message: 'unmarked', line: 1, column: 1 });
  api.describe({ kind: 'marked', message: options.markWords.join(' ') });
  return file.source.replace(/^import (\\w+)$/m, (line) => line + '  # ' + options.markWords.join(' '));
}
`;
    const dir = await makeTree({
      'src/a.py': PRINT_SCRIPT,
      'src/b.py': 'print(1)\n',
      'marker.mjs': declaring,
      'pyproject.toml': '[tool.mainguard]\nmark-words = ["from", "config"]\nkeep = ["load_dotenv()"]\n',
    });
    const fromConfig = runCli(['run', '-t', './marker.mjs', '--dry-run', 'src'], dir);
    expect({ code: fromConfig.code, diff: fromConfig.stdout.split('\n')[4], stderr: fromConfig.stderr.split('\n').slice(0, 2) }).toEqual({
      code: 1,
      diff: '+import os  # from config',
      stderr: ['src/a.py', '  marked: from config'],
    });
    // Its codes are chosen among by --select and --ignore, as main-guard's are; a code no codemod has is refused.
    const unmarked = (args: string[]) => {
      const run = runCli(['run', '-t', './marker.mjs', '--dry-run', ...args, 'src/b.py'], dir);
      return { code: run.code, findings: run.stderr.split('\n').filter((l) => l.includes('MK001')) };
    };
    expect(unmarked([])).toEqual({ code: 1, findings: ['src/b.py:1:1: MK001 unmarked'] });
    expect(unmarked(['--ignore', 'MK'])).toEqual({ code: 0, findings: [] });
    const unknown = runCli(['run', '-t', './marker.mjs', '--dry-run', '--select', 'XX1', 'src'], dir);
    expect({ code: unknown.code, stderr: unknown.stderr.split('\n')[0] }).toEqual({ code: 2, stderr: 'error: unknown rule code: XX1' });
  });

  it('runs the built-in main-guard by name, with its options from the command line', async () => {
    const pool = py`
      from multiprocessing import Pool

      with Pool() as pool:
          print(pool.map(abs, [-1]))
    `;
    const dir = await makeTree({ 'run.py': pool });
    const viaRun = runCli(['run', '-t', 'main-guard', '--freeze-support', '--dry-run', '.'], dir);
    const viaFix = runCli(['fix', '--freeze-support', '--dry-run', '.'], dir);
    expect(viaRun.stdout).toContain('freeze_support()');
    expect({ ...viaRun, stderr: maskTime(viaRun.stderr) }).toEqual({ ...viaFix, stderr: maskTime(viaFix.stderr) });
  });

  it.each(
    named([
      { name: 'an unknown name', args: ['-t', 'no-such-codemod'], message: 'error: no codemod "no-such-codemod": neither a built-in name nor a file' },
      { name: 'a module without a transform', args: ['-t', './empty.mjs'], message: 'error: ./empty.mjs exports no transform' },
      { name: 'a module that does not load', args: ['-t', './broken.mjs'], message: 'error: cannot load the codemod ./broken.mjs: ' },
      { name: 'a .ts module that does not compile', args: ['-t', './broken.ts'], message: 'error: cannot compile ' },
      { name: 'an option without --', args: ['-t', 'main-guard', '-x'], message: 'error: unknown option -x' },
    ]),
  )('%s: exit 2 with a message', async (_name, { args, message }) => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT, 'empty.mjs': 'export const x = 1;\n', 'broken.mjs': 'export const = ;\n', 'broken.ts': 'export const x: = ;\n' });
    const run = runCli(['run', ...args, '--dry-run', '.'], dir);
    expect({ code: run.code, stdout: run.stdout, starts: run.stderr.startsWith(message) }).toEqual({ code: 2, stdout: '', starts: true });
  });

  it('what a codemod prints goes to stderr, never into the diff (--jobs 1 and 2)', async () => {
    const noisy = 'export function transform(file) { console.log("noise from " + file.path); return file.source + "# end\\n"; }\n';
    const dir = await makeTree({ 'noisy.mjs': noisy, ...Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`f${i}.py`, PRINT_SCRIPT])) });
    for (const jobs of ['1', '2']) {
      const run = runCli(['run', '-t', './noisy.mjs', '--dry-run', '--jobs', jobs, '.'], dir);
      expect({ stdout: run.stdout.includes('noise'), stderr: run.stderr.includes('noise from f0.py') }).toEqual({ stdout: false, stderr: true });
    }
  });
});

describe('fix --stdin-filename PATH -: editor integration', () => {
  it('writes the rewrite to stdout, the same bytes as fix --yes, and touches no file', async () => {
    const source = readFileSync(path.join(FIXTURE_DIR, 'text-crlf.py'));
    const dir = await makeTree({ 'scripts/run.py': source });
    const run = runCliRaw(['fix', '--stdin-filename', 'scripts/run.py', '-'], dir, { input: source });
    const before = await snapshotTree(dir);
    runCli(['fix', '--yes', '.'], dir);
    expect({ code: run.code, unchanged: before['scripts/run.py'] === source.toString('base64') }).toEqual({ code: 0, unchanged: true });
    expect(run.stdout.equals(await readFile(path.join(dir, 'scripts/run.py')))).toBe(true);
  });

  it.each(
    named([
      { name: 'nothing to change: the input as is, exit 0', input: LIBRARY, file: 'lib.py', code: 0, echoed: true },
      { name: 'a package __init__.py: left alone, exit 0', input: PRINT_SCRIPT, file: 'pkg/__init__.py', code: 0, echoed: true },
      { name: 'unfixable: the input as is, findings on stderr, exit 1', input: REFUSED, file: 'r.py', code: 1, echoed: true },
      { name: 'a syntax error: the input as is, exit 1 (MG000 on stderr)', input: 'x = = 1\n', file: 'bad.py', code: 1, echoed: true },
    ]),
  )('%s', async (_name, { input, file, code, echoed }) => {
    const run = runCli(['fix', '--stdin-filename', file, '-'], await makeTree({}), { input });
    expect({ code: run.code, echoed: run.stdout === input }).toEqual({ code, echoed });
  });

  it('--dry-run prints the diff under that name', async () => {
    const run = runCli(['fix', '--dry-run', '--stdin-filename', 'app/run.py', '-'], await makeTree({}), { input: PRINT_SCRIPT });
    expect({ code: run.code, head: run.stdout.split('\n').slice(0, 2) }).toEqual({ code: 1, head: ['--- a/app/run.py', '+++ b/app/run.py'] });
  });

  it.each(
    named([
      { name: '- with other paths', args: ['fix', '-', 'x.py'] },
      { name: '--stdin-filename without -', args: ['fix', '--stdin-filename', 'x.py', '.'] },
    ]),
  )('%s: exit 2', async (_name, { args }) => {
    const dir = await makeTree({ 'x.py': PRINT_SCRIPT });
    expect(runCli(args, dir, { input: PRINT_SCRIPT })).toMatchObject({ code: 2, stdout: '' });
  });
});

describe('writes nothing in the editor mode', () => {
  it('a file with the same name is left as it is', async () => {
    const dir = await makeTree({ 'run.py': PRINT_SCRIPT });
    runCli(['fix', '--yes', '--stdin-filename', 'run.py', '-'], dir, { input: PRINT_SCRIPT });
    expect(await readFile(path.join(dir, 'run.py'), 'utf8')).toBe(PRINT_SCRIPT);
  });
});
