import { type Codemod, type CodemodApi, type CodemodOptions, FileError, type Finding, type ReportEntry, SkipFile, type SourceFile } from '../codemod.js';

/** The outcome of one codemod on one file: plain data, safe to post between threads. */
export interface CodemodResult {
  status: 'changed' | 'unchanged' | 'skipped' | 'failed';
  path: string;
  /** The new text, present only when status is `changed`. */
  output?: string;
  findings: Finding[];
  entries: ReportEntry[];
  /** Why the file was skipped or failed. */
  reason?: string;
  /** 1-based line the reason points at. */
  reasonLine?: number;
  /** For `skipped`: `refused` (a rewrite would change behaviour) or `ignored` (out of scope). */
  skipKind?: 'refused' | 'ignored';
}

/** Runs a codemod on one file; never throws: a throwing transform becomes a `failed` result. */
export function runCodemod(codemod: Codemod, file: SourceFile, options: CodemodOptions = {}): CodemodResult {
  const findings: Finding[] = [];
  const entries: ReportEntry[] = [];
  const api: CodemodApi = {
    report: (finding) => findings.push(finding),
    describe: (entry) => entries.push(entry),
    skip: (reason, options) => {
      throw new SkipFile(reason, options);
    },
  };
  try {
    const output: unknown = codemod.transform(file, api, options);
    if (output === undefined || output === null || output === file.source) {
      return { status: 'unchanged', path: file.path, findings, entries };
    }
    if (typeof output !== 'string') {
      const what = output instanceof Promise ? 'a Promise (transforms must be synchronous)' : `a ${typeof output}, not a string`;
      return { status: 'failed', path: file.path, findings, entries, reason: `${codemod.meta.name} returned ${what}` };
    }
    return { status: 'changed', path: file.path, output, findings, entries };
  } catch (error) {
    if (error instanceof SkipFile) {
      return {
        status: 'skipped',
        path: file.path,
        findings,
        entries,
        reason: error.message,
        reasonLine: error.line,
        skipKind: error.kind,
      };
    }
    if (error instanceof FileError) {
      return { status: 'failed', path: file.path, findings, entries, reason: error.message, reasonLine: error.line };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'failed', path: file.path, findings, entries, reason: `${codemod.meta.name} crashed: ${message}` };
  }
}
