// Multi-file cases under test/fixtures/trees/NAME/{before,after}/: `fix --yes` over the whole tree
// must produce `after` byte for byte, and every file must behave the same under the real
// interpreter before and after — the importers above all, which read names of rewritten modules.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CACHE_FOLDER, makeTree, removeTrees, runCli } from './helpers/cli.js';
import { findPython3 } from './helpers/python.js';

const TREES = path.join(import.meta.dirname, 'fixtures', 'trees');
const cases = readdirSync(TREES).sort();
const python = findPython3();

afterAll(removeTrees);

/** Every file under `dir`, by its path relative to `dir` (forward slashes), with its bytes as text; not Python's or mainguard's caches. */
function readTree(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (name === '__pycache__' || name === CACHE_FOLDER) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) Object.assign(files, readTree(full, `${prefix}${name}/`));
    else files[`${prefix}${name}`] = readFileSync(full, 'utf8');
  }
  return files;
}

async function copyOf(dir: string): Promise<string> {
  const root = await makeTree({}, 'mainguard-tree-');
  cpSync(dir, root, { recursive: true });
  return root;
}

/** Runs a file of the tree as a script from the tree's root: `python3 FILE`, or `python3 -m pkg.mod` inside a package. */
function runAsScript(root: string, file: string): string {
  const inPackage = file.includes('/') && existsSync(path.join(root, path.dirname(file), '__init__.py'));
  const args = inPackage ? ['-m', file.replace(/\.py$/, '').replaceAll('/', '.')] : [file];
  const run = spawnSync(python!, ['-B', ...args], { cwd: root, encoding: 'utf8', timeout: 20_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  return `exit ${run.status}\n${run.stdout}${run.stderr.replace(/File "[^"]*"/g, 'File "…"')}`;
}

describe.each(cases)('tree %s', (name) => {
  const before = path.join(TREES, name, 'before');
  const after = path.join(TREES, name, 'after');

  it('fix --yes over the tree produces the expected files byte for byte', async () => {
    const root = await copyOf(before);
    const run = runCli(['fix', '--yes', '.'], root);
    expect(run.code, run.stderr).toBe(0);
    expect(readTree(root)).toEqual(readTree(after));
  });

  // The modules a file imports are quiet on import after the rewrite, by design: each file is
  // compared, as a script, with its original run among the rewritten files of the tree.
  it.skipIf(!python)('every file still runs, and behaves as a script as it did, among the rewritten modules it imports', async () => {
    const rewritten = await copyOf(after);
    const original = readTree(before);
    for (const file of Object.keys(original).filter((f) => f.endsWith('.py') && !f.endsWith('__init__.py'))) {
      const mixed = await copyOf(after);
      writeFileSync(path.join(mixed, file), original[file]!);
      const run = runAsScript(rewritten, file);
      expect(run, file).toMatch(/^exit 0\n/);
      expect(run, file).toBe(runAsScript(mixed, file));
    }
  });
});

describe('the project index', () => {
  it('a module imported by a file outside the shard is judged as a library all the same', async () => {
    const root = await copyOf(path.join(TREES, 'library-registrations', 'before'));
    const full = runCli(['check', '--format', 'json', '.'], root);
    const shards = [1, 2].map((i) => runCli(['check', '--format', 'json', '--shard', `${i}/2`, '.'], root));
    const findings = (stdout: string) => (JSON.parse(stdout) as { files: { path: string; findings: { code: string }[] }[] }).files.filter((f) => f.findings.length > 0).map((f) => f.path);
    expect(findings(full.stdout)).toEqual(['app.py']);
    expect(shards.flatMap((s) => findings(s.stdout)).sort()).toEqual(['app.py']);
    // Each shard holds one of the two files: lib.py was checked alone in one of them.
    expect(shards.map((s) => (JSON.parse(s.stdout) as { files: unknown[] }).files.length)).toEqual([1, 1]);
  });

  it('the review names what an importer reads through the name it binds a module to (`settings.LIMIT`, `fmt.join` after `import tools.format as fmt`)', async () => {
    const root = await copyOf(path.join(TREES, 'importer-reads-attribute', 'before'));
    const run = runCli(['fix', '--dry-run', '--format', 'json', '--no-cache', '.'], root);
    const files = (JSON.parse(run.stdout) as { files: { path: string; importedBy: unknown[] }[] }).files;
    expect(Object.fromEntries(files.map((f) => [f.path, f.importedBy]))).toEqual({
      'report.py': [],
      'settings.py': [{ path: 'report.py', names: ['LIMIT'] }],
      'tools/format.py': [{ path: 'report.py', names: ['WIDTHS', 'join'] }],
    });
  });

  it('a file named alone is judged with the files of its folder that import it', async () => {
    const root = await copyOf(path.join(TREES, 'library-registrations', 'before'));
    const run = runCli(['check', 'lib.py'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/All checks passed/);
  });

  it('an importer that starts with a UTF-8 BOM: its first line imports all the same', async () => {
    const root = await makeTree({
      'app.py': '\ufeffimport helper\n\nprint(helper.VALUE)\n',
      'helper.py': 'import random\n\nVALUE = random.random()\nrandom.shuffle([1])\n',
    });
    const run = runCli(['check', '--format', 'json', '--no-cache', '.'], root);
    const files = (JSON.parse(run.stdout) as { files: { path: string; kind: string; why: string }[] }).files;
    expect(files.find((f) => f.path === 'helper.py')).toMatchObject({ kind: 'library', why: 'imported by app.py' });
  });

  it('without the tree (stdin), the same module is judged alone: its own calls at import are script work', async () => {
    const source = readFileSync(path.join(TREES, 'library-registrations', 'before', 'lib.py'));
    const run = runCli(['check', '--stdin-filename', 'lib.py', '-'], TREES, { input: source });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/lib\.py:8:1: MG001/);
  });
});

describe('every decision is visible', () => {
  it('check --verbose says, for every file left alone, what it is and why', async () => {
    const root = await makeTree({
      'lib.py': 'REGISTRY = {}\n\n\ndef add(name):\n    REGISTRY[name] = 1\n\n\nadd("a")\n',
      'app.py': 'import lib\n\nprint(lib.REGISTRY)\n',
      'settings.py': 'import os\n\nBASE = os.getcwd()\nDEBUG = os.environ.get("DEBUG") == "1"\n',
      'shapes.py': 'def area(r):\n    return 3 * r * r\n',
      'pkg/__init__.py': '',
    });
    const run = runCli(['check', '--verbose', '.'], root);
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n').filter(Boolean);
    // How long the two phases took: the project index over the tree, then the files.
    expect(lines.filter((line) => line.startsWith('time: '))).toEqual([expect.stringMatching(/^time: project index \d+\.\d\d s, files \d+\.\d\d s$/)]);
    expect(lines.filter((line) => !line.startsWith('time: ')).sort()).toEqual([
      'cache: 0 of 5 results from .mainguard_cache',
      'lib.py: library: imported by app.py',
      'pkg/__init__.py: ignored: __init__.py is left alone by default',
      'settings.py: settings: only assignments run at import time',
      'shapes.py: definitions: only imports, definitions and constants run at import time',
    ]);
    expect(run.stdout).toMatch(/^app\.py:3:1: MG001/m);
    // Without --verbose, nothing is said of them.
    expect(runCli(['check', '.'], root).stderr).toBe('');
  });

  it('the JSON output gives every file its kind and why', async () => {
    const root = await copyOf(path.join(TREES, 'importer-reads-moved-name', 'before'));
    const run = runCli(['check', '--format', 'json', '.'], root);
    const files = (JSON.parse(run.stdout) as { files: { path: string; kind: string; why: string }[] }).files;
    expect(files.map(({ path, kind, why }) => ({ path, kind, why }))).toEqual([
      { path: 'a.py', kind: 'script', why: 'line 4 calls print() at import time' },
      { path: 'b.py', kind: 'script', why: 'line 3 calls print() at import time' },
    ]);
  });

  it('the fix report names the statements kept for an importer', async () => {
    const root = await copyOf(path.join(TREES, 'importer-reads-moved-name', 'before'));
    const run = runCli(['fix', '--dry-run', '.'], root);
    expect(run.stderr).toMatch(/^ {2}kept: line 3 stays at module level: b\.py imports data$/m);
  });
});
