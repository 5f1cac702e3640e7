// `mainguard config`: every setting in force and where it comes from.
import { type ConfigFlags, mergeConfig } from '../config/settings.js';
import { formatConfigJson, formatConfigText } from '../report/config.js';
import { chooseFormat, type Io, readConfigFile, schemaFor } from './shared.js';

/** Flags of `config`: those that override `[tool.mainguard]`, and the output format. */
export interface ConfigCommandFlags extends ConfigFlags {
  config?: string;
  /** Default `text`. */
  format?: 'text' | 'json';
  /** The same as `format`. */
  outputFormat?: 'text' | 'json';
}

/**
 * `mainguard config`: the configuration in force — every key of `[tool.mainguard]` with its value
 * and where it came from (default, the pyproject.toml, a flag) — as TOML-like text or JSON.
 */
export async function runConfig(flags: ConfigCommandFlags, io: Io): Promise<number> {
  const schema = await schemaFor();
  const { configFile, fromFile } = await readConfigFile(flags, io, schema);
  const effective = mergeConfig(fromFile, configFile, flags, schema);
  io.out(chooseFormat(flags, 'text') === 'json' ? formatConfigJson(effective, configFile, schema) : formatConfigText(effective, configFile, schema));
  return 0;
}
