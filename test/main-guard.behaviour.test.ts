// Runs every fixture whose expected output differs from its input with a real interpreter: the expected
// rewrite must behave like the input as a script, be quiet when imported, and (mp-*) survive spawn.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crlfTwins, type FixtureCase, isPython2Case, loadFixtureCases } from './helpers/fixtures.js';
import { describeImportNoise, describeRunDifferences, exceptionType, findPython2, findPython3, importScript, inBatches, type PythonRun, runScript, SPAWN_SITECUSTOMIZE } from './helpers/python.js';

/** An import must finish in a quarter of the timeout: "well before" it. */
const IMPORT_BUDGET_MS = 5_000;

/**
 * mp fixtures whose rewrite is expected to break under spawn, with the error the worker hits: they are the
 * warning cases (the codemod warns that the worker reads a global bound only inside main()).
 */
const SPAWN_BREAKS: Record<string, RegExp> = {
  'mp-warn-worker-reads-main-global': /^NameError$/,
};

const python3 = findPython3();
const python2 = findPython2();
const fixtures = loadFixtureCases();
// The CRLF twins (fixtures with comments, in CRLF) run as scripts too: Python must read them as their LF fixtures.
const rewritten = [...fixtures, ...crlfTwins(fixtures)].filter((fixture) => fixture.changes);
const python3Cases = rewritten.filter((fixture) => !isPython2Case(fixture.name));
const python2Cases = rewritten.filter((fixture) => isPython2Case(fixture.name));

let workRoot = '';
let spawnSiteDir = '';
let scratchCount = 0;

/** A fresh folder under the work root holding `files` (name → text or bytes). */
function scratchFolder(files: Record<string, string | Uint8Array>): string {
  const folder = join(workRoot, `run-${++scratchCount}`);
  mkdirSync(folder);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

/** Runs input and expected output side by side, then imports the output (and runs it under spawn for mp-*). */
async function checkFixture(python: string, fixture: FixtureCase): Promise<void> {
  const fileName = `${fixture.name}.py`;
  const inputFolder = scratchFolder({ [fileName]: fixture.input });
  const outputFolder = scratchFolder({ [fileName]: fixture.expected });

  const [before, after] = await inBatches([() => runScript(python, inputFolder, fileName), () => runScript(python, outputFolder, fileName)]);
  expect(before.timedOut, `the input itself timed out:\n${before.stderr}`).toBe(false);
  expect(describeRunDifferences(before, after), 'script run: input vs expected output').toEqual([]);

  const isMultiprocessing = fixture.name.startsWith('mp-');
  const [imported, spawned] = await inBatches<PythonRun | undefined>([
    () => importScript(python, scratchFolder({ [fileName]: fixture.expected }), fileName),
    () => (isMultiprocessing ? runScript(python, scratchFolder({ [fileName]: fixture.expected }), fileName, { PYTHONPATH: spawnSiteDir }) : Promise.resolve(undefined)),
  ]);
  expect(describeImportNoise(imported!, IMPORT_BUDGET_MS), 'import of the expected output').toEqual([]);

  if (spawned === undefined) return;
  const breaks = SPAWN_BREAKS[fixture.twinOf ?? fixture.name];
  if (breaks) {
    expect(spawned.exitCode, `expected the spawn run to fail:\n${spawned.stderr}`).not.toBe(0);
    expect(exceptionType(spawned.stderr) ?? '', spawned.stderr).toMatch(breaks);
    return;
  }
  expect(spawned.timedOut, 'spawn run timed out').toBe(false);
  expect(spawned.exitCode, `spawn run failed:\n${spawned.stderr}`).toBe(0);
  expect(spawned.stdout.toString('utf8'), 'spawn run stdout vs input run (fork)').toBe(before.stdout.toString('utf8'));
}

const suiteTitle = python3 ? 'main-guard behaviour (python3)' : 'main-guard behaviour: skipped, python3 not found on PATH';

describe.skipIf(!python3)(suiteTitle, () => {
  beforeAll(() => {
    workRoot = mkdtempSync(join(tmpdir(), 'mainguard-behaviour-'));
    spawnSiteDir = join(workRoot, 'spawn-site');
    mkdirSync(spawnSiteDir);
    writeFileSync(join(spawnSiteDir, 'sitecustomize.py'), SPAWN_SITECUSTOMIZE);
  });

  afterAll(() => {
    if (workRoot) rmSync(workRoot, { recursive: true, force: true });
  });

  describe('the harness itself', () => {
    it('reports print(1) and print(2) as different', async () => {
      const [one, two] = await inBatches([
        () => runScript(python3!, scratchFolder({ 'script.py': 'print(1)\n' }), 'script.py'),
        () => runScript(python3!, scratchFolder({ 'script.py': 'print(2)\n' }), 'script.py'),
      ]);
      expect(describeRunDifferences(one!, one!)).toEqual([]);
      expect(describeRunDifferences(one!, two!)).not.toEqual([]);
    });

    it('reports a different exception type and exit code', async () => {
      const [valueError, keyError] = await inBatches([
        () => runScript(python3!, scratchFolder({ 'script.py': 'int("x")\n' }), 'script.py'),
        () => runScript(python3!, scratchFolder({ 'script.py': '{}["x"]\n' }), 'script.py'),
      ]);
      expect(exceptionType(valueError!.stderr)).toBe('ValueError');
      expect(exceptionType(keyError!.stderr)).toBe('KeyError');
      expect(describeRunDifferences(valueError!, keyError!).join('\n')).toMatch(/exception: before ValueError, after KeyError/);
    });

    it('reports an import that prints or reads stdin as noisy', async () => {
      const [printing, reading, quiet] = await inBatches(
        [
          () => importScript(python3!, scratchFolder({ 'lib.py': 'print("hi")\n' }), 'lib.py'),
          () => importScript(python3!, scratchFolder({ 'lib.py': 'import sys\nsys.stdin.read()\n' }), 'lib.py'),
          () => importScript(python3!, scratchFolder({ 'lib.py': 'X = 1\n' }), 'lib.py'),
        ],
        3,
      );
      expect(describeImportNoise(printing!, IMPORT_BUDGET_MS).join('\n')).toMatch(/printed/);
      expect(describeImportNoise(reading!, IMPORT_BUDGET_MS)).toEqual(['read stdin']);
      expect(describeImportNoise(quiet!, IMPORT_BUDGET_MS)).toEqual([]);
    });

    it('forces the spawn start method through sitecustomize', async () => {
      const folder = scratchFolder({ 'method.py': 'import multiprocessing\nprint(multiprocessing.get_start_method())\n' });
      const run = await runScript(python3!, folder, 'method.py', { PYTHONPATH: spawnSiteDir });
      expect(run.stdout.toString('utf8')).toBe('spawn\n');
    });
  });

  it('has rewritten fixtures to run', () => {
    expect(python3Cases.length).toBeGreaterThan(0);
  });

  it.each(python3Cases.map((fixture) => [fixture.name, fixture] as const))('%s', async (_name, fixture) => {
    await checkFixture(python3!, fixture);
  });

  describe.skipIf(!python2)(python2 ? 'python2.7 fixtures' : 'python2.7 fixtures: skipped, pyenv 2.7.18 not found', () => {
    it.each(python2Cases.map((fixture) => [fixture.name, fixture] as const))('%s', async (_name, fixture) => {
      await checkFixture(python2!, fixture);
    });
  });
});
