// The reads an importer makes through the name it binds a module to (`cfg.DEBUG` after
// `import cfg`), which the project index defers: found again in that importer's text when a
// transform asks for them, or when the review shows every importer's names.
import { readFileSync } from 'node:fs';
import type { Codemod, ImportingFile, IndexContext } from '../codemod.js';
import { importText } from '../files/source.js';
import { encodeReferences } from './resolve-imports.js';

/**
 * What the `index` step finds in a file, one reference a line, with the reads it deferred: every
 * name counts as in the tree (the reads through a deferred reference are the same as with the
 * tree's names, which only drop the reads of other modules); with `through`, only the reads
 * through those references are looked for. Undefined when the file cannot be read or the step throws.
 */
export function referencesWithReads(shown: string, absPath: string, codemod: Codemod, through?: ReadonlySet<string>): string[] | undefined {
  try {
    const tree: IndexContext = through ? { inTree: () => true, readsThrough: through } : { inTree: () => true };
    const references = codemod.index?.({ path: shown, source: importText(readFileSync(absPath)) }, tree);
    return Array.isArray(references) ? encodeReferences(references).split('\n') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Who imports a file with every name each uses, the deferred reads found (for the review, which
 * shows them): each importer's file is read once, however many of the lists it is in (`found`
 * keeps what was found in it between calls).
 */
export function withDeferredNames(importers: ImportingFile[], codemod: Codemod, found: Map<string, string[] | undefined>): ImportingFile[] {
  return importers.map((importer) => {
    if (!importer.deferred) return importer;
    const { absPath } = importer.deferred;
    if (!found.has(absPath)) found.set(absPath, referencesWithReads(importer.path, absPath, codemod));
    return { path: importer.path, names: namesThrough(importer, found.get(absPath)) };
  });
}

/**
 * The names `importer` uses, its deferred reads included, from `lines`, what the `index` step
 * finds in it with them: those it takes by name, and those read through each reference it binds
 * the module by (`x` of `0:a.x` for `0:a`; every name for `0:a.*`). `all` without the lines.
 */
export function namesThrough(importer: ImportingFile, lines: string[] | undefined): string[] | 'all' {
  if (!importer.deferred || importer.names === 'all') return importer.names;
  if (!lines) return 'all';
  const names = new Set(importer.names);
  for (const through of importer.deferred.through) {
    for (const line of lines) {
      if (!line.startsWith(through) || line.charCodeAt(through.length) !== 0x2e) continue;
      const dot = line.indexOf('.', through.length + 1);
      const name = line.slice(through.length + 1, dot === -1 ? undefined : dot);
      if (name === '*') return 'all';
      names.add(name);
    }
  }
  return [...names].sort();
}
