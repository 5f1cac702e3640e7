import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportingFile } from '../src/codemod.js';
import { importResolver } from '../src/run/resolve-imports.js';

// A tree that is never read: the resolver knows files by path alone.
const ROOT = path.resolve('/project');
const TREE = ['app.py', 'util.py', 'pkg/__init__.py', 'pkg/mod.py', 'pkg/sub/__init__.py', 'pkg/sub/deep.py', 'ns/part.py', 'tools/run.py', 'tools/helper.py', 'twin.py', 'twin/__init__.py'].map(
  (file) => ({ path: file, absPath: path.join(ROOT, ...file.split('/')) }),
);

/** Who imports what, by the paths as shown, after `importer` made these references (one `level:dotted.path` a line). */
function resolve(importer: string, references: string): Record<string, ImportingFile[]> {
  const resolver = importResolver(TREE);
  resolver.add(TREE.find((file) => file.path === importer)!, references);
  const byPath = new Map(TREE.map((file) => [file.absPath, file.path]));
  return Object.fromEntries([...resolver.importers()].map(([target, importers]) => [byPath.get(target), importers]));
}

describe('importResolver: references resolved to the files Python would import', () => {
  it('a module next to the importer, and the name read from it', () => {
    expect(resolve('app.py', '0:util.load')).toEqual({ 'util.py': [{ path: 'app.py', names: ['load'] }] });
  });

  it('a module of a folder above the importer (a root the project runs from)', () => {
    expect(resolve('tools/run.py', '0:util.load\n0:helper')).toEqual({
      'util.py': [{ path: 'tools/run.py', names: ['load'] }],
      'tools/helper.py': [{ path: 'tools/run.py', names: [] }],
    });
  });

  it('a dotted path through packages: each package on the way uses the next part', () => {
    expect(resolve('app.py', '0:pkg.sub.deep.walk')).toEqual({
      'pkg/__init__.py': [{ path: 'app.py', names: ['sub'] }],
      'pkg/sub/__init__.py': [{ path: 'app.py', names: ['deep'] }],
      'pkg/sub/deep.py': [{ path: 'app.py', names: ['walk'] }],
    });
  });

  it('a name of a package that is no module of it is read from its __init__.py', () => {
    expect(resolve('app.py', '0:pkg.VERSION')).toEqual({ 'pkg/__init__.py': [{ path: 'app.py', names: ['VERSION'] }] });
  });

  it('a namespace package (a folder without __init__.py) is walked into', () => {
    expect(resolve('app.py', '0:ns.part.x')).toEqual({ 'ns/part.py': [{ path: 'app.py', names: ['x'] }] });
  });

  it('a package is found before a module of the same name', () => {
    expect(resolve('app.py', '0:twin.x')).toEqual({ 'twin/__init__.py': [{ path: 'app.py', names: ['x'] }] });
  });

  it('relative imports against the importer package, one level per dot', () => {
    expect(resolve('pkg/sub/deep.py', '1:x\n2:mod.f\n2:*')).toEqual({
      'pkg/sub/__init__.py': [{ path: 'pkg/sub/deep.py', names: ['x'] }],
      'pkg/mod.py': [{ path: 'pkg/sub/deep.py', names: ['f'] }],
      'pkg/__init__.py': [{ path: 'pkg/sub/deep.py', names: 'all' }],
    });
  });

  it('`*` as the last part is every name; a module that imports itself is not its own importer', () => {
    expect(resolve('app.py', '0:util.*\n0:app.x')).toEqual({ 'util.py': [{ path: 'app.py', names: 'all' }] });
  });

  it('a deferred reference (`?`) names the module, and what the runner needs to find its reads', () => {
    expect(resolve('app.py', '0:util.load\n0:util.?\n0:pkg.mod.?')).toEqual({
      'util.py': [{ path: 'app.py', names: ['load'], deferred: { absPath: path.join(ROOT, 'app.py'), through: ['0:util'] } }],
      'pkg/__init__.py': [{ path: 'app.py', names: ['mod'] }],
      'pkg/mod.py': [{ path: 'app.py', names: [], deferred: { absPath: path.join(ROOT, 'app.py'), through: ['0:pkg.mod'] } }],
    });
  });

  it('a deferred reference of a name that is no module is that name; one of a file using every name defers nothing', () => {
    expect(resolve('pkg/mod.py', '1:VERSION.?\n0:util.*\n0:util.?')).toEqual({
      'pkg/__init__.py': [{ path: 'pkg/mod.py', names: ['VERSION'] }],
      'util.py': [{ path: 'pkg/mod.py', names: 'all' }],
    });
  });

  it('modules outside the tree, and lines no index writes, resolve to nothing', () => {
    expect(resolve('app.py', '0:os.path.join\n0:missing.x\nnot a line\n:util.a\nx:util.b\n0:util.c')).toEqual({ 'util.py': [{ path: 'app.py', names: ['c'] }] });
  });
});
