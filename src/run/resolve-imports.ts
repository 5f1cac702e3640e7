// Resolves what each file of the tree imports to files of the same tree, as Python would find them:
// relative imports against their package, absolute ones from the importing file's folder (as for a
// script) and from each folder above it that holds files of the tree (the roots a project runs or
// is installed from); packages by `__init__.py`, namespace packages by folder.
import * as path from 'node:path';
import { DEFERRED_READS, type ImportingFile, type ModuleReference } from '../codemod.js';
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
 * that holds one (the folders above the files too, as the resolver looks up from them). A folder's
 * is there a second time as `/name`, which no module name can be: what IndexContext.hasFolder asks.
 */
export function treeNames(files: DiscoveredFile[]): Set<string> {
  const names = new Set(files.map((file) => moduleName(file.absPath)));
  for (const dir of foldersOf(files)) names.add(path.basename(dir)).add(`/${path.basename(dir)}`);
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

/** A folder of the tree as the resolver walks it: what it holds, by the name an import gives it. */
interface Folder {
  folders: Map<string, Folder>;
  /** `a` → the absolute path of this folder's `a.py`. */
  modules: Map<string, string>;
  /** The absolute path of this folder's `__init__.py`, when it has one. */
  init?: string;
}

/** A resolver for the files of `files`, the whole tree: what can be imported is known before any file is added. */
export function importResolver(files: DiscoveredFile[]): ImportResolver {
  const nodes = folderTree(files);
  const uses = new Map<string, Map<string, Set<string> | 'all'>>();
  // Target → importer → the references through which it binds the target, its reads deferred (`0:a.b` for `0:a.b.?`).
  const deferred = new Map<string, Map<string, { absPath: string; through: Set<string> }>>();
  const record = (target: string, importer: DiscoveredFile, name: string | undefined, level: number, dotted: string): void => {
    if (target === importer.absPath) return;
    let byImporter = uses.get(target);
    if (!byImporter) uses.set(target, (byImporter = new Map()));
    const current = byImporter.get(importer.path);
    if (name === DEFERRED_READS) {
      // Built only here: a string per reference is what the resolver's reading in place avoids.
      const through = `${level}:${dotted.slice(0, -2)}`;
      let byFile = deferred.get(target);
      if (!byFile) deferred.set(target, (byFile = new Map()));
      const reads = byFile.get(importer.path);
      if (reads) reads.through.add(through);
      else byFile.set(importer.path, { absPath: importer.absPath, through: new Set([through]) });
      name = undefined;
    }
    if (current === 'all') return;
    if (name === '*') byImporter.set(importer.path, 'all');
    else if (current === undefined) byImporter.set(importer.path, name === undefined ? new Set() : new Set([name]));
    else if (name !== undefined) current.add(name);
  };
  // By the folder a reference is looked up from and its level: where to look, and what each dotted
  // path resolved to there (files of one folder import much the same).
  type Lookup = { bases: Folder[]; resolved: Map<string, [string, string | undefined][]> };
  const lookups = new Map<string, Lookup>();

  const add = (file: DiscoveredFile, references: string | undefined): void => {
    if (!references) return;
    const folder = path.dirname(file.absPath);
    const byLevel: (Lookup | undefined)[] = [];
    // Read in place: two fresh strings a line (split, then slice) cost more than resolving it.
    for (let at = 0, stop = 0; at < references.length; at = stop + 1) {
      const end = references.indexOf('\n', at);
      stop = end === -1 ? references.length : end;
      const colon = references.indexOf(':', at);
      const level = colon === -1 || colon > stop ? -1 : levelOf(references, at, colon);
      // Not a line encodeReferences writes (a cache file edited by hand).
      if (level < 0) continue;
      const dotted = references.slice(colon + 1, stop);
      let lookup = byLevel[level];
      if (!lookup) {
        const key = `${level}:${folder}`;
        lookup = lookups.get(key);
        if (!lookup) lookups.set(key, (lookup = { bases: basesFor(file.absPath, level, nodes), resolved: new Map() }));
        byLevel[level] = lookup;
      }
      let targets = lookup.resolved.get(dotted);
      if (!targets) {
        const parts = dotted.split('.');
        const hits: [string, string | undefined][] = [];
        for (const base of lookup.bases) if (resolveOne(base, parts, level > 0, hits)) break;
        lookup.resolved.set(dotted, (targets = hits));
      }
      for (const [target, name] of targets) record(target, file, name, level, dotted);
    }
  };

  const importers = (): ImportersByFile => {
    const result: ImportersByFile = new Map();
    for (const [target, byImporter] of uses) {
      const reads = deferred.get(target);
      const importers = [...byImporter].map(([importer, names]): ImportingFile => {
        const found = { path: importer, names: names === 'all' ? ('all' as const) : [...names].sort() };
        const read = names === 'all' ? undefined : reads?.get(importer);
        return read ? { ...found, deferred: { absPath: read.absPath, through: [...read.through].sort() } } : found;
      });
      result.set(
        target,
        importers.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      );
    }
    return result;
  };
  return { add, importers };
}

/** Every folder that holds a file of `files`, and every folder above it, by absolute path, each linked to what it holds. */
function folderTree(files: DiscoveredFile[]): Map<string, Folder> {
  const nodes = new Map<string, Folder>();
  const folderAt = (dir: string): Folder => {
    let node = nodes.get(dir);
    if (node) return node;
    nodes.set(dir, (node = { folders: new Map(), modules: new Map() }));
    const parent = path.dirname(dir);
    if (parent !== dir) folderAt(parent).folders.set(path.basename(dir), node);
    return node;
  };
  for (const file of files) {
    const node = folderAt(path.dirname(file.absPath));
    const name = path.basename(file.absPath);
    if (!name.endsWith('.py')) continue;
    node.modules.set(name.slice(0, -3), file.absPath);
    if (name === '__init__.py') node.init = file.absPath;
  }
  return nodes;
}

/** Where a reference is looked up: its package for a relative one, else the file's folder and the folders above it. */
function basesFor(file: string, level: number, nodes: Map<string, Folder>): Folder[] {
  let dir = path.dirname(file);
  if (level > 0) {
    for (let up = 1; up < level; up++) dir = path.dirname(dir);
    const node = nodes.get(dir);
    return node ? [node] : [];
  }
  const bases: Folder[] = [];
  for (let node = nodes.get(dir); node; node = nodes.get(dir)) {
    bases.push(node);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return bases;
}

/**
 * Resolves one dotted path under `base`, adding to `hits` each module it imports and the name it
 * uses there: the longest prefix that is a module file is what is imported, the next part the
 * name it uses; the packages on the way are imported too, each using the next part. Returns false
 * when no prefix is a file under this base.
 */
function resolveOne(base: Folder, parts: string[], relative: boolean, hits: [string, string | undefined][]): boolean {
  const last = parts[parts.length - 1];
  const count = last === '*' || last === DEFERRED_READS ? parts.length - 1 : parts.length;
  // A longer prefix can be a module only inside the folder of the one before: walk down while
  // there is one, and keep the deepest module met. A package (`a/__init__.py`) is found before a
  // module of the same name (`a.py`), as Python's path finder does.
  const modules: (string | undefined)[] = [];
  let k = 0;
  let node: Folder | undefined = base;
  for (let depth = 1; node && depth <= count; depth++) {
    const name = parts[depth - 1]!;
    const folder: Folder | undefined = node.folders.get(name);
    const file = folder?.init ?? node.modules.get(name);
    modules.push(file);
    if (file) k = depth;
    node = folder;
  }
  if (k > 0) {
    hits.push([modules[k - 1]!, parts[k]]);
    for (let j = 1; j < k; j++) if (modules[j - 1]) hits.push([modules[j - 1]!, parts[j]]);
    return true;
  }
  if (!relative || !base.init) return false;
  // `from . import x`, `from .. import *`: a name of the package itself.
  hits.push([base.init, parts[0]]);
  return true;
}

/** The decimal digits of `text` from `start` to `end` as a number; -1 when there are none or something else stands there. */
function levelOf(text: string, start: number, end: number): number {
  if (end === start) return -1;
  let level = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    level = level * 10 + digit;
  }
  return level;
}
