// The project index's scan of one file, given the names of the tree's modules: what it keeps is
// what can resolve to a file of the tree, and nothing that could is dropped.
import { describe, expect, it } from 'vitest';
import { indexImports } from '../codemods/main-guard/imports.js';
import { encodeReferences } from '../src/run/resolve-imports.js';

/** The references of `source` in a tree whose modules are `names`, as they cross to the resolver, and the names asked about that are not in it. */
function scan(source: string, names: string[]): { lines: string[]; outside: string[] } {
  const outside = new Set<string>();
  const inTree = (name: string): boolean => {
    if (names.includes(name)) return true;
    outside.add(name);
    return false;
  };
  const encoded = encodeReferences(indexImports(source, { inTree }));
  return { lines: encoded === '' ? [] : encoded.split('\n'), outside: [...outside].sort() };
}

describe('indexImports in a tree', () => {
  it.each([
    { name: 'a module of the tree and the names read from it', source: 'import cfg\nprint(cfg.DEBUG)\n', names: ['cfg'], lines: ['0:cfg', '0:cfg.DEBUG'], outside: [] },
    { name: 'a module outside the tree: nothing, and its name is remembered', source: 'import os\nprint(os.sep)\n', names: ['cfg'], lines: [], outside: ['os'] },
    { name: 'a name taken from a module of the tree', source: 'from cfg import DEBUG\nprint(DEBUG.x)\n', names: ['cfg'], lines: ['0:cfg.DEBUG'], outside: ['DEBUG'] },
    {
      name: 'a submodule taken from a package of the tree: its attributes are read',
      source: 'from pkg import mod\nprint(mod.VALUE)\n',
      names: ['pkg', 'mod'],
      lines: ['0:pkg.mod', '0:pkg.mod.VALUE'],
      outside: [],
    },
    { name: 'a relative import is kept whatever its names', source: 'from . import helpers\nhelpers.run()\n', names: [], lines: ['1:helpers'], outside: ['helpers'] },
    {
      name: 'a relative submodule of the tree',
      source: 'from .sub import mod\nmod.run()\n',
      names: ['sub', 'mod'],
      lines: ['1:sub.mod', '1:sub.mod.run'],
      outside: [],
    },
    {
      name: 'a literal dynamic import of a module of the tree',
      source: 'import importlib\nm = importlib.import_module("plugins.a")\n',
      names: ['plugins'],
      lines: ['0:plugins.a.*'],
      outside: ['importlib'],
    },
    { name: 'a literal dynamic import of one outside it', source: 'mod = __import__("json")\n', names: ['plugins'], lines: [], outside: ['json'] },
    {
      name: 'an import from outside the tree hides the module bound before it by the same name',
      source: 'import cfg\nfrom six.moves import cfg\nprint(cfg)\n',
      names: ['cfg'],
      lines: ['0:cfg'],
      outside: ['six'],
    },
  ])('$name', ({ source, names, lines, outside }) => {
    expect(scan(source, names)).toEqual({ lines, outside });
  });

  it('over a tree of every name, the scan finds what it finds without a tree', () => {
    const source = 'import os, sys as system\nfrom a.b import c\nfrom . import d\nos.path.join(system.argv)\nc.x\nd.y\n__import__("e.f")\n';
    expect(scan(source, ['os', 'sys', 'a', 'b', 'c', 'd', 'e', 'f']).lines).toEqual(encodeReferences(indexImports(source)).split('\n'));
  });
});

/** As `scan`, with the reads through a module's bound name deferred, in a tree whose folders are `folders`. */
function scanDeferred(source: string, names: string[], folders: string[]): string[] {
  const hasFolder = (name: string): boolean => folders.includes(name);
  const encoded = encodeReferences(indexImports(source, { inTree: (name) => names.includes(name) || folders.includes(name), hasFolder, deferReads: true }));
  return encoded === '' ? [] : encoded.split('\n');
}

describe('indexImports with the reads deferred', () => {
  it.each([
    { name: 'a module: one `?` reference instead of its reads', source: 'import cfg\nprint(cfg.DEBUG, cfg.LEVEL)\n', folders: [], lines: ['0:cfg', '0:cfg.?'] },
    { name: 'a module bound by another name', source: 'import tools.cfg as c\nc.DEBUG\n', folders: ['tools'], lines: ['0:tools.cfg', '0:tools.cfg.?'] },
    { name: 'a submodule taken from a package', source: 'from pkg import mod\nmod.VALUE\n', folders: ['pkg'], lines: ['0:pkg.mod', '0:pkg.mod.?'] },
    { name: 'a relative submodule', source: 'from . import helpers\nhelpers.run()\n', folders: [], lines: ['1:helpers', '1:helpers.?'] },
    // `import pkg` then `pkg.sub.x`: the reads of a package can be of its own modules, whose importers the index must know.
    { name: 'a package: its reads are looked for now', source: 'import pkg\npkg.sub.x\n', folders: ['pkg'], lines: ['0:pkg', '0:pkg.sub.x'] },
  ])('$name', ({ source, folders, lines }) => {
    expect(scanDeferred(source, ['cfg', 'tools', 'pkg', 'mod', 'helpers', 'sub'], folders)).toEqual(lines);
  });

  it('asked for the reads through one binding (readsThrough), the scan looks for those alone', () => {
    const source = 'import cfg\nimport tools.log as log\ncfg.DEBUG\nlog.write(cfg.LEVEL)\n';
    expect(encodeReferences(indexImports(source, { inTree: () => true, readsThrough: new Set(['0:tools.log']) }))).toBe('0:cfg\n0:tools.log\n0:tools.log.write');
  });

  it('without hasFolder, nothing is deferred', () => {
    expect(encodeReferences(indexImports('import cfg\ncfg.DEBUG\n', { inTree: () => true, deferReads: true }))).toBe('0:cfg\n0:cfg.DEBUG');
  });
});
