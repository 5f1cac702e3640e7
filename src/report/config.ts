import { type ConfigSchema, configDefaults, OWN_CONFIG_KEYS } from '../config/config.js';
import type { EffectiveConfig } from '../config/settings.js';

/** One key of the configuration in force, for `mainguard config`. */
export interface ConfigEntry {
  /** As written in `[tool.mainguard]`, e.g. `extend-exclude`. */
  key: string;
  value: string[] | boolean;
  /** `default`, the pyproject.toml's path, a flag such as `--select`, or several joined by ` + `. */
  source: string;
}

/** Every key of `[tool.mainguard]`, mainguard's own then the codemods' options, with its value in force and its source. */
export function listConfigEntries(effective: EffectiveConfig, schema: ConfigSchema): ConfigEntry[] {
  const defaults = configDefaults(schema);
  const entry = (key: string, set: string[] | boolean | undefined, initial: string[] | boolean): ConfigEntry =>
    set === undefined ? { key, value: initial, source: 'default' } : { key, value: set, source: effective.sources[key] ?? 'default' };
  return [
    ...OWN_CONFIG_KEYS.map(({ key, property }) => entry(key, effective.config[property], defaults[property])),
    ...schema.options.map((option) => entry(option.key, effective.config.options?.[option.key], option.default)),
  ];
}

const ALIGN_UP_TO = 40;

const tomlValue = (value: string[] | boolean): string => (typeof value === 'boolean' ? String(value) : `[${value.map((v) => JSON.stringify(v)).join(', ')}]`);

/**
 * `mainguard config` as text: a comment naming the pyproject.toml read (or saying none was
 * found), then `[tool.mainguard]` with every key, one per line, as TOML, each followed by a
 * `# source` comment, e.g. `select = ["MG002"]  # --select`, the comments aligned (but after lines
 * longer than 40 characters). The lines can be pasted into a
 * pyproject.toml. Ends with a newline.
 */
export function formatConfigText(effective: EffectiveConfig, configFile: string | undefined, schema: ConfigSchema): string {
  const entries = listConfigEntries(effective, schema);
  // Comments line up, except after the few lines too long for it (the default excludes).
  const width = Math.max(0, ...entries.map((e) => `${e.key} = ${tomlValue(e.value)}`.length).filter((n) => n <= ALIGN_UP_TO));
  const header = configFile ? `# configuration file: ${configFile}` : '# configuration file: none (no pyproject.toml with a [tool.mainguard] table here or above)';
  const lines = entries.map((e) => `${`${e.key} = ${tomlValue(e.value)}`.padEnd(width)}  # ${e.source}`);
  return `${header}\n[tool.mainguard]\n${lines.join('\n')}\n`;
}

/**
 * `mainguard config --format json`: `{"configFile": path | null, "settings": {KEY: {"value",
 * "source"}}}` with every key of `[tool.mainguard]` in the table's order; 2-space indented,
 * ending with a newline.
 */
export function formatConfigJson(effective: EffectiveConfig, configFile: string | undefined, schema: ConfigSchema): string {
  const settings = Object.fromEntries(listConfigEntries(effective, schema).map(({ key, value, source }) => [key, { value, source }]));
  return `${JSON.stringify({ configFile: configFile ?? null, settings }, null, 2)}\n`;
}
