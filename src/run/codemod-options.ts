import type { CodemodOptions } from '../codemod.js';
import { UsageError } from '../errors.js';

/** What parseCodemodArgs separates: the codemod's options and the paths. */
export interface CodemodArgs {
  options: CodemodOptions;
  paths: string[];
}

/** The name an option reaches `transform` under: `freeze-support` → `freezeSupport`. */
export function optionProperty(name: string): string {
  return name.replace(/-+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Splits the words that `run` does not know itself into the codemod's options and paths,
 * jscodeshift-style: `--name=value` (a JSON value when it parses as one, e.g. `--max=3`,
 * `--names=["a","b"]`, else the text), `--flag` (true), `--no-flag` (false); a repeated option
 * collects its values in an array; names become camelCase (`--freeze-support` → `freezeSupport`).
 * Everything else, and everything after `--`, is a path. A value always takes the `=` form: in
 * `--name value`, `value` is a path.
 */
export function parseCodemodArgs(words: string[]): CodemodArgs {
  const values = new Map<string, unknown[]>();
  const paths: string[] = [];
  let onlyPaths = false;
  for (const word of words) {
    if (onlyPaths || word === '-' || !word.startsWith('-')) {
      paths.push(word);
      continue;
    }
    if (word === '--') {
      onlyPaths = true;
      continue;
    }
    const match = /^--([A-Za-z][\w-]*)(?:=([\s\S]*))?$/.exec(word);
    if (!match) throw new UsageError(`unknown option ${word}`, 'options for the codemod take the form --name=value, --flag or --no-flag');
    const [, rawName, text] = match;
    let name = optionProperty(rawName!);
    let value: unknown = text === undefined ? true : parseValue(text);
    if (text === undefined && /^no[A-Z]/.test(name)) {
      name = name[2]!.toLowerCase() + name.slice(3);
      value = false;
    }
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  const options: CodemodOptions = {};
  for (const [name, list] of values) options[name] = list.length === 1 ? list[0] : list;
  return { options, paths };
}
