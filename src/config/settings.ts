import type { OptionValue } from '../codemod.js';
import { UsageError } from '../errors.js';
import { type ConfigSchema, isRuleSelector, type MainguardConfig, validCodesHint } from './config.js';

/** The command-line flags that override `[tool.mainguard]`, as commander parses them. */
export interface ConfigFlags {
  select?: string[];
  ignore?: string[];
  exclude?: string[];
  extendExclude?: string[];
  extension?: string[];
  respectGitignore?: boolean;
  /** The flags of the codemods' options (`--keep`, `--freeze-support`), by their key (`freeze-support`). */
  options?: Record<string, OptionValue | undefined>;
}

/** Where a value came from: `default`, the pyproject.toml's path, a flag (`--select`), or both joined by ` + `. */
export type ValueSource = string;

/** The configuration in force and, for every key it sets, where the value came from. */
export interface EffectiveConfig {
  /** The pyproject.toml's values with the flags applied; a key left out has its default. */
  config: MainguardConfig;
  /** For each key set in `config`, by its name in the table (`extend-exclude`): see ValueSource. Keys not listed come from `default`. */
  sources: Record<string, ValueSource>;
}

const TABLE_KEYS: Record<Exclude<keyof MainguardConfig, 'options'>, string> = {
  exclude: 'exclude',
  extendExclude: 'extend-exclude',
  select: 'select',
  ignore: 'ignore',
  extensions: 'extensions',
  respectGitignore: 'respect-gitignore',
};

/**
 * Applies the command-line flags to the values of `[tool.mainguard]` read from `configFile`.
 * `exclude`, `extension`, `select`, `ignore` and `--no-respect-gitignore` replace the file's
 * value; `extend-exclude` and every list option of a codemod (`keep`) add to it; a switch of a
 * codemod (`--freeze-support`) turns its option from its default. As in ruff, `--select` starts
 * over, so the file's `ignore` no longer applies. Throws UsageError for an unknown rule code in the
 * flags, or a value an option's check rejects.
 */
export function mergeConfig(fromFile: MainguardConfig, configFile: string | undefined, flags: ConfigFlags, schema: ConfigSchema): EffectiveConfig {
  for (const code of [...(flags.select ?? []), ...(flags.ignore ?? [])]) {
    if (!isRuleSelector(code, schema.codes)) throw new UsageError(`unknown rule code: ${code}`, validCodesHint(schema.codes));
  }
  const config: MainguardConfig = { ...fromFile, options: { ...fromFile.options } };
  const options = config.options!;
  const sources: Record<string, ValueSource> = {};
  const fileName = configFile ?? 'pyproject.toml';
  for (const property of Object.keys(fromFile) as Array<keyof MainguardConfig>) {
    if (property !== 'options') sources[TABLE_KEYS[property]] = fileName;
  }
  for (const key of Object.keys(fromFile.options ?? {})) sources[key] = fileName;

  const replace = <K extends keyof typeof TABLE_KEYS>(property: K, value: MainguardConfig[K], flag: string): void => {
    config[property] = value;
    sources[TABLE_KEYS[property]] = flag;
  };
  const extended = (key: string, flag: string): string => (sources[key] ? `${sources[key]} + ${flag}` : flag);

  if (flags.exclude) replace('exclude', flags.exclude, '--exclude');
  if (flags.extendExclude) {
    sources['extend-exclude'] = extended('extend-exclude', '--extend-exclude');
    config.extendExclude = [...(fromFile.extendExclude ?? []), ...flags.extendExclude];
  }
  if (flags.extension) replace('extensions', flags.extension, '--extension');
  if (flags.select) {
    replace('select', flags.select, '--select');
    replace('ignore', flags.ignore ?? [], flags.ignore ? '--ignore' : '--select');
  } else if (flags.ignore) {
    replace('ignore', flags.ignore, '--ignore');
  }
  if (flags.respectGitignore === false) replace('respectGitignore', false, '--no-respect-gitignore');

  for (const option of schema.options) {
    const value = flags.options?.[option.key];
    if (option.type === 'strings' && Array.isArray(value)) {
      for (const item of value) {
        const wrong = option.check?.(item);
        if (wrong) throw new UsageError(`--${option.key} ${JSON.stringify(item)}: ${wrong.problem}`, wrong.hint);
      }
      const before = options[option.key];
      options[option.key] = [...(Array.isArray(before) ? before : []), ...value];
      sources[option.key] = extended(option.key, `--${option.key}`);
    } else if (option.type === 'boolean' && value === !option.default) {
      options[option.key] = value;
      sources[option.key] = option.default ? `--no-${option.key}` : `--${option.key}`;
    }
  }
  if (Object.keys(options).length === 0) delete config.options;
  return { config, sources };
}
