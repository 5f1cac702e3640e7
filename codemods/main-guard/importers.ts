// Who imports a module, as the codemod sees it: the files of the tree that import it (from the
// project index), and the test runners, which import a test module by its name although no file
// of the tree does.
import type { ImportingFile, SourceFile } from '../../src/codemod.js';

/**
 * A file of the tree that imports the module, with the names it uses (`uses` finds those the
 * index deferred); or the test runners that import a test module.
 */
export type Importer = ({ kind: 'file'; uses?: () => string[] | 'all' } & ImportingFile) | { kind: 'test-runners' };

// pytest's default names of test modules, and its conftest.py.
const TEST_MODULE = /^(?:test_.*|.*_test|conftest)\.py$/;
const TEST_RUNNERS = 'test runners (test_*.py, *_test.py, conftest.py)';

/** Who imports the file: the files of the tree (undefined when nobody knows, as for stdin), and the test runners for a test module. */
export function importersOf(file: SourceFile, basename: string): Importer[] | undefined {
  const { namesUsedBy } = file;
  const files = file.importedBy?.map((i): Importer => {
    if (!i.deferred) return { kind: 'file', ...i };
    // Without a way to find the deferred reads, the file may use any name.
    return { kind: 'file', ...i, uses: namesUsedBy ? () => namesUsedBy(i) : () => 'all' };
  });
  if (!TEST_MODULE.test(basename)) return files;
  return [{ kind: 'test-runners' }, ...(files ?? [])];
}

/** How a report names an importer: the file's path, or the test runners and the names they import. */
export function importerName(importer: Importer): string {
  return importer.kind === 'file' ? importer.path : TEST_RUNNERS;
}

/**
 * The module-level names an importer takes or reads, the deferred reads found first: test runners
 * take none by name; what their tests call reads the module's globals, which the caller adds for
 * every importer.
 */
export function namesUsedBy(importer: Importer): string[] | 'all' {
  if (importer.kind !== 'file') return [];
  return importer.uses ? importer.uses() : importer.names;
}

/** The clause a report gives for an importer's use of a name: `b.py imports data`, `test runners (...) import data (through check)`. */
export function importerUses(importer: Importer, name: string, through?: string): string {
  const via = through === undefined ? '' : ` (through ${through})`;
  return importer.kind === 'file' ? `${importer.path}${via} imports ${name}` : `${TEST_RUNNERS} import ${name}${via}`;
}
