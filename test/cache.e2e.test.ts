import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, CACHE_FOLDER, type CliRun, cliEnv, copyTree, makeTree, maskTime, removeTrees, runCli } from './helpers/cli.js';
import { REPO_ROOT } from './helpers/fixtures.js';
import { findStdlibCorpora } from './helpers/stdlib.js';

afterAll(removeTrees);

const isRoot = process.getuid?.() === 0;

/** What a user sees of a run: exit code, stdout, stderr without the timing. */
const seen = (run: CliRun) => ({ code: run.code, stdout: run.stdout, stderr: maskTime(run.stderr) });

/** The `cache: N of M results` line of a `--verbose` run. */
function cacheLine(run: CliRun): string | undefined {
  return run.stderr.split('\n').find((line) => line.startsWith('cache: '));
}

/** The results file of the cache in `dir` (one per settings). */
function resultsFiles(dir: string): string[] {
  const cache = path.join(dir, CACHE_FOLDER);
  return existsSync(cache) ? readdirSync(cache).filter((name) => name.startsWith('results-') && name.endsWith('.json')) : [];
}

// Every way check and fix print results, each a command a user runs again and again.
const COMMANDS: string[][] = [
  ['check'],
  ['check', '--format', 'json'],
  ['check', '--format', 'sarif'],
  ['check', '--format', 'github'],
  ['check', '--statistics'],
  ['check', '--statistics', '--format', 'json'],
  ['fix', '--dry-run'],
];

const TREES = [...readdirSync(path.join(REPO_ROOT, 'test', 'fixtures', 'trees')).map((name) => path.join('test', 'fixtures', 'trees', name, 'before')), 'examples/project'];

describe.each(TREES)('a cached run gives what an uncached one gives: %s', (tree) => {
  let dir: string;
  beforeAll(async () => {
    dir = await copyTree(path.join(REPO_ROOT, tree));
  });

  it.each(COMMANDS.map((args) => [args.join(' '), args]))('%s: the same output from a cold and a warm cache', (_, args) => {
    const uncached = runCli([...(args as string[]), '--no-cache', '.'], dir);
    const cold = runCli([...(args as string[]), '.'], dir);
    const warm = runCli([...(args as string[]), '.'], dir);
    expect(seen(cold)).toEqual(seen(uncached));
    expect(seen(warm)).toEqual(seen(uncached));
  });

  it('fix --yes from the cache writes what fix --yes without it writes', async () => {
    const [cached, uncached] = [await copyTree(dir), await copyTree(dir)];
    // check fills the cache with the rewrites; fix takes them from it.
    runCli(['check', '.'], cached);
    const fromCache = runCli(['fix', '--yes', '--verbose', '.'], cached);
    const computed = runCli(['fix', '--yes', '--no-cache', '.'], uncached);
    const files = readdirSync(cached, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.py'));
    expect(files.map((name) => readFileSync(path.join(cached, name), 'utf8'))).toEqual(files.map((name) => readFileSync(path.join(uncached, name), 'utf8')));
    expect(fromCache.code).toBe(computed.code);
    const total = Number(/ of (\d+) results? /.exec(cacheLine(fromCache) ?? '')?.[1]);
    expect(cacheLine(fromCache)).toBe(`cache: ${total} of ${total} ${total === 1 ? 'result' : 'results'} from ${CACHE_FOLDER}`);
  });
});

const stdlib = findStdlibCorpora().find((corpus) => corpus.version.startsWith('3.'));

describe.skipIf(!stdlib)(`a standard library (${stdlib?.version}): cached and uncached runs agree`, () => {
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = path.join(await makeTree({}, 'mainguard-cache-'), 'cache');
  });

  it('every format of check, and fix --dry-run: the same output uncached, cold and warm; the warm run takes every result from the cache', () => {
    const lib = stdlib!.libDir;
    const commands = [
      ['check', '--format', 'json', '--jobs', '2'],
      ['fix', '--dry-run', '--jobs', '2'],
      ['check', '--jobs', '2'],
      ['check', '--format', 'sarif', '--jobs', '2'],
      ['check', '--format', 'github', '--jobs', '2'],
    ];
    for (const args of commands) {
      const uncached = runCli([...args, '--no-cache', '.'], lib, { timeout: 600_000 });
      const cold = runCli([...args, '--cache-dir', cacheDir, '.'], lib, { timeout: 600_000 });
      const warm = runCli([...args, '--verbose', '--cache-dir', cacheDir, '.'], lib, { timeout: 600_000 });
      expect(uncached.stdout.length).toBeGreaterThan(1_000);
      expect({ code: cold.code, stdout: cold.stdout }).toEqual({ code: uncached.code, stdout: uncached.stdout });
      expect({ code: warm.code, stdout: warm.stdout }).toEqual({ code: uncached.code, stdout: uncached.stdout });
      const [hits, total] = (/^cache: (\d+) of (\d+) /.exec(cacheLine(warm) ?? '') ?? []).slice(1).map(Number);
      expect(total).toBeGreaterThan(500);
      expect(hits).toBe(total);
    }
  }, 1_200_000);
});

describe('what invalidates an entry: exactly the files whose result may change', () => {
  const TREE = {
    'lib.py': 'REGISTRY = {}\nNAMES = []\n\n\ndef add(name):\n    REGISTRY[name] = 1\n\n\nadd("a")\n',
    'app.py': 'import lib\n\nprint(lib.REGISTRY)\n',
    'solo.py': 'import os\n\nprint(os.sep)\n',
    'shapes.py': 'def area(r):\n    return 3 * r * r\n',
  };
  let dir: string;
  const verbose = (args: string[] = []): CliRun => runCli(['check', '--verbose', ...args, '.'], dir);

  beforeAll(async () => {
    dir = await makeTree(TREE, 'mainguard-cache-');
    expect(cacheLine(verbose())).toBe('cache: 0 of 4 results from .mainguard_cache');
    expect(cacheLine(verbose())).toBe('cache: 4 of 4 results from .mainguard_cache');
  });

  /** Checks that a warm run gives what a run without the cache gives, and returns its cache line. */
  function againAndCompare(args: string[] = []): string | undefined {
    const uncached = runCli(['check', '--verbose', '--no-cache', ...args, '.'], dir);
    const warm = verbose(args);
    expect({ ...seen(warm), stderr: warm.stderr.replace(/^(cache|time): .*\n/gm, '') }).toEqual({ ...seen(uncached), stderr: uncached.stderr.replace(/^(cache|time): .*\n/gm, '') });
    return cacheLine(warm);
  }

  it("one file's bytes: only that file is computed again", async () => {
    await writeFile(path.join(dir, 'solo.py'), `${TREE['solo.py']}# touched\n`);
    expect(againAndCompare()).toBe('cache: 3 of 4 results from .mainguard_cache');
    expect(againAndCompare()).toBe('cache: 4 of 4 results from .mainguard_cache');
  });

  it('bytes changed in place with the same size and the modification time set back: computed again', async () => {
    const file = path.join(dir, 'solo.py');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await writeFile(file, 'import os\n\nprint(os.sep, 1)\n');
    await utimes(file, hourAgo, hourAgo);
    // Past the two seconds in which a stamp is not trusted: this run stamps the file as settled.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(againAndCompare()).toBe('cache: 3 of 4 results from .mainguard_cache');
    await writeFile(file, 'import os\n\nprint(os.sep, 2)\n');
    await utimes(file, hourAgo, hourAgo);
    expect(againAndCompare()).toBe('cache: 3 of 4 results from .mainguard_cache');
    expect(runCli(['check', '.'], dir).stdout).toContain('solo.py:3:1: MG001');
  });

  it("an importer's use of a name (`lib.NAMES` for `lib.REGISTRY`) the module's result did not ask for: only the importer is computed again", async () => {
    await writeFile(path.join(dir, 'app.py'), 'import lib\n\nprint(lib.NAMES)\n');
    expect(againAndCompare()).toBe('cache: 3 of 4 results from .mainguard_cache');
    expect(againAndCompare()).toBe('cache: 4 of 4 results from .mainguard_cache');
  });

  it("an importer's use of a name the module's result asked for (a script whose TABLE stays for it): both are computed again", async () => {
    await writeFile(path.join(dir, 'table.py'), 'TABLE = [1, 2]\nTABLE.append(len(TABLE))\nprint(TABLE)\n');
    await writeFile(path.join(dir, 'report.py'), 'import table\n\n\ndef show():\n    return table.TABLE\n');
    expect(againAndCompare()).toBe('cache: 4 of 6 results from .mainguard_cache');
    expect(runCli(['fix', '--dry-run', '.'], dir).stderr).toContain('kept: line 2 stays at module level: report.py imports TABLE');
    // `table.COUNT` now, which table.py does not bind: TABLE may move into main() again.
    await writeFile(path.join(dir, 'report.py'), 'import table\n\n\ndef show():\n    return table.COUNT\n');
    expect(againAndCompare()).toBe('cache: 4 of 6 results from .mainguard_cache');
    expect(runCli(['fix', '--dry-run', '.'], dir).stderr).toContain('moved: 2 statements into main(): lines 2-3');
    expect(againAndCompare()).toBe('cache: 6 of 6 results from .mainguard_cache');
    await Promise.all(['table.py', 'report.py'].map((file) => rm(path.join(dir, file))));
    expect(againAndCompare()).toBe('cache: 4 of 4 results from .mainguard_cache');
  });

  it('an option of the codemod (a keep pattern): every result is computed again, and both settings stay cached', () => {
    expect(againAndCompare(['--keep', 'print($$$)'])).toBe('cache: 0 of 4 results from .mainguard_cache');
    expect(againAndCompare(['--keep', 'print($$$)'])).toBe('cache: 4 of 4 results from .mainguard_cache');
    expect(againAndCompare()).toBe('cache: 4 of 4 results from .mainguard_cache');
    expect(resultsFiles(dir)).toHaveLength(2);
  });

  it('select and ignore only filter what is shown: the cached results serve, and the output is that of a fresh run', () => {
    expect(againAndCompare(['--ignore', 'MG001'])).toBe('cache: 4 of 4 results from .mainguard_cache');
    expect(againAndCompare(['--select', 'MG002'])).toBe('cache: 4 of 4 results from .mainguard_cache');
  });

  it('the path a file is shown by: a run from a subfolder computes its results again', async () => {
    await mkdir(path.join(dir, 'sub'), { recursive: true });
    await writeFile(path.join(dir, 'sub', 'more.py'), 'print(1)\n');
    await writeFile(path.join(dir, 'pyproject.toml'), '[tool.mainguard]\n');
    const fromRoot = runCli(['check', '--verbose', '.'], dir);
    expect(cacheLine(fromRoot)).toBe('cache: 4 of 5 results from .mainguard_cache');
    const fromSub = runCli(['check', '--verbose', '.'], path.join(dir, 'sub'));
    // The cache of the project: next to its pyproject.toml, whatever folder the run starts in.
    expect(cacheLine(fromSub)).toBe('cache: 0 of 1 result from ../.mainguard_cache');
    expect(fromSub.stdout).toBe(runCli(['check', '--no-cache', '.'], path.join(dir, 'sub')).stdout);
    expect(existsSync(path.join(dir, 'sub', CACHE_FOLDER))).toBe(false);
  });
});

describe('a module that joins the tree', () => {
  /**
   * A tree of two files, checked until both are settled (stamped past the two seconds in which a
   * stamp is not trusted, so that app.py is not read again for itself), then `add`ed to; returns
   * the warm run, after checking that it gives what a run without the cache gives.
   */
  async function joinSettled(files: Record<string, string>, add: (dir: string) => Promise<void>): Promise<CliRun> {
    const dir = await makeTree(files, 'mainguard-cache-');
    const run = (args: string[]): CliRun => runCli(['check', '--verbose', ...args, '.'], dir);
    run([]);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(cacheLine(run([]))).toBe('cache: 2 of 2 results from .mainguard_cache');
    await add(dir);
    const warm = run([]);
    const uncached = run(['--no-cache']);
    expect({ ...seen(warm), stderr: warm.stderr.replace(/^(cache|time): .*\n/gm, '') }).toEqual({ ...seen(uncached), stderr: uncached.stderr.replace(/^(cache|time): .*\n/gm, '') });
    return warm;
  }

  it('by a name a file imports from outside the tree: that file is indexed again, and the module is a library it imports', async () => {
    const warm = await joinSettled({ 'app.py': 'import extra\n\nprint(extra.VALUE)\n', 'other.py': 'X = 1\n' }, (dir) =>
      writeFile(path.join(dir, 'extra.py'), 'import random\n\nVALUE = random.random()\nrandom.shuffle([1])\n'),
    );
    expect(warm.stderr).toMatch(/^extra\.py: library: imported by app\.py$/m);
  });

  it("a package by the name of a module the file reads through: indexed again, the package's own modules it reads have it as importer", async () => {
    const warm = await joinSettled({ 'app.py': 'import cfg\n\nprint(cfg.sub.VALUE)\n', 'cfg.py': 'VALUE = 1\n' }, async (dir) => {
      await mkdir(path.join(dir, 'cfg'));
      await writeFile(path.join(dir, 'cfg', '__init__.py'), 'from . import sub\n');
      await writeFile(path.join(dir, 'cfg', 'sub.py'), 'import random\n\nVALUE = random.random()\nrandom.shuffle([1])\n');
    });
    expect(warm.stderr).toMatch(/^cfg\/sub\.py: library: imported by app\.py, cfg\/__init__\.py$/m);
  });
});

describe('the cache folder', () => {
  it('holds a CACHEDIR.TAG and a .gitignore of *, and discovery never looks inside it', async () => {
    const dir = await makeTree({ 'run.py': 'print(1)\n' }, 'mainguard-cache-');
    runCli(['check', '.'], dir);
    await writeFile(path.join(dir, CACHE_FOLDER, 'stray.py'), 'print(2)\n');
    // Even where .gitignore files are not read, the folder is excluded by name.
    const run = runCli(['check', '--no-respect-gitignore', '.'], dir);
    expect({
      tag: readFileSync(path.join(dir, CACHE_FOLDER, 'CACHEDIR.TAG'), 'utf8').startsWith('Signature: 8a477f597d28d172789f06886806bc55\n'),
      gitignore: readFileSync(path.join(dir, CACHE_FOLDER, '.gitignore'), 'utf8')
        .split('\n')
        .includes('*'),
      checked: run.stdout.split('\n').at(-2),
    }).toEqual({ tag: true, gitignore: true, checked: 'Found 1 finding in 1 file (1 file checked).' });
  });

  it('--cache-dir and MAINGUARD_CACHE_DIR move it; --no-cache neither reads nor writes it', async () => {
    const dir = await makeTree({ 'run.py': 'print(1)\n' }, 'mainguard-cache-');
    runCli(['check', '--cache-dir', 'elsewhere', '.'], dir);
    runCli(['check', '.'], dir, { env: cliEnv({ MAINGUARD_CACHE_DIR: path.join(dir, 'from-env') }) });
    runCli(['check', '--no-cache', '--cache-dir', 'never', '.'], dir);
    expect({
      flag: readdirSync(path.join(dir, 'elsewhere')).some((n) => n.startsWith('results-')),
      env: readdirSync(path.join(dir, 'from-env')).some((n) => n.startsWith('results-')),
      never: existsSync(path.join(dir, 'never')),
      default: existsSync(path.join(dir, CACHE_FOLDER)),
    }).toEqual({ flag: true, env: true, never: false, default: false });
  });

  it('mainguard clean removes it; a second clean says there is nothing to remove', async () => {
    const dir = await makeTree({ 'run.py': 'print(1)\n' }, 'mainguard-cache-');
    runCli(['check', '.'], dir);
    const clean = runCli(['clean'], dir);
    const again = runCli(['clean'], dir);
    expect({ clean: seen(clean), exists: existsSync(path.join(dir, CACHE_FOLDER)), again: seen(again) }).toEqual({
      clean: { code: 0, stdout: 'Removed the cache in .mainguard_cache (3 files).\n', stderr: '' },
      exists: false,
      again: { code: 0, stdout: 'No cache to remove: .mainguard_cache does not exist.\n', stderr: '' },
    });
  });

  it('mainguard clean never removes a folder that is not a mainguard cache', async () => {
    const dir = await makeTree({ 'keep/notes.txt': 'mine\n' }, 'mainguard-cache-');
    const clean = runCli(['clean', '--cache-dir', 'keep'], dir);
    expect({ code: clean.code, stderr: clean.stderr.split('\n')[0], kept: readFileSync(path.join(dir, 'keep', 'notes.txt'), 'utf8') }).toEqual({
      code: 2,
      stderr: "error: keep is not a mainguard cache (it has no CACHEDIR.TAG of mainguard's); not removing it",
      kept: 'mine\n',
    });
  });
});

describe('faults: a damaged or unwritable cache never changes a result', () => {
  const TREE = { 'run.py': 'import os\n\nprint(os.sep)\n', 'lib.py': 'X = 1\n', 'bad.py': 'x = = 1\n' };
  let dir: string;
  let expected: ReturnType<typeof seen>;
  beforeAll(async () => {
    dir = await makeTree(TREE, 'mainguard-cache-');
    expected = seen(runCli(['fix', '--dry-run', '--no-cache', '.'], dir));
    runCli(['fix', '--dry-run', '.'], dir);
  });

  const results = (): string => path.join(dir, CACHE_FOLDER, resultsFiles(dir)[0]!);

  it.each([
    ['a corrupt entry (bytes changed, same length)', (text: string) => text.replace('"status":"changed"', '"status":"chang3d"')],
    ['a truncated file', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['an empty file', () => ''],
    ['not a cache at all', () => '{"hash": 1}'],
  ])('%s: ignored, the results computed again, and the cache written anew', (_, damage) => {
    writeFileSync(results(), damage(readFileSync(results(), 'utf8')));
    const run = runCli(['fix', '--dry-run', '--verbose', '.'], dir);
    expect({ ...seen(run), stderr: undefined }).toEqual({ ...expected, stderr: undefined });
    expect(cacheLine(run)).toBe('cache: 0 of 3 results from .mainguard_cache');
    expect(cacheLine(runCli(['fix', '--dry-run', '--verbose', '.'], dir))).toBe('cache: 3 of 3 results from .mainguard_cache');
  });

  it('a cache that cannot be written: the same results, and one warning line', async () => {
    const blocked = await makeTree({ ...TREE, 'not-a-folder': 'a file\n' }, 'mainguard-cache-');
    const run = runCli(['fix', '--dry-run', '--cache-dir', 'not-a-folder/cache', '.'], blocked);
    const warnings = run.stderr.split('\n').filter((line) => line.startsWith('warning: '));
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: expected.code, stdout: expected.stdout });
    expect(warnings).toEqual([expect.stringMatching(/^warning: cannot write the cache in not-a-folder\/cache \(ENOTDIR: .*\); this run's results are not kept \(--no-cache skips the cache\)$/)]);
    expect(maskTime(run.stderr.replace(`${warnings[0]}\n`, ''))).toBe(expected.stderr);
  });

  it.skipIf(!isRoot)('a read-only project (run as nobody): the same results, and one warning line', async () => {
    const readOnly = await makeTree(TREE, 'mainguard-cache-');
    await chmod(readOnly, 0o555);
    const run = runCli(['check', '.'], readOnly, { asNobody: true });
    const reference = runCli(['check', '--no-cache', '.'], readOnly, { asNobody: true });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: reference.code, stdout: reference.stdout });
    expect(run.stderr.split('\n').filter((line) => line.startsWith('warning: cannot write the cache in .mainguard_cache (EACCES'))).toHaveLength(1);
  });
});

/** Runs the CLI without waiting, so that two runs overlap. */
function runAsync(args: string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: cliEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

describe('runs at once, and a run killed mid-way', () => {
  let dir: string;
  let expected: ReturnType<typeof seen>;
  beforeAll(async () => {
    // Enough files for the worker threads, and for the runs to overlap.
    const spec: Record<string, string> = {};
    for (let i = 0; i < 300; i++) spec[`pkg${i % 10}/m${i}.py`] = i % 3 === 0 ? `import os\n\nprint(os.sep, ${i})\n` : `X = ${i}\n\n\ndef f():\n    return X\n`;
    dir = await makeTree(spec, 'mainguard-cache-');
    expected = seen(runCli(['check', '--no-cache', '--format', 'json', '.'], dir));
  });

  it('two runs at once on the same tree both give the right output, and leave a cache that serves a third', async () => {
    const [a, b] = await Promise.all([runAsync(['check', '--format', 'json', '.'], dir), runAsync(['check', '--format', 'json', '.'], dir)]);
    expect(seen(a)).toEqual(expected);
    expect(seen(b)).toEqual(expected);
    const third = runCli(['check', '--format', 'json', '--verbose', '.'], dir);
    expect(third.stdout).toBe(expected.stdout);
    expect(cacheLine(third)).toBe('cache: 300 of 300 results from .mainguard_cache');
  });

  it('a run killed at any moment leaves a cache that gives the right output', async () => {
    const copy = await copyTree(dir);
    for (const delay of [50, 300, 900]) {
      const child = spawn(process.execPath, [BIN, 'check', '--format', 'json', '.'], { cwd: copy, env: cliEnv(), stdio: 'ignore' });
      const closed = new Promise((resolve) => child.on('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await closed;
      expect(seen(runCli(['check', '--format', 'json', '.'], copy))).toEqual(expected);
    }
  });
});
