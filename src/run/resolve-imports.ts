// Resolves what each file of the tree imports to files of the same tree, as Python would find them:
// relative imports against their package, absolute ones from the importing file's folder (as for a
// script) and from each folder above it that holds files of the tree (the roots a project runs or
// is installed from); packages by `__init__.py`, namespace packages by folder.
import * as path from 'node:path';
import type { ImportingFile, ModuleReference } from '../codemod.js';
import type { DiscoveredFile } from '../files/discover.js';

/** For each file (by absolute path), the files that import it and which of its names they use. */
export type ImportersByFile = Map<string, ImportingFile[]>;

/**
 * A file's references as they cross between threads and are kept in the cache: one line per
 * reference, its level and dotted path (`0:os.path.join`, `1:models.*`), far cheaper to post and
 * keep than objects. A path part that could not be a name (empty, or holding a dot, colon or line
 * break) makes no line.
 */
export function encodeReferences(references: ModuleReference[]): string {
  const lines: string[] = [];
  for (const { level, path: parts } of references) {
    if (!Number.isInteger(level) || level < 0 || !Array.isArray(parts) || parts.length === 0) continue;
    if (parts.some((part) => typeof part !== 'string' || part === '' || /[.:\r\n]/.test(part))) continue;
    lines.push(`${level}:${parts.join('.')}`);
  }
  return lines.join('\n');
}

/**
 * The names a module of the tree can be imported by: each file's without `.py`, and each folder's
 * that holds one (the folders above the files too, as the resolver looks up from them).
 */
export function treeNames(files: DiscoveredFile[]): Set<string> {
  const names = new Set(files.map((file) => moduleName(file.absPath)));
  for (const dir of foldersOf(files)) names.add(path.basename(dir));
  return names;
}

/** Every folder that holds a file of `files`, and every folder above it. */
function foldersOf(files: DiscoveredFile[]): Set<string> {
  const folders = new Set<string>();
  for (const file of files) {
    for (let dir = path.dirname(file.absPath); !folders.has(dir); dir = path.dirname(dir)) {
      folders.add(dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  return folders;
}

/** The name a file is imported by: `a` for `a.py`. */
function moduleName(file: string): string {
  return path.basename(file).replace(/\.py$/, '');
}

/** Whether the names a file's index was told are not in the tree (as IndexedFile.outside lists them) are still none of `names`. */
export function stillOutside(outside: string | undefined, names: ReadonlySet<string>): boolean {
  return outside === undefined || outside.split('\n').every((name) => !names.has(name));
}

/** Resolves the references of the files of one tree, a file at a time, as the index finds them. */
export interface ImportResolver {
  /** Resolves what `file` (of the tree) references, as `encodeReferences` wrote it; undefined: it could not be read. Each file once. */
  add(file: DiscoveredFile, references: string | undefined): void;
  /** For each file, who imports it, from the files added so far. */
  importers(): ImportersByFile;
}

/** A resolver for the files of `files`, the whole tree: what can be imported is known before any file is added. */
export function importResolver(files: DiscoveredFile[]): ImportResolver {
  const known = new Set(files.map((f) => f.absPath));
  const folders = foldersOf(files);
  const uses = new Map<string, Map<string, Set<string> | 'all'>>();
  const record = (target: string, importer: DiscoveredFile, name: string | undefined): void => {
    if (target === importer.absPath) return;
    let byImporter = uses.get(target);
    if (!byImporter) uses.set(target, (byImporter = new Map()));
    const current = byImporter.get(importer.path);
    if (current === 'all') return;
    if (name === '*') return void byImporter.set(importer.path, 'all');
    const names = current ?? new Set<string>();
    if (name !== undefined) names.add(name);
    byImporter.set(importer.path, names);
  };
  // What each folder holds, by the name an import gives it: `a` for `a.py` and for the folder `a/`.
  const children = new Map<string, Set<string>>();
  for (const dir of folders) {
    const parent = path.dirname(dir);
    if (parent !== dir) addTo(children, parent, path.basename(dir));
  }
  for (const file of known) addTo(children, path.dirname(file), moduleName(file));
  const found = new Map<string, string | undefined>();
  const moduleFile = (base: string, parts: string[]): string | undefined => {
    if (parts.length > 0 && !children.get(base)?.has(parts[0]!)) return undefined;
    const stem = parts.length > 0 ? base + path.sep + parts.join(path.sep) : base;
    if (found.has(stem)) return found.get(stem);
    const init = stem + path.sep + '__init__.py';
    const file = parts.length > 0 && known.has(`${stem}.py`) ? `${stem}.py` : known.has(init) ? init : undefined;
    found.set(stem, file);
    return file;
  };
  const isFolder = (base: string, parts: string[]): boolean => folders.has(base + path.sep + parts.join(path.sep));
  // By the folder a reference is looked up from and its level: where to look, and what each dotted
  // path resolved to there (files of one folder import much the same).
  type Lookup = { bases: string[]; resolved: Map<string, [string, string | undefined][]> };
  const lookups = new Map<string, Lookup>();

  const add = (file: DiscoveredFile, references: string | undefined): void => {
    if (!references) return;
    const folder = path.dirname(file.absPath);
    const byLevel: (Lookup | undefined)[] = [];
    for (const line of references.split('\n')) {
      const colon = line.indexOf(':');
      const level = Number(line.slice(0, colon));
      const dotted = line.slice(colon + 1);
      let lookup = byLevel[level];
      if (!lookup) {
        const key = `${level}:${folder}`;
        lookup = lookups.get(key);
        if (!lookup) lookups.set(key, (lookup = { bases: basesFor(file.absPath, level, folders), resolved: new Map() }));
        byLevel[level] = lookup;
      }
      let targets = lookup.resolved.get(dotted);
      if (!targets) {
        const parts = dotted.split('.');
        const hits: [string, string | undefined][] = [];
        for (const base of lookup.bases) {
          // Most references name modules outside the tree (`os`, `sys`): one lookup rules a base out.
          if (level === 0 && !children.get(base)?.has(parts[0]!)) continue;
          if (resolveOne(base, parts, level > 0, moduleFile, isFolder, (target, name) => hits.push([target, name]))) break;
        }
        lookup.resolved.set(dotted, (targets = hits));
      }
      for (const [target, name] of targets) record(target, file, name);
    }
  };

  const importers = (): ImportersByFile => {
    const result: ImportersByFile = new Map();
    for (const [target, byImporter] of uses) {
      const importers = [...byImporter].map(([importer, names]) => ({ path: importer, names: names === 'all' ? ('all' as const) : [...names].sort() }));
      result.set(
        target,
        importers.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      );
    }
    return result;
  };
  return { add, importers };
}

/** Where a reference is looked up: its package for a relative one, else the file's folder and the folders above it. */
function basesFor(file: string, level: number, folders: Set<string>): string[] {
  let dir = path.dirname(file);
  if (level > 0) {
    for (let up = 1; up < level; up++) dir = path.dirname(dir);
    return [dir];
  }
  const bases: string[] = [];
  while (folders.has(dir)) {
    bases.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return bases;
}

/**
 * Resolves one dotted path under `base`: the longest prefix that is a module file is what is
 * imported, the next part the name it uses; the packages on the way are imported too, each using
 * the next part. Returns false when no prefix is a file under this base.
 */
function resolveOne(
  base: string,
  parts: string[],
  relative: boolean,
  moduleFile: (base: string, parts: string[]) => string | undefined,
  isFolder: (base: string, parts: string[]) => boolean,
  record: (target: string, name: string | undefined) => void,
): boolean {
  const names = parts[parts.length - 1] === '*' ? parts.slice(0, -1) : parts;
  // A longer prefix can be a module only inside the folder of the one before: walk down while
  // there is one, and keep the deepest module met.
  let target: string | undefined;
  let k = 0;
  for (let depth = 1; depth <= names.length; depth++) {
    const prefix = names.slice(0, depth);
    const file = moduleFile(base, prefix);
    if (file) [target, k] = [file, depth];
    if (!isFolder(base, prefix)) break;
  }
  if (target) {
    record(target, parts[k]);
    for (let j = 1; j < k; j++) {
      const pkg = moduleFile(base, names.slice(0, j));
      if (pkg) record(pkg, names[j]);
    }
    return true;
  }
  if (!relative) return false;
  // `from . import x`, `from .. import *`: a name of the package itself.
  const init = moduleFile(base, []);
  if (init) record(init, parts[0]);
  return init !== undefined;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
