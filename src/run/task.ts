import type { Codemod, CodemodOptions } from '../codemod.js';
import type { DiscoveredFile } from '../files/discover.js';
import { encodePythonSource } from '../files/source.js';
import { renderDiff } from '../report/diff.js';
import type { CodemodResult } from './runner.js';
import { type ScannedFile, scanFile } from './scan.js';

/** What is asked of every file besides the transform; plain data, posted to workers as is. */
export interface TaskOptions {
  /** Passed to the codemod's `transform` as its `options`. */
  codemodOptions: CodemodOptions;
  /**
   * Render the unified diff of each changed file, with or without colors: as `text` to show (the
   * decoded lines), or as a `patch` (the file's own bytes, whatever its encoding, for git apply).
   */
  diff?: { form: 'text' | 'patch' };
}

/** One file's outcome as plain, structured-clone-safe data: the codemod's result and, when changed, the bytes to write. */
export interface FileOutcome extends Omit<CodemodResult, 'output'> {
  /** The file's real absolute path: the one to write. */
  absPath: string;
  /** For `changed`: the bytes that were read; the file is written only if it still holds exactly these. */
  original?: Buffer;
  /** For `changed`: the new contents, encoded as the file was (its encoding and BOM kept). */
  data?: Buffer;
  /** For `changed`, when `TaskOptions.diff` asks for text: the unified diff from `a/PATH` to `b/PATH`, to show. */
  diff?: string;
  /** For `changed`, when `TaskOptions.diff` asks for a patch: the same diff as bytes, its lines in the file's encoding. */
  patch?: Buffer;
}

// Trees live in native memory freed only after the event loop turns: yield every few files.
const FILES_BETWEEN_YIELDS = 32;

/**
 * Turns a scanned file into its outcome: a change is encoded back in the file's own encoding (a
 * character it cannot hold makes the file `failed`) and diffed when asked; the text and, for files
 * that did not change, the bytes read are dropped, so that little crosses between threads.
 */
export function finishOutcome(scanned: ScannedFile, options: TaskOptions): FileOutcome {
  const { output, source, original, encoding, ...rest } = scanned;
  if (scanned.status !== 'changed' || output === undefined || source === undefined || encoding === undefined || original === undefined) return rest;
  const data = encodePythonSource(output, encoding);
  if (!Buffer.isBuffer(data)) return { ...rest, status: 'failed', reason: data.error };
  if (!options.diff) return { ...rest, original, data };
  if (options.diff.form === 'patch') {
    // Diffing the bytes as latin-1 strings keeps every byte; the header is ASCII (jsdiff quotes other names).
    const patch = renderDiff(scanned.path, original.toString('latin1'), data.toString('latin1'), { color: false });
    return { ...rest, original, data, patch: Buffer.from(patch, 'latin1') };
  }
  const bom = encoding.bom ? '\uFEFF' : '';
  return { ...rest, original, data, diff: renderDiff(scanned.path, bom + source, bom + output, { color: false }) };
}

/** Reads, decodes, transforms, encodes and diffs one file; never throws. */
export async function processFile(file: DiscoveredFile, codemod: Codemod, options: TaskOptions): Promise<FileOutcome> {
  try {
    return finishOutcome(await scanFile(file, codemod, options.codemodOptions), options);
  } catch (error) {
    // runCodemod and readPythonSource do not throw: this is a bug, kept to this one file.
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'failed', path: file.path, absPath: file.absPath, findings: [], entries: [], reason: `internal error: ${message}` };
  }
}

/**
 * Processes files one after the other in this thread, reporting each outcome with its index in
 * `files`; yields to the event loop every few files so that parse trees are freed. The same code
 * runs in-process (`--jobs 1`) and inside each worker thread.
 */
export async function processFiles(files: DiscoveredFile[], codemod: Codemod, options: TaskOptions, onOutcome: (index: number, outcome: FileOutcome) => void): Promise<void> {
  for (const [index, file] of files.entries()) {
    onOutcome(index, await processFile(file, codemod, options));
    if ((index + 1) % FILES_BETWEEN_YIELDS === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}
