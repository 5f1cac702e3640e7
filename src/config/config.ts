import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { ConfigError } from '../errors.js';
import { DEFAULT_EXCLUDES } from '../files/discover.js';

/** The stable rule codes, in order. */
export const RULE_CODES = ['MG001', 'MG002', 'MG003', 'MG004'] as const;

/** The `[tool.mainguard]` table of pyproject.toml, keys in camelCase. */
export interface MainguardConfig {
  /** Gitignore-style globs that replace the default excludes. */
  exclude?: string[];
  /** Gitignore-style globs added to the excludes (`extend-exclude`). */
  extendExclude?: string[];
  /** ast-grep patterns of statements to keep at module level. */
  keep?: string[];
  /** Rule codes or prefixes (`MG`, `MG00`) to report; all by default. */
  select?: string[];
  /** Rule codes or prefixes not to report. */
  ignore?: string[];
  /** File extensions to scan, without the dot; `["py"]` by default. */
  extensions?: string[];
  /** Whether .gitignore files are honoured (`respect-gitignore`); true by default. */
  respectGitignore?: boolean;
  /** Whether the rewrite calls `multiprocessing.freeze_support()` first (`freeze-support`). */
  freezeSupport?: boolean;
}

type Kind = 'strings' | 'codes' | 'boolean';

const KEYS: Record<string, [keyof MainguardConfig, Kind]> = {
  exclude: ['exclude', 'strings'],
  'extend-exclude': ['extendExclude', 'strings'],
  keep: ['keep', 'strings'],
  select: ['select', 'codes'],
  ignore: ['ignore', 'codes'],
  extensions: ['extensions', 'strings'],
  'respect-gitignore': ['respectGitignore', 'boolean'],
  'freeze-support': ['freezeSupport', 'boolean'],
};

/** Every key of `[tool.mainguard]` as written in pyproject.toml, with its property in MainguardConfig, in table order. */
export const CONFIG_KEYS: ReadonlyArray<{ key: string; property: keyof MainguardConfig }> = Object.entries(KEYS).map(([key, [property]]) => ({ key, property }));

/** The value of every key when neither pyproject.toml nor a flag sets it. */
export const CONFIG_DEFAULTS: Readonly<Required<MainguardConfig>> = {
  exclude: [...DEFAULT_EXCLUDES],
  extendExclude: [],
  keep: [],
  select: ['MG'],
  ignore: [],
  extensions: ['py'],
  respectGitignore: true,
  freezeSupport: false,
};

const VALID_KEYS = Object.keys(KEYS).join(', ');
const SECTION = /^\s*\[\s*tool\s*\.\s*mainguard\s*[\].]/m;

/** Whether `selector` is a rule code or a prefix of one (`MG`, `MG00`, `MG002`), as ruff accepts. */
export function isRuleSelector(selector: string): boolean {
  return selector.startsWith('MG') && RULE_CODES.some((code) => code.startsWith(selector));
}

/**
 * The codes to report. A code is on when its most specific matching selector comes from `select`
 * (default `["MG"]`, i.e. all); on a tie `ignore` wins — ruff's rule, so `select = ["MG002"]` with
 * `ignore = ["MG"]` keeps MG002. Selectors are not validated here: see `isRuleSelector`.
 */
export function resolveSelection(select: string[] = ['MG'], ignore: string[] = []): Set<string> {
  const longest = (selectors: string[], code: string): number => Math.max(-1, ...selectors.filter((s) => code.startsWith(s)).map((s) => s.length));
  return new Set(RULE_CODES.filter((code) => longest(select, code) > longest(ignore, code)));
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function mainguardTable(document: Record<string, unknown>, file: string): Record<string, unknown> | undefined {
  const tool = document.tool;
  if (tool === undefined) return undefined;
  if (!isTable(tool)) throw new ConfigError(`${file}: \`tool\` must be a table`);
  const table = tool.mainguard;
  if (table === undefined) return undefined;
  if (!isTable(table)) throw new ConfigError(`${file}: \`tool.mainguard\` must be a table`);
  return table;
}

function parseToml(text: string, file: string): Record<string, unknown> {
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const what = error.message.split('\n')[0]!.replace(/^Invalid TOML document:\s*/, '');
    throw new ConfigError(`${file}:${error.line}:${error.column}: invalid TOML: ${what}`, 'fix the syntax error at that line');
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function suggestKey(key: string): string | undefined {
  const flat = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
  const valid = Object.keys(KEYS);
  const same = valid.find((candidate) => flat(candidate) === flat(key));
  if (same) return same;
  const [closest] = valid
    .map((candidate) => ({ candidate, distance: editDistance(candidate, key) }))
    .filter(({ distance }) => distance <= 2)
    .sort((a, b) => a.distance - b.distance);
  return closest?.candidate;
}

function checkValue(file: string, key: string, kind: Kind, value: unknown): string[] | boolean {
  const name = `\`tool.mainguard.${key}\``;
  if (kind === 'boolean') {
    if (typeof value !== 'boolean') throw new ConfigError(`${file}: ${name} must be true or false`);
    return value;
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new ConfigError(`${file}: ${name} must be a list of strings`, `for example: ${key} = ["..."]`);
  }
  if (kind === 'codes') {
    const unknown = value.find((code) => !isRuleSelector(code));
    if (unknown !== undefined) {
      throw new ConfigError(`${file}: ${name} has an unknown rule code "${unknown}"`, `valid codes: ${RULE_CODES.join(', ')} (or a prefix such as MG00)`);
    }
  }
  return value;
}

/**
 * Reads `[tool.mainguard]` from a pyproject.toml; `{}` when the table is absent.
 * Throws ConfigError, naming the file and the key, for a syntax error, an unknown key,
 * a value of the wrong type or an unknown rule code.
 */
export async function loadConfig(file: string): Promise<MainguardConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const table = mainguardTable(parseToml(text, file), file);
  if (!table) return {};

  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(table)) {
    const known = KEYS[key];
    if (!known) {
      const suggestion = suggestKey(key);
      const hint = `${suggestion ? `did you mean \`${suggestion}\`? ` : ''}valid keys: ${VALID_KEYS}`;
      throw new ConfigError(`${file}: unknown key \`tool.mainguard.${key}\``, hint);
    }
    const [property, kind] = known;
    config[property] = checkValue(file, key, kind, value);
  }
  return config as MainguardConfig;
}

async function hasMainguardTable(file: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return false;
  }
  try {
    const tool = parse(text).tool;
    return isTable(tool) && tool.mainguard !== undefined;
  } catch {
    // A broken file that seems to configure us is returned so that loadConfig reports the error.
    return SECTION.test(text);
  }
}

/**
 * The nearest pyproject.toml with a `[tool.mainguard]` table, from `startDir` up to the
 * filesystem root; pyproject.toml files without that table are skipped, as ruff does.
 */
export async function findConfigFile(startDir: string): Promise<string | undefined> {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, 'pyproject.toml');
    if (await hasMainguardTable(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
