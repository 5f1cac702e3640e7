import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findConfigFile, isRuleSelector, readConfig, resolveSelection as resolveWith } from '../src/config/config.js';
import { ConfigError } from '../src/errors.js';
import { MG_SCHEMA } from './helpers/rules.js';

// As the commands take it: a file without the table sets nothing.
const loadConfig = async (file: string) => (await readConfig(file, MG_SCHEMA)) ?? {};
const CODES = ['MG001', 'MG002', 'MG003', 'MG004'];
const resolveSelection = (select?: string[], ignore?: string[]) => resolveWith(CODES, select, ignore);

let dir: string;

beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(tmpdir(), 'mainguard-config-')));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function pyproject(toml: string, sub = '.'): Promise<string> {
  const folder = path.join(dir, sub);
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, 'pyproject.toml');
  await writeFile(file, toml);
  return file;
}

async function configError(toml: string): Promise<ConfigError> {
  const file = await pyproject(toml);
  const error = await loadConfig(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig', () => {
  it('reads every key, kebab-case in TOML, camelCase out', async () => {
    const file = await pyproject(`
[project]
name = "demo"

[tool.mainguard]
exclude = ["tests/fixtures/"]
extend-exclude = ["*_pb2.py", "legacy/**"]
keep = ["app.run($$$)"]
select = ["MG00"]
ignore = ["MG004"]
extensions = ["py", "pyw"]
respect-gitignore = false
freeze-support = true
`);
    expect(await loadConfig(file)).toEqual({
      exclude: ['tests/fixtures/'],
      extendExclude: ['*_pb2.py', 'legacy/**'],
      select: ['MG00'],
      ignore: ['MG004'],
      extensions: ['py', 'pyw'],
      respectGitignore: false,
      options: { keep: ['app.run($$$)'], 'freeze-support': true },
    });
  });

  it('returns {} without a [tool.mainguard] table', async () => {
    expect(await loadConfig(await pyproject('[tool.ruff]\nline-length = 100\n'))).toEqual({});
    expect(await loadConfig(await pyproject(''))).toEqual({});
  });

  it('returns {} for an empty [tool.mainguard] table', async () => {
    expect(await loadConfig(await pyproject('[tool.mainguard]\n'))).toEqual({});
  });

  it('accepts dotted keys', async () => {
    expect(await loadConfig(await pyproject('tool.mainguard.freeze-support = true\n'))).toEqual({ options: { 'freeze-support': true } });
  });

  it('reports a TOML syntax error with the file and line', async () => {
    const error = await configError('[project]\nname = "demo"\n\n[tool.mainguard\nexclude = []\n');
    expect(error.message).toMatch(/^.*pyproject\.toml:4:\d+: invalid TOML: /);
    expect(error.message).toContain(path.join(dir, 'pyproject.toml'));
    expect(error.message).not.toContain('\n');
    expect(error.exitCode).toBe(2);
  });

  it('reports an unknown key with the valid keys and a suggestion', async () => {
    const error = await configError('[tool.mainguard]\nexclued = ["x"]\n');
    expect(error.message).toBe(`${path.join(dir, 'pyproject.toml')}: unknown key \`tool.mainguard.exclued\``);
    expect(error.hint).toBe('did you mean `exclude`? valid keys: exclude, extend-exclude, select, ignore, extensions, respect-gitignore, keep, freeze-support, include-init');
  });

  it.each([
    ['extend_exclude', 'extend-exclude'],
    ['extendExclude', 'extend-exclude'],
    ['respect_gitignore', 'respect-gitignore'],
    ['freeze-suport', 'freeze-support'],
    ['extension', 'extensions'],
  ])('suggests `%s` → `%s`', async (wrong, right) => {
    const error = await configError(`[tool.mainguard]\n${wrong} = []\n`);
    expect(error.hint).toMatch(new RegExp(`^did you mean \`${right}\`\\?`));
  });

  it('gives no suggestion for a key that is nothing like a valid one', async () => {
    const error = await configError('[tool.mainguard]\nline-length = 88\n');
    expect(error.hint).toMatch(/^valid keys: exclude, /);
  });

  it.each([
    ['exclude = "build"', '`tool.mainguard.exclude` must be a list of strings'],
    ['extend-exclude = [1, 2]', '`tool.mainguard.extend-exclude` must be a list of strings'],
    ['keep = [["nested"]]', '`tool.mainguard.keep` must be a list of strings'],
    ['extensions = "py"', '`tool.mainguard.extensions` must be a list of strings'],
    ['select = "MG001"', '`tool.mainguard.select` must be a list of strings'],
    ['respect-gitignore = "no"', '`tool.mainguard.respect-gitignore` must be true or false'],
    ['freeze-support = 1', '`tool.mainguard.freeze-support` must be true or false'],
  ])('reports a wrong type: %s', async (line, message) => {
    const error = await configError(`[tool.mainguard]\n${line}\n`);
    expect(error.message).toBe(`${path.join(dir, 'pyproject.toml')}: ${message}`);
  });

  it('reports an unknown rule code in select or ignore', async () => {
    const select = await configError('[tool.mainguard]\nselect = ["MG001", "MG009"]\n');
    expect(select.message).toBe(`${path.join(dir, 'pyproject.toml')}: \`tool.mainguard.select\` has an unknown rule code "MG009"`);
    expect(select.hint).toBe('valid codes: MG000, MG001, MG002, MG003, MG004 (or a prefix such as MG00)');
    const ignore = await configError('[tool.mainguard]\nignore = ["E501"]\n');
    expect(ignore.message).toContain('`tool.mainguard.ignore` has an unknown rule code "E501"');
  });

  it.each([
    ['load_dotenv(', 'does not parse as one Python statement'],
    ['a b c', 'is not an ast-grep pattern (Multiple AST nodes are detected.)'],
    ['', 'is not an ast-grep pattern (No AST root is detected.)'],
  ])('reports a keep pattern that can never match: %j', async (pattern, problem) => {
    const error = await configError(`[tool.mainguard]\nkeep = ["print($$$)", ${JSON.stringify(pattern)}]\n`);
    expect(error.message).toBe(`${path.join(dir, 'pyproject.toml')}: \`tool.mainguard.keep\`: ${JSON.stringify(pattern)} ${problem}`);
    expect(error.hint).toMatch(/^a keep pattern is one Python statement or expression/);
  });

  it('reads include-init, a key of the main-guard codemod', async () => {
    expect(await loadConfig(await pyproject('[tool.mainguard]\ninclude-init = true\n'))).toEqual({ options: { 'include-init': true } });
  });

  it('reports a [tool.mainguard] that is not a table', async () => {
    const error = await configError('[tool]\nmainguard = ["x"]\n');
    expect(error.message).toBe(`${path.join(dir, 'pyproject.toml')}: \`tool.mainguard\` must be a table`);
  });

  it('reports an unreadable file', async () => {
    const missing = path.join(dir, 'nope', 'pyproject.toml');
    await expect(loadConfig(missing)).rejects.toThrow(`${missing}: no such file`);
  });
});

describe('findConfigFile', () => {
  it('finds the nearest pyproject.toml with a [tool.mainguard] table', async () => {
    const root = await pyproject('[tool.mainguard]\nexclude = []\n');
    const inner = await pyproject('[tool.mainguard]\nkeep = []\n', 'pkg');
    await mkdir(path.join(dir, 'pkg', 'sub', 'deeper'), { recursive: true });
    expect(await findConfigFile(path.join(dir, 'pkg', 'sub', 'deeper'))).toBe(inner);
    expect(await findConfigFile(path.join(dir, 'pkg'))).toBe(inner);
    expect(await findConfigFile(dir)).toBe(root);
  });

  it('skips pyproject.toml files without the table, as ruff does', async () => {
    const root = await pyproject('[tool.mainguard]\n');
    await pyproject('[project]\nname = "inner"\n', 'pkg');
    await pyproject('[tool.mainguardian]\nx = 1\n', 'pkg/sub');
    expect(await findConfigFile(path.join(dir, 'pkg', 'sub'))).toBe(root);
  });

  it('finds a table given as dotted keys or as a sub-table', async () => {
    const file = await pyproject('tool.mainguard.select = ["MG002"]\n', 'a');
    expect(await findConfigFile(path.join(dir, 'a'))).toBe(file);
    const sub = await pyproject('[tool.mainguard.per-file]\nx = 1\n', 'b');
    expect(await findConfigFile(path.join(dir, 'b'))).toBe(sub);
  });

  it.each([
    ['a broken table', '[tool.mainguard]\nexclude = [\n', 3],
    ['a table header never closed', '[project]\nname = "x"\n[tool.mainguard\nkeep = []\n', 3],
    ['a broken file that does not mention mainguard', '[project\n', 1],
  ])('stops at %s on the way up, with its line, as ruff does', async (_name, toml, line) => {
    await pyproject('[tool.mainguard]\n');
    const broken = await pyproject(toml, 'pkg');
    const error = await findConfigFile(path.join(dir, 'pkg')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:\\d+: invalid TOML: `));
    expect((error as ConfigError).hint).toBe('fix the syntax error at that line, or pass --config with another pyproject.toml');
  });

  it('returns undefined when no file up to the root has the table', async () => {
    await pyproject('[project]\nname = "x"\n', 'pkg');
    // The temp dir's ancestors are assumed free of a [tool.mainguard] table.
    expect(await findConfigFile(path.join(dir, 'pkg'))).toBeUndefined();
  });

  it('accepts a relative start directory', async () => {
    const file = await pyproject('[tool.mainguard]\n', 'rel');
    const relative = path.relative(process.cwd(), path.join(dir, 'rel'));
    expect(await findConfigFile(relative)).toBe(file);
  });
});

describe('rule selection', () => {
  it('selects every code by default', () => {
    expect([...resolveSelection()]).toEqual(CODES);
  });

  it('selects by code or by prefix', () => {
    expect([...resolveSelection(['MG002'])]).toEqual(['MG002']);
    expect([...resolveSelection(['MG00'])]).toEqual(['MG001', 'MG002', 'MG003', 'MG004']);
    expect([...resolveSelection([])]).toEqual([]);
  });

  it('removes ignored codes', () => {
    expect([...resolveSelection(undefined, ['MG001', 'MG004'])]).toEqual(['MG002', 'MG003']);
    expect([...resolveSelection(['MG001', 'MG002'], ['MG002'])]).toEqual(['MG001']);
    expect([...resolveSelection(undefined, ['MG'])]).toEqual([]);
  });

  it('lets the more specific selector win, ignore winning a tie (ruff)', () => {
    expect([...resolveSelection(['MG002'], ['MG'])]).toEqual(['MG002']);
    expect([...resolveSelection(['MG'], ['MG00'])]).toEqual([]);
    expect([...resolveSelection(['MG002'], ['MG002'])]).toEqual([]);
  });

  it('recognizes codes and prefixes', () => {
    for (const ok of ['MG', 'MG0', 'MG00', 'MG001', 'MG004']) expect(isRuleSelector(ok, CODES)).toBe(true);
    for (const bad of ['', 'M', 'MG005', 'MG1', 'mg001', 'E501', 'ALL']) expect(isRuleSelector(bad, CODES)).toBe(false);
  });
});
