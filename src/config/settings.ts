import { UsageError } from '../errors.js';
import { isRuleSelector, type MainguardConfig } from './config.js';

/** The command-line flags that override `[tool.mainguard]`, as commander parses them. */
export interface ConfigFlags {
  select?: string[];
  ignore?: string[];
  exclude?: string[];
  extendExclude?: string[];
  extension?: string[];
  keep?: string[];
  respectGitignore?: boolean;
  freezeSupport?: boolean;
}

/** Where a value came from: `default`, the pyproject.toml's path, a flag (`--select`), or both joined by ` + `. */
export type ValueSource = string;

/** The configuration in force and, for every key it sets, where the value came from. */
export interface EffectiveConfig {
  /** The pyproject.toml's values with the flags applied; a key left out has its default. */
  config: MainguardConfig;
  /** For each key of `config`: see ValueSource. Keys not in `config` come from `default`. */
  sources: Partial<Record<keyof MainguardConfig, ValueSource>>;
}

/**
 * Applies the command-line flags to the values of `[tool.mainguard]` read from `configFile`.
 * `exclude`, `extension`, `select`, `ignore` and `--no-respect-gitignore` replace the file's
 * value; `extend-exclude` and `keep` add to it; as in ruff, `--select` starts over, so the
 * file's `ignore` no longer applies. Throws UsageError for an unknown rule code in the flags.
 */
export function mergeConfig(fromFile: MainguardConfig, configFile: string | undefined, flags: ConfigFlags): EffectiveConfig {
  for (const code of [...(flags.select ?? []), ...(flags.ignore ?? [])]) {
    if (!isRuleSelector(code)) throw new UsageError(`unknown rule code: ${code}`, 'known codes: MG001, MG002, MG003, MG004');
  }
  const config: MainguardConfig = { ...fromFile };
  const sources: EffectiveConfig['sources'] = {};
  for (const key of Object.keys(fromFile) as Array<keyof MainguardConfig>) sources[key] = configFile ?? 'pyproject.toml';

  const replace = <K extends keyof MainguardConfig>(key: K, value: MainguardConfig[K], flag: string): void => {
    config[key] = value;
    sources[key] = flag;
  };
  const extend = (key: 'extendExclude' | 'keep', value: string[], flag: string): void => {
    config[key] = [...(fromFile[key] ?? []), ...value];
    sources[key] = fromFile[key] ? `${sources[key]} + ${flag}` : flag;
  };

  if (flags.exclude) replace('exclude', flags.exclude, '--exclude');
  if (flags.extendExclude) extend('extendExclude', flags.extendExclude, '--extend-exclude');
  if (flags.extension) replace('extensions', flags.extension, '--extension');
  if (flags.keep) extend('keep', flags.keep, '--keep');
  if (flags.select) {
    replace('select', flags.select, '--select');
    replace('ignore', flags.ignore ?? [], flags.ignore ? '--ignore' : '--select');
  } else if (flags.ignore) {
    replace('ignore', flags.ignore, '--ignore');
  }
  if (flags.respectGitignore === false) replace('respectGitignore', false, '--no-respect-gitignore');
  if (flags.freezeSupport) replace('freezeSupport', true, '--freeze-support');
  return { config, sources };
}
