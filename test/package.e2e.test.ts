import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/fixtures.js';
import { runTool, type ToolRun } from './helpers/npm.js';
import { commitWorkingTree } from './helpers/working-tree.js';

const PACKAGE = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
const SCRIPT = 'import os\n\nprint(os.sep)\n';

const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), prefix)));
  temps.push(dir);
  return dir;
}

describe('the packed tarball, installed without the source tree', () => {
  let packed: { filename: string; files: { path: string }[] };
  let installDir: string;
  let project: string;
  let install: ToolRun;
  const mainguard = (args: string[]): ToolRun => runTool(path.join(installDir, 'node_modules', '.bin', 'mainguard'), args, project, {}, 60_000);

  beforeAll(async () => {
    // Packed from a copy of the working tree, as from a fresh clone: its `prepare` script builds dist/.
    const { dir: clone } = await commitWorkingTree('mainguard-pack-');
    temps.push(clone);
    await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'junction');
    const packDir = await tempDir('mainguard-tarball-');
    const pack = runTool('npm', ['pack', '--json', '--pack-destination', packDir], clone);
    expect(pack.code, pack.stderr).toBe(0);
    // stdout is only the JSON: tools that read the tarball's name from it (pre-commit) get just that.
    packed = (JSON.parse(pack.stdout) as (typeof packed)[])[0]!;

    installDir = await tempDir('mainguard-install-');
    await writeFile(path.join(installDir, 'package.json'), '{ "private": true }\n');
    install = runTool('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(packDir, packed.filename)], installDir);
    project = await tempDir('mainguard-project-');
    await writeFile(path.join(project, 'run.py'), SCRIPT);
  }, 600_000);

  it('holds the CLI and the built code, and no tests or TypeScript sources', () => {
    const files = packed.files.map((f) => f.path);
    expect({
      cli: ['bin/mainguard.js', 'dist/src/cli.js', 'dist/codemods/main-guard/index.js', 'package.json', 'README.md'].filter((f) => !files.includes(f)),
      unwanted: files.filter((f) => /(^|\/)test\/|\.test\.|\.ts$|^src\/|^codemods\//.test(f)),
    }).toEqual({ cli: [], unwanted: [] });
  });

  it('installs from the registry with its dependencies only', () => {
    expect(install.code, install.stderr).toBe(0);
  });

  it('mainguard --help and --version', () => {
    const [help, version] = [mainguard(['--help']), mainguard(['--version'])];
    expect({ help: help.code, usage: help.stdout.startsWith('Usage: mainguard'), version }).toEqual({
      help: 0,
      usage: true,
      version: { stdout: `${PACKAGE.version}\n`, stderr: '', code: 0 },
    });
  });

  it('check finds a script without a main guard: exit 1 (the Python grammar is installed)', () => {
    const run = mainguard(['check', '.']);
    expect({ code: run.code, finding: run.stdout.split('\n')[0] }).toEqual({
      code: 1,
      finding: expect.stringMatching(/^run\.py:3:1: MG001 /),
    });
  });

  it('fix --yes rewrites it behind the guard', async () => {
    const run = mainguard(['fix', '--yes', '.']);
    expect({ code: run.code, file: await readFile(path.join(project, 'run.py'), 'utf8') }).toEqual({
      code: 0,
      file: 'import os\n\n\ndef main():\n    print(os.sep)\n\n\nif __name__ == "__main__":\n    main()\n',
    });
  });
});

/** Every .js file under `dir`, relative paths. */
function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.js'));
}

/** The package a bare import specifier names (`@scope/name/sub` → `@scope/name`), or undefined for relative ones and Node built-ins. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || builtinModules.includes(specifier)) return undefined;
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

describe('dependencies of the built code', () => {
  it('every package that dist/ imports (static or dynamic import) is in dependencies', () => {
    const dist = path.join(REPO_ROOT, 'dist');
    const imported = new Map<string, string>();
    for (const file of jsFiles(dist)) {
      const { importedFiles } = ts.preProcessFile(readFileSync(path.join(dist, file), 'utf8'), true, true);
      for (const { fileName } of importedFiles) {
        const name = packageOf(fileName);
        if (name && !imported.has(name)) imported.set(name, file);
      }
    }
    const missing = [...imported].filter(([name]) => !(name in PACKAGE.dependencies)).map(([name, file]) => `${name} (imported by dist/${file})`);
    expect(imported.has('@ast-grep/lang-python') && imported.has('@ast-grep/napi')).toBe(true);
    expect(missing).toEqual([]);
  });
});
