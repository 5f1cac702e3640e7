import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool, type ToolRun } from './helpers/npm.js';
import { commitWorkingTree, GIT_ENV, git } from './helpers/working-tree.js';

const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
if (!hasPreCommit) console.warn('pre-commit is not installed: the pre-commit hook tests are skipped (apt-get install pre-commit, or pip install pre-commit)');

const SCRIPT = 'import os\n\nprint(os.sep)\n';
const LIBRARY = 'import os\n\ndef load(name):\n    return open(os.path.join("data", name)).read()\n';

const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), prefix)));
  temps.push(dir);
  return dir;
}

describe.skipIf(!hasPreCommit)('the pre-commit hooks of .pre-commit-hooks.yaml, installed by pre-commit from a clone', () => {
  let config: string;
  let preCommitHome: string;

  /** A git repository with a script lacking a guard, a library module, and a config naming both hooks. */
  async function makeProject(): Promise<string> {
    const dir = await tempDir('mainguard-precommit-project-');
    git(['init', '-q'], dir);
    await writeFile(path.join(dir, '.pre-commit-config.yaml'), config);
    await writeFile(path.join(dir, 'run.py'), SCRIPT);
    await writeFile(path.join(dir, 'lib.py'), LIBRARY);
    git(['add', '.'], dir);
    return dir;
  }

  const preCommit = (args: string[], cwd: string): ToolRun =>
    runTool('pre-commit', [...args, '--color', 'never'], cwd, { ...(GIT_ENV as Record<string, string>), PRE_COMMIT_HOME: preCommitHome }, 900_000);

  beforeAll(async () => {
    // pre-commit clones the hooks repository at a commit: the working tree, committed in a copy.
    const hooks = await commitWorkingTree('mainguard-hooks-');
    temps.push(hooks.dir);
    preCommitHome = await tempDir('mainguard-precommit-home-');
    config = `repos:\n  - repo: ${JSON.stringify(hooks.dir)}\n    rev: ${hooks.commit}\n    hooks:\n      - id: mainguard-check\n      - id: mainguard-fix\n`;
    // The node environment (npm install, npm pack, npm install -g) is built once, then shared.
    const install = preCommit(['install-hooks'], await makeProject());
    expect(install.code, `${install.stdout}${install.stderr}`).toBe(0);
  }, 900_000);

  it('mainguard-check fails on the script and names the finding; nothing is written', async () => {
    const project = await makeProject();
    const run = preCommit(['run', 'mainguard-check', '--all-files'], project);
    expect({
      code: run.code,
      failed: /^mainguard check\.+Failed$/m.test(run.stdout),
      finding: /^run\.py:3:1: MG001 /m.test(run.stdout),
      file: await readFile(path.join(project, 'run.py'), 'utf8'),
    }).toEqual({ code: 1, failed: true, finding: true, file: SCRIPT });
  });

  it('mainguard-fix rewrites the script and fails as a fixer does; then both hooks pass', async () => {
    const project = await makeProject();
    const fix = preCommit(['run', 'mainguard-fix', '--all-files'], project);
    const file = await readFile(path.join(project, 'run.py'), 'utf8');
    git(['add', '.'], project);
    const again = preCommit(['run', '--all-files'], project);
    expect({
      code: fix.code,
      failed: /^mainguard fix\.+Failed$/m.test(fix.stdout),
      // The hook's own exit code, not only pre-commit noticing the modified file.
      hookExit: /^- exit code: 1$/m.test(fix.stdout),
      modified: /^- files were modified by this hook$/m.test(fix.stdout),
      guarded: file.endsWith('\n\nif __name__ == "__main__":\n    main()\n') && file.includes('def main():\n    print(os.sep)\n'),
      library: await readFile(path.join(project, 'lib.py'), 'utf8'),
      again: { code: again.code, passed: (again.stdout.match(/\.Passed$/gm) ?? []).length },
    }).toEqual({ code: 1, failed: true, hookExit: true, modified: true, guarded: true, library: LIBRARY, again: { code: 0, passed: 2 } });
  });

  it('run again on an unchanged tree, mainguard-check takes every result from its cache, and the cache is not a change pre-commit sees', async () => {
    const project = await makeProject();
    // --verbose (the hook's args) counts the results taken from the cache.
    await writeFile(path.join(project, '.pre-commit-config.yaml'), config.replace('      - id: mainguard-check\n', '      - id: mainguard-check\n        args: [--verbose]\n'));
    git(['add', '.'], project);
    const first = preCommit(['run', 'mainguard-check', '--all-files'], project);
    const second = preCommit(['run', 'mainguard-check', '--all-files'], project);
    expect({
      first: /^cache: 0 of 2 results from \.mainguard_cache$/m.test(first.stdout),
      second: /^cache: 2 of 2 results from \.mainguard_cache$/m.test(second.stdout),
      finding: /^run\.py:3:1: MG001 /m.test(second.stdout),
      code: second.code,
      modified: /files were modified by this hook/.test(second.stdout),
      cacheSeenByGit: git(['status', '--porcelain', '--untracked-files=all'], project).includes('.mainguard_cache'),
    }).toEqual({ first: true, second: true, finding: true, code: 1, modified: false, cacheSeenByGit: false });
  });
});
