import * as path from 'node:path';
import { cleanStaleTempFiles, writeFileAtomic } from '../files/write.js';
import type { ChangeOutcome } from '../run/pipeline.js';

/** What became of one file with a change in `fix`. */
export type Fate =
  /** Rewritten on disk. */
  | 'written'
  /** Printed by a dry run: it would be written. */
  | 'pending'
  /** Answered "no". */
  | 'declined'
  /** Not asked: the user quit before. */
  | 'not-asked'
  /** Not written: the run was interrupted before. */
  | 'interrupted'
  /** Not written: the file no longer held the bytes that were read. */
  | 'conflict'
  /** Not written: the OS refused (permissions, disk full...). */
  | 'failed';

/** A change and its fate, with the one-line reason of a conflict or error. */
export interface AppliedChange {
  change: ChangeOutcome;
  fate: Fate;
  message?: string;
}

/**
 * Writes approved changes, one at a time, through writeFileAtomic and only if the file still
 * holds the bytes read. Before its first write, it removes the temporary files that a killed run
 * left in the folders of the changes; it never does while writes are under way, nor when nothing
 * is written.
 */
export class ChangeWriter {
  private cleaned = false;

  constructor(private readonly changes: readonly ChangeOutcome[]) {}

  /** Writes one change; its fate is `written`, `conflict` or `failed` (with the OS message). */
  async write(change: ChangeOutcome): Promise<AppliedChange> {
    if (!this.cleaned) {
      for (const dir of new Set(this.changes.map((x) => path.dirname(x.absPath)))) await cleanStaleTempFiles(dir);
      this.cleaned = true;
    }
    const written = await writeFileAtomic(change.absPath, change.data, change.original);
    return written.ok ? { change, fate: 'written' } : { change, fate: written.reason, message: written.message };
  }
}
