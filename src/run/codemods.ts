import { randomBytes } from 'node:crypto';
import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type TypeScript from 'typescript';
import type { Codemod, CodemodMeta, EntryKindInfo, OptionInfo, RuleInfo } from '../codemod.js';
import { CodemodError } from '../errors.js';
import { registerLanguages } from './languages.js';

// Static import expressions, so that both the build and vitest resolve them.
const BUILTINS: Record<string, () => Promise<Record<string, unknown>>> = {
  'main-guard': () => import('../../codemods/main-guard/index.js'),
};

/** The names of the codemods under `codemods/`, usable with `run -t NAME`. */
export const BUILTIN_CODEMODS: readonly string[] = Object.keys(BUILTINS);

/** Where a codemod is loaded from, as plain data: a worker thread loads it again from this. */
export type CodemodSource =
  | { kind: 'builtin'; name: string }
  | {
      kind: 'module';
      /** The `file:` URL to import (for a .ts codemod: its compiled copy). */
      url: string;
      /** The path as the user gave it, for messages. */
      label: string;
    };

/** A codemod ready to run: loaded in this thread, loadable by workers, with what to clean up afterwards. */
export interface PreparedCodemod {
  codemod: Codemod;
  source: CodemodSource;
  /** Removes the compiled copy of a .ts codemod; does nothing for others. Never throws. */
  dispose(): Promise<void>;
}

const JS_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);
const TS_EXTENSIONS = new Set(['.ts', '.mts']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function pickMeta(value: unknown): CodemodMeta | undefined {
  if (!isObject(value)) return undefined;
  const { name, description, rules, options, entryKinds, languages } = value;
  if (typeof name !== 'string') return undefined;
  return {
    name,
    description: typeof description === 'string' ? description : '',
    rules: Array.isArray(rules) ? rules.filter(isRuleInfo) : undefined,
    options: Array.isArray(options) ? options.filter(isOptionInfo) : undefined,
    entryKinds: Array.isArray(entryKinds) ? entryKinds.filter(isEntryKindInfo) : undefined,
    languages: isObject(languages) ? (languages as CodemodMeta['languages']) : undefined,
  };
}

// An option as a codemod declares it: a kebab-case key, a description, a type and a default of that type.
function isOptionInfo(value: unknown): value is OptionInfo {
  if (!isObject(value)) return false;
  const { key, description, type, default: initial, check } = value;
  const typed = (type === 'boolean' && typeof initial === 'boolean') || (type === 'strings' && Array.isArray(initial) && initial.every((item) => typeof item === 'string'));
  return typeof key === 'string' && /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(key) && typeof description === 'string' && typed && (check === undefined || typeof check === 'function');
}

const ENTRY_COLORS = new Set(['green', 'cyan', 'magenta', 'blue', 'yellow', 'dim']);

function isEntryKindInfo(value: unknown): value is EntryKindInfo {
  return isObject(value) && typeof value.kind === 'string' && typeof value.color === 'string' && ENTRY_COLORS.has(value.color);
}

// A rule as a codemod declares it: a code, a name, a summary and a severity at least.
function isRuleInfo(value: unknown): value is RuleInfo {
  if (typeof value !== 'object' || value === null) return false;
  const { code, name, summary, severity, sourceErrors } = value as Record<string, unknown>;
  const kinds = typeof code === 'string' && typeof name === 'string' && typeof summary === 'string';
  return kinds && (severity === 'error' || severity === 'warning') && (sourceErrors === undefined || typeof sourceErrors === 'boolean');
}

/**
 * The codemod a module exports, jscodeshift-style: a named `transform`, a default function, or a
 * default object with `transform`; `meta` ({name, description}) is optional (the file name then),
 * and so is the project-wide `index` step, named or on the default object.
 */
export function codemodFromModule(module: Record<string, unknown>, fallbackName: string): Codemod | undefined {
  const fallback = module.default as Record<string, unknown> | ((...args: unknown[]) => unknown) | undefined;
  const transform = typeof module.transform === 'function' ? module.transform : typeof fallback === 'function' ? fallback : typeof fallback?.transform === 'function' ? fallback.transform : undefined;
  if (transform === undefined) return undefined;
  const meta = pickMeta(module.meta) ?? pickMeta(typeof fallback === 'object' ? fallback?.meta : undefined) ?? { name: fallbackName, description: '' };
  const index = typeof module.index === 'function' ? module.index : typeof fallback === 'object' && typeof fallback?.index === 'function' ? fallback.index : undefined;
  return index ? { meta, index: index as Codemod['index'], transform: transform as Codemod['transform'] } : { meta, transform: transform as Codemod['transform'] };
}

/**
 * Imports the codemod `source` points at, in this thread, and registers the grammars it declares;
 * a module without a transform is a CodemodError.
 */
export async function loadCodemod(source: CodemodSource): Promise<Codemod> {
  const codemod = await importCodemod(source);
  registerLanguages(codemod.meta.languages);
  return codemod;
}

/** What the built-in codemods say of themselves: their options and rules belong to `[tool.mainguard]`. */
export async function builtinMetas(): Promise<CodemodMeta[]> {
  return Promise.all(BUILTIN_CODEMODS.map(async (name) => (await loadCodemod({ kind: 'builtin', name })).meta));
}

async function importCodemod(source: CodemodSource): Promise<Codemod> {
  if (source.kind === 'builtin') {
    const load = BUILTINS[source.name];
    if (!load) throw new CodemodError(`no built-in codemod named "${source.name}"`, `built-in codemods: ${BUILTIN_CODEMODS.join(', ')}`);
    return codemodFromModule(await load(), source.name)!;
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(source.url)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CodemodError(`cannot load the codemod ${source.label}: ${message}`);
  }
  const name = path.basename(source.label).replace(/\.[^.]+$/, '');
  const codemod = codemodFromModule(module, name);
  if (!codemod) {
    throw new CodemodError(`${source.label} exports no transform`, 'export a function transform(file, api, options), or make it the default export');
  }
  return codemod;
}

/** The `typescript` package: the codemod's project's own, else the one next to mainguard. */
async function importTypeScript(file: string): Promise<typeof TypeScript> {
  for (const from of [file, import.meta.url]) {
    let resolved: string;
    try {
      resolved = createRequire(from).resolve('typescript');
    } catch {
      continue;
    }
    const module = (await import(pathToFileURL(resolved).href)) as { default?: typeof TypeScript } & typeof TypeScript;
    return module.default ?? module;
  }
  throw new CodemodError(
    `cannot compile ${path.basename(file)}: the typescript package is not installed`,
    "npm install --save-dev typescript in the codemod's project, or compile the codemod to .js/.mjs",
  );
}

/**
 * Compiles a .ts codemod (types stripped, one file, no type check) to a hidden `.NAME.mainguard-PID-HEX.mjs`
 * next to it, so that its imports resolve as they would from the original; returns that file.
 */
async function compileTypeScript(file: string): Promise<string> {
  const ts = await importTypeScript(file);
  const result = ts.transpileModule(await readFile(file, 'utf8'), {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  const problem = result.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (problem) {
    const line = problem.file && problem.start !== undefined ? `:${problem.file.getLineAndCharacterOfPosition(problem.start).line + 1}` : '';
    throw new CodemodError(`cannot compile ${file}${line}: ${ts.flattenDiagnosticMessageText(problem.messageText, ' ')}`);
  }
  const compiled = path.join(path.dirname(file), `.${path.basename(file)}.mainguard-${process.pid}-${randomBytes(4).toString('hex')}.mjs`);
  try {
    await writeFile(compiled, result.outputText, { flag: 'wx' });
  } catch (error) {
    throw new CodemodError(`cannot write the compiled copy of ${file}: ${(error as Error).message}`, 'compile the codemod to .js/.mjs yourself');
  }
  return compiled;
}

/**
 * Finds and loads the codemod `ref` names: a built-in name (`main-guard`) or the path, relative to
 * `cwd`, of a .js/.mjs/.cjs module, or of a .ts/.mts one (compiled first, see compileTypeScript).
 */
export async function prepareCodemod(ref: string, cwd: string): Promise<PreparedCodemod> {
  const nothing = async (): Promise<void> => {};
  if (Object.hasOwn(BUILTINS, ref)) {
    const source: CodemodSource = { kind: 'builtin', name: ref };
    return { codemod: await loadCodemod(source), source, dispose: nothing };
  }
  const file = path.resolve(cwd, ref);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    throw new CodemodError(`no codemod "${ref}": neither a built-in name nor a file`, `built-in codemods: ${BUILTIN_CODEMODS.join(', ')}; or the path of a .js, .mjs or .ts module`);
  }
  const extension = path.extname(file).toLowerCase();
  if (JS_EXTENSIONS.has(extension)) {
    const source: CodemodSource = { kind: 'module', url: pathToFileURL(file).href, label: ref };
    return { codemod: await loadCodemod(source), source, dispose: nothing };
  }
  if (!TS_EXTENSIONS.has(extension)) {
    throw new CodemodError(`cannot load ${ref}: a codemod is a .js, .mjs, .cjs or .ts module`);
  }
  const compiled = await compileTypeScript(file);
  const dispose = (): Promise<void> => unlink(compiled).catch(() => undefined);
  try {
    const source: CodemodSource = { kind: 'module', url: pathToFileURL(compiled).href, label: ref };
    return { codemod: await loadCodemod(source), source, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
