import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import type { CodemodMeta, OptionInfo, OptionValue } from '../codemod.js';
import { CodemodError, ConfigError } from '../errors.js';
import { DEFAULT_EXCLUDES } from '../files/discover.js';

/** What the codemods in use add to `[tool.mainguard]`: their options, each a key, and their rule codes for `select`/`ignore`. */
export interface ConfigSchema {
  options: readonly OptionInfo[];
  /** Every rule code, in the codemods' order. */
  codes: readonly string[];
}

/** The `[tool.mainguard]` table of pyproject.toml: mainguard's own keys in camelCase, and the codemods' options. */
export interface MainguardConfig {
  /** Gitignore-style globs that replace the default excludes. */
  exclude?: string[];
  /** Gitignore-style globs added to the excludes (`extend-exclude`). */
  extendExclude?: string[];
  /** Rule codes or prefixes (`MG`, `MG00`) to report; all by default. */
  select?: string[];
  /** Rule codes or prefixes not to report. */
  ignore?: string[];
  /** File extensions to scan, without the dot; `["py"]` by default. */
  extensions?: string[];
  /** Whether .gitignore files are honoured (`respect-gitignore`); true by default. */
  respectGitignore?: boolean;
  /** The values of the codemods' options that are set, by key (`freeze-support`). */
  options?: Record<string, OptionValue>;
}

/** mainguard's own settings, the ones every codemod shares. */
type OwnSetting = Exclude<keyof MainguardConfig, 'options'>;

type Kind = 'strings' | 'codes' | 'boolean';

const KEYS: Record<string, [OwnSetting, Kind]> = {
  exclude: ['exclude', 'strings'],
  'extend-exclude': ['extendExclude', 'strings'],
  select: ['select', 'codes'],
  ignore: ['ignore', 'codes'],
  extensions: ['extensions', 'strings'],
  'respect-gitignore': ['respectGitignore', 'boolean'],
};

/** mainguard's own keys of `[tool.mainguard]` as written in pyproject.toml, with their property in MainguardConfig, in table order. */
export const OWN_CONFIG_KEYS: ReadonlyArray<{ key: string; property: OwnSetting }> = Object.entries(KEYS).map(([key, [property]]) => ({ key, property }));

/**
 * The schema of the table for these codemods: their options (the first declaration of a key wins)
 * and their rule codes. A codemod option named like one of mainguard's own keys is a CodemodError.
 */
export function configSchema(metas: readonly CodemodMeta[]): ConfigSchema {
  const options = new Map<string, OptionInfo>();
  const codes = new Set<string>();
  for (const meta of metas) {
    for (const option of meta.options ?? []) {
      if (Object.hasOwn(KEYS, option.key))
        throw new CodemodError(`the codemod ${meta.name} declares the option \`${option.key}\`, which is one of mainguard's own settings`, 'give the option another name');
      if (!options.has(option.key)) options.set(option.key, option);
    }
    for (const rule of meta.rules ?? []) codes.add(rule.code);
  }
  return { options: [...options.values()], codes: [...codes] };
}

// The letters a code starts with: its codemod's prefix (`MG` of `MG002`).
const letters = (code: string): string => /^[A-Za-z]*/.exec(code)![0];

/** The default of `select`: every code, as the prefixes of the codes (`["MG"]`). */
export function defaultSelect(codes: readonly string[]): string[] {
  return [...new Set(codes.map(letters).filter(Boolean))];
}

/** The value of every key when neither pyproject.toml nor a flag sets it, mainguard's own and the codemods'. */
export function configDefaults(schema: ConfigSchema): Required<MainguardConfig> {
  return {
    exclude: [...DEFAULT_EXCLUDES],
    extendExclude: [],
    select: defaultSelect(schema.codes),
    ignore: [],
    extensions: ['py'],
    respectGitignore: true,
    options: Object.fromEntries(schema.options.map((option) => [option.key, option.default])),
  };
}

/** Whether `selector` is a rule code or a prefix of one (`MG`, `MG00`, `MG002`), as ruff accepts; at least a code's letters. */
export function isRuleSelector(selector: string, codes: readonly string[]): boolean {
  return codes.some((code) => code.startsWith(selector) && selector.length >= Math.max(1, letters(code).length));
}

/** How select and ignore are explained when they name no rule: the valid codes. */
export function validCodesHint(codes: readonly string[]): string {
  const prefix = codes[0] === undefined ? '' : ` (or a prefix such as ${codes[0].slice(0, -1)})`;
  return `valid codes: ${codes.join(', ')}${prefix}`;
}

/**
 * The codes to report. A code is on when its most specific matching selector comes from `select`
 * (default: every code); on a tie `ignore` wins — ruff's rule, so `select = ["MG002"]` with
 * `ignore = ["MG"]` keeps MG002. Selectors are not validated here: see `isRuleSelector`.
 */
export function resolveSelection(codes: readonly string[], select: string[] = defaultSelect(codes), ignore: string[] = []): Set<string> {
  const longest = (selectors: string[], code: string): number => Math.max(-1, ...selectors.filter((s) => code.startsWith(s)).map((s) => s.length));
  return new Set(codes.filter((code) => longest(select, code) > longest(ignore, code)));
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
    throw new ConfigError(`${file}:${error.line}:${error.column}: invalid TOML: ${what}`, 'fix the syntax error at that line, or pass --config with another pyproject.toml');
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

/** Every key of the table, mainguard's own then the codemods', in table order. */
function validKeys(schema: ConfigSchema): string[] {
  return [...Object.keys(KEYS), ...schema.options.map((option) => option.key)];
}

function suggestKey(key: string, valid: string[]): string | undefined {
  const flat = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
  const same = valid.find((candidate) => flat(candidate) === flat(key));
  if (same) return same;
  const [closest] = valid
    .map((candidate) => ({ candidate, distance: editDistance(candidate, key) }))
    .filter(({ distance }) => distance <= 2)
    .sort((a, b) => a.distance - b.distance);
  return closest?.candidate;
}

function checkValue(file: string, key: string, kind: Kind, value: unknown, codes: readonly string[]): string[] | boolean {
  const name = `\`tool.mainguard.${key}\``;
  if (kind === 'boolean') {
    if (typeof value !== 'boolean') throw new ConfigError(`${file}: ${name} must be true or false`);
    return value;
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new ConfigError(`${file}: ${name} must be a list of strings`, `for example: ${key} = ["..."]`);
  }
  if (kind === 'codes') {
    const unknown = value.find((code) => !isRuleSelector(code, codes));
    if (unknown !== undefined) throw new ConfigError(`${file}: ${name} has an unknown rule code "${unknown}"`, validCodesHint(codes));
  }
  return value;
}

/** The value of a codemod's option, checked against its type and its own check. */
function checkOption(file: string, option: OptionInfo, value: unknown): OptionValue {
  const checked = checkValue(file, option.key, option.type, value, []);
  if (option.check && Array.isArray(checked)) {
    for (const item of checked) {
      const wrong = option.check(item);
      if (wrong) throw new ConfigError(`${file}: \`tool.mainguard.${option.key}\`: ${JSON.stringify(item)} ${wrong.problem}`, wrong.hint);
    }
  }
  return checked;
}

/** Why a configuration file cannot be read, in words. */
function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot be read (${code ?? String(error)})`;
}

/**
 * Reads `[tool.mainguard]` from a pyproject.toml; undefined when the file has no such table. The
 * keys are mainguard's own and the options of the codemods in `schema`. `named` is the path as
 * given to `--config`, when it was, for the message of a file that cannot be read.
 * Throws ConfigError, naming the file and the key, for a syntax error, an unknown key,
 * a value of the wrong type, an unknown rule code or a value an option's check rejects.
 */
export async function readConfig(file: string, schema: ConfigSchema, named?: string): Promise<MainguardConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (named === undefined) throw new ConfigError(`${file}: ${unreadable(error)}`);
    const where = named === file ? '' : ` (${file})`;
    throw new ConfigError(
      `--config ${named}: ${unreadable(error)}${where}`,
      'name a pyproject.toml with a [tool.mainguard] table, relative to the current folder; without --config the nearest one is used',
    );
  }
  const table = mainguardTable(parseToml(text, file), file);
  if (!table) return undefined;

  const config: Record<string, unknown> = {};
  const options: Record<string, OptionValue> = {};
  for (const [key, value] of Object.entries(table)) {
    const own = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
    const option = schema.options.find((o) => o.key === key);
    if (own) {
      const [property, kind] = own;
      config[property] = checkValue(file, key, kind, value, schema.codes);
    } else if (option) {
      options[key] = checkOption(file, option, value);
    } else {
      const valid = validKeys(schema);
      const suggestion = suggestKey(key, valid);
      const hint = `${suggestion ? `did you mean \`${suggestion}\`? ` : ''}valid keys: ${valid.join(', ')}`;
      throw new ConfigError(`${file}: unknown key \`tool.mainguard.${key}\``, hint);
    }
  }
  if (Object.keys(options).length > 0) config.options = options;
  return config as MainguardConfig;
}

async function hasMainguardTable(file: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return false;
  }
  // A file that is not TOML may be the one meant to configure us: say so, as ruff does.
  const tool = parseToml(text, file).tool;
  return isTable(tool) && tool.mainguard !== undefined;
}

/**
 * The nearest pyproject.toml with a `[tool.mainguard]` table, from `startDir` up to the
 * filesystem root; pyproject.toml files without that table are skipped, as ruff does. One that
 * is not valid TOML on the way is a ConfigError with its line.
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
