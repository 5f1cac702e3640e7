// What became of a file, in the one status vocabulary every output uses. Each stage (the codemod's
// result, the file's outcome, the reporters' view) adds its own fields to `changed`; `unchanged`,
// `skipped` and `failed` carry the same ones everywhere, so that only a status that has a field
// can be asked for it.

/** Why a file is left as it is: `refused` (a rewrite would change behaviour) or `ignored` (out of scope). */
export type SkipKind = 'refused' | 'ignored';

/** Nothing to rewrite, or a module left alone on purpose. */
export interface Unchanged {
  status: 'unchanged';
}

/** Left byte-identical by the codemod, with the reason shown to the user. */
export interface Skipped {
  status: 'skipped';
  skipKind: SkipKind;
  reason: string;
  /** 1-based line the reason points at, when there is one. */
  reasonLine?: number;
}

/** Could not be read, decoded, parsed, transformed or encoded. */
export interface Failed {
  status: 'failed';
  reason: string;
  /** 1-based line the reason points at, when there is one. */
  reasonLine?: number;
  /**
   * The rule whose finding reports this failure, when the codemod reports files it cannot read as
   * source as findings (MG000 for a file main-guard cannot decode or parse): the file is then a
   * finding of its own, not an error of the run.
   */
  findingCode?: string;
}

/** Whether a file is an error of the run (exit 2): it failed, and no finding reports it. */
export function isRunError(file: Verdict<{ status: 'changed' }>): boolean {
  return file.status === 'failed' && file.findingCode === undefined;
}

/** Whether a file was left alone as out of the codemod's scope (`__init__.py`, `setup.py`, a skip-file marker). */
export function isIgnored(file: Verdict<{ status: 'changed' }>): boolean {
  return file.status === 'skipped' && file.skipKind === 'ignored';
}

/** A file's status with the fields each one has; `Changed` is what a change holds at this stage. */
export type Verdict<Changed extends { status: 'changed' }> = Changed | Unchanged | Skipped | Failed;
