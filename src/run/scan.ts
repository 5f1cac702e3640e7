import type { Codemod, CodemodOptions } from '../codemod.js';
import type { DiscoveredFile } from '../files/discover.js';
import { readPythonSource, type SourceEncoding, type SourceRead } from '../files/source.js';
import { type CodemodResult, runCodemod } from './runner.js';

/** A codemod's result on one file, with what is needed to write the file back safely. */
export interface ScannedFile extends CodemodResult {
  absPath: string;
  /** The bytes that were read: a write goes ahead only if the file still holds exactly these. */
  original?: Buffer;
  encoding?: SourceEncoding;
  /** The decoded text that was transformed, kept only for changed files (to diff against). */
  source?: string;
}

// Trees live in native memory freed only after the event loop turns: yield every few files.
const FILES_BETWEEN_YIELDS = 32;

/** Runs a codemod on a file already read and decoded (from disk or stdin); a read error becomes a `failed` result. */
export function scanSource(file: DiscoveredFile, read: SourceRead, codemod: Codemod, options: CodemodOptions): ScannedFile {
  if (!read.ok) {
    return { status: 'failed', path: file.path, absPath: file.absPath, findings: [], entries: [], reason: read.reason };
  }
  const result = runCodemod(codemod, { path: file.path, source: read.text }, options);
  const source = result.status === 'changed' ? read.text : undefined;
  return { ...result, absPath: file.absPath, original: read.bytes, encoding: { encoding: read.encoding, bom: read.bom }, source };
}

/** Reads, decodes and transforms one file; never throws. */
export async function scanFile(file: DiscoveredFile, codemod: Codemod, options: CodemodOptions): Promise<ScannedFile> {
  return scanSource(file, await readPythonSource(file.absPath), codemod, options);
}

/** Reads, decodes and transforms each file in order, in this thread; a file that cannot be read becomes a `failed` result. */
export async function scanFiles(files: DiscoveredFile[], codemod: Codemod, options: CodemodOptions, onProgress?: (done: number, total: number) => void): Promise<ScannedFile[]> {
  const results: ScannedFile[] = [];
  for (const [index, file] of files.entries()) {
    results.push(await scanFile(file, codemod, options));
    onProgress?.(index + 1, files.length);
    if ((index + 1) % FILES_BETWEEN_YIELDS === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return results;
}
