import picocolors from 'picocolors';
import type { EntryKindInfo, FileJudgement, Finding, ReportEntry } from '../codemod.js';
import { isRunError, type SkipKind, type Verdict } from '../status.js';
import type { RuleBook } from './rule-book.js';

/** What happened to one file, as the reporters see it (one status vocabulary everywhere). */
export type FileReport = {
  /** The path as the user sees it (relative to the working folder when possible). */
  path: string;
  /** The rule violations found, lines and columns 1-based. */
  findings: Finding[];
  /** The rewrite's report lines (moved, kept, global...), shown before approval. */
  entries?: ReportEntry[];
  /** What the codemod judged the file to be, and why (`--verbose`, JSON `kind` and `why`). */
  judgement?: FileJudgement;
} & Verdict<{ status: 'changed' }>;

/** Totals for formatSummary; countReports derives them from the reports. */
export interface SummaryCounts {
  /** Files checked (every report, whatever its status). */
  files: number;
  /** Files with at least one finding. */
  filesWithFindings: number;
  /** Findings in all files. */
  findings: number;
  /** Files that could not be checked (status `failed`). */
  errors: number;
}

/** Options shared by the text formatters. */
export interface TextOptions {
  /** Adds ANSI colors (bold paths, red/yellow codes and labels). */
  color: boolean;
}

/** Options of the formatters that show findings: the codemod's rules grade them (an `error` code is red). */
export interface FindingTextOptions extends TextOptions {
  rules: RuleBook;
}

/** Findings ordered by line, then column; the sort is stable, so equal positions keep their order. */
function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => a.line - b.line || a.column - b.column);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Keeps a message on its line: a line break inside it would read as another finding. */
const oneLine = (text: string): string => text.replace(/\s*\r?\n\s*/g, ' ');

const lineSuffix = (line: number | undefined): string => (line === undefined ? '' : `:${line}`);

/**
 * The findings of `check`, one line each, files in the order given and findings by position:
 * `path:line:col: CODE message`. A failed file adds `path: failed: reason` (unless a finding
 * reports it: a syntax error is `path:line:col: MG000 ...`), a refused one
 * `path: refused: reason`, before its findings; both become `path:line: ...` when the reason
 * has a line (e.g. a syntax error's).
 * Ignored files print nothing. Every line ends with a newline; "" when there is nothing to say.
 * With color: paths bold, MG002 (a crash under spawn) and `error` red, other codes and
 * `refused` yellow.
 */
export function formatFindingsText(reports: FileReport[], opts: FindingTextOptions): string {
  const c = picocolors.createColors(opts.color);
  const out: string[] = [];
  for (const report of reports) {
    const path = c.bold(report.path);
    if (report.status === 'failed' && isRunError(report)) {
      out.push(`${path}${lineSuffix(report.reasonLine)}: ${c.red('failed')}: ${oneLine(report.reason)}`);
    } else if (report.status === 'skipped' && report.skipKind === 'refused') {
      out.push(`${path}${lineSuffix(report.reasonLine)}: ${c.yellow('refused')}: ${oneLine(report.reason)}`);
    }
    for (const f of sortFindings(report.findings)) {
      const code = opts.rules.severity(f.code) === 'error' ? c.red(f.code) : c.yellow(f.code);
      out.push(`${path}:${f.line}:${f.column}: ${code} ${oneLine(f.message)}`);
    }
  }
  return out.map((line) => `${line}\n`).join('');
}

/**
 * `--verbose`: one line for every file left as it is on purpose — what it is and why
 * (`lib.py: library: imported by app.py`), or why it is out of scope (`pkg/__init__.py: ignored:
 * __init__.py is left alone by default; ...`). Dim with color; "" when there is none.
 */
export function formatLeftAlone(reports: FileReport[], opts: TextOptions): string {
  const c = picocolors.createColors(opts.color);
  const lines: string[] = [];
  for (const report of reports) {
    if (report.status === 'unchanged' && report.judgement) lines.push(`${c.bold(report.path)}: ${c.dim(report.judgement.kind)}: ${oneLine(report.judgement.why)}`);
  }
  return lines.map((line) => `${line}\n`).join('') + formatIgnoredText(reports, opts);
}

/**
 * Files left alone on purpose, one line each: `path[:line]: ignored: reason`, e.g.
 * `pkg/__init__.py: ignored: __init__.py is left alone by default; --include-init takes it in`.
 * Other reports print nothing. With color: paths bold, `ignored` dim.
 */
function formatIgnoredText(reports: FileReport[], opts: TextOptions): string {
  const c = picocolors.createColors(opts.color);
  return reports
    .map((report) => (report.status === 'skipped' && report.skipKind === 'ignored' ? `${c.bold(report.path)}${lineSuffix(report.reasonLine)}: ${c.dim('ignored')}: ${oneLine(report.reason)}\n` : ''))
    .join('');
}

/** Derives the summary totals from the reports: every report is a checked file. */
export function countReports(reports: FileReport[]): SummaryCounts {
  return {
    files: reports.length,
    filesWithFindings: reports.filter((r) => r.findings.length > 0).length,
    findings: reports.reduce((sum, r) => sum + r.findings.length, 0),
    errors: reports.filter((r) => r.status === 'failed').length,
  };
}

/**
 * The last line of `check`, ending with a newline:
 * `Found 12 findings in 4 files (120 files checked, 2 failed).`,
 * `All checks passed (120 files checked).`, `No findings (120 files checked, 2 failed).` when
 * some files could not be checked, `No files checked.` when there were none. Singular
 * where the count is 1. With color: the verdict is bold, red for findings, green for a pass,
 * yellow for errors.
 */
export function formatSummary(counts: SummaryCounts, opts: TextOptions): string {
  const c = picocolors.createColors(opts.color);
  const errors = counts.errors > 0 ? `, ${counts.errors} failed` : '';
  const checked = `(${plural(counts.files, 'file')} checked${errors}).`;
  if (counts.findings > 0) {
    const verdict = `Found ${plural(counts.findings, 'finding')} in ${plural(counts.filesWithFindings, 'file')}`;
    return `${c.bold(c.red(verdict))} ${checked}\n`;
  }
  if (counts.files === 0 && counts.errors === 0) return 'No files checked.\n';
  if (counts.errors > 0) return `${c.bold(c.yellow('No findings'))} ${checked}\n`;
  return `${c.bold(c.green('All checks passed'))} ${checked}\n`;
}

/** One file of the JSON report. */
interface JsonFile {
  path: string;
  status: FileReport['status'];
  findings: Array<Pick<Finding, 'code' | 'message' | 'line' | 'column'>>;
  error?: { message: string; line?: number };
  skip?: { kind: SkipKind; reason: string; line?: number };
  kind?: string;
  why?: string;
}

const lineField = (line: number | undefined): { line?: number } => (line === undefined ? {} : { line });

/**
 * The machine-readable report of `check` (its JSON output format), 2-space indented, ending with a newline.
 * Shape (version 1; fields are only ever added, and `version` changes if one is removed or
 * changes meaning):
 *
 * ```json
 * {
 *   "version": 1,
 *   "tool": { "name": "mainguard", "version": "0.1.0" },
 *   "files": [
 *     {
 *       "path": "scripts/train.py",
 *       "status": "unchanged",
 *       "kind": "script",
 *       "why": "line 12 calls Pool() at import time",
 *       "findings": [
 *         { "code": "MG002", "message": "...", "line": 12, "column": 1 }
 *       ]
 *     },
 *     { "path": "bad.py", "status": "failed", "findings": [],
 *       "error": { "message": "invalid syntax", "line": 3 } },
 *     { "path": "conf.py", "status": "skipped", "findings": [],
 *       "skip": { "kind": "refused", "reason": "...", "line": 7 } }
 *   ],
 *   "summary": {
 *     "files": 3, "findings": 1, "errors": 1,
 *     "byCode": { "MG001": 0, "MG002": 1, "MG003": 0, "MG004": 0 }
 *   }
 * }
 * ```
 *
 * - `files`: every file in the order given (the run's stable order); `path` as the user sees it.
 * - `status`: `changed` | `unchanged` | `skipped` | `failed`.
 * - `findings`: sorted by line, then column; `line` and `column` are 1-based.
 * - `error`: only for `failed` files; `line` only when the error points at one.
 * - `skip`: only for `skipped` files; `kind` is `refused` (a rewrite would change behaviour)
 *   or `ignored` (out of scope, e.g. `setup.py`); `line` only when known.
 * - `kind` and `why`: what the codemod judged the file to be (main-guard: `script`, `library`,
 *   `settings`, `definitions`) and why, when it said (not for files it could not read or parse).
 * - `summary.files`: files reported; `summary.errors`: `failed` files; `summary.byCode`:
 *   findings per code, every MG code present (0 when none), other codes added as seen, keys sorted.
 */
export function formatFindingsJson(reports: FileReport[], meta: { version: string; rules: RuleBook }): string {
  const byCode = new Map<string, number>(meta.rules.codes.map((code) => [code, 0]));
  const files = reports.map((report): JsonFile => {
    const findings = sortFindings(report.findings).map(({ code, message, line, column }) => {
      byCode.set(code, (byCode.get(code) ?? 0) + 1);
      return { code, message, line, column };
    });
    const file: JsonFile = { path: report.path, status: report.status, findings };
    if (report.judgement) Object.assign(file, { kind: report.judgement.kind, why: report.judgement.why });
    if (report.status === 'failed') {
      file.error = { message: report.reason, ...lineField(report.reasonLine) };
    } else if (report.status === 'skipped') {
      file.skip = { kind: report.skipKind, reason: report.reason, ...lineField(report.reasonLine) };
    }
    return file;
  });
  const counts = countReports(reports);
  const sortedByCode = Object.fromEntries([...byCode].sort(([a], [b]) => (a < b ? -1 : 1)));
  const document = {
    version: 1,
    tool: { name: 'mainguard', version: meta.version },
    files,
    summary: { files: counts.files, findings: counts.findings, errors: counts.errors, byCode: sortedByCode },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Options of formatEntries: the kinds the codemod declares color their words. */
export interface EntryTextOptions extends TextOptions {
  kinds?: readonly EntryKindInfo[];
}

/**
 * A file's rewrite report, shown before approval: one `  kind: message` line per entry, in the
 * order given, e.g. `  moved: lines 5-9, 12` or `  global: data, args`. The message is shown
 * as is (it names its own lines; `entry.line` is not repeated); a message's later lines are
 * indented four spaces. With color the kind word is colored: warning yellow, note dim, the
 * codemod's own kinds as it declares them (main-guard: moved green, kept cyan, global magenta),
 * others not at all. "" for no entries.
 */
export function formatEntries(entries: ReportEntry[], opts: EntryTextOptions): string {
  const c = picocolors.createColors(opts.color);
  const paint = new Map<string, (s: string) => string>([...(opts.kinds ?? []).map(({ kind, color }): [string, (s: string) => string] => [kind, c[color]]), ['warning', c.yellow], ['note', c.dim]]);
  return entries
    .map((entry) => {
      const kind = (paint.get(entry.kind) ?? ((s: string) => s))(entry.kind);
      return `  ${kind}: ${entry.message.replace(/\r?\n/g, '\n    ')}\n`;
    })
    .join('');
}

/** Why a file that `fix` or `run` scanned was left as it is (beyond `unchanged` and `failed`). */
export type SkipReason = 'refused' | 'ignored' | 'declined' | 'not-asked' | 'conflict' | 'interrupted';

/** How the summary line names each SkipReason. */
const SKIP_LABELS: Record<SkipReason, string> = {
  refused: 'refused',
  ignored: 'ignored',
  declined: 'declined',
  'not-asked': 'not asked',
  conflict: 'conflict',
  interrupted: 'interrupted',
};

/** Totals of a `fix` or `run`, for formatRunSummary. */
export interface RunCounts {
  /** Files read (discovery errors not included). */
  files: number;
  /** Files written, or that would change in a dry run. */
  changed: number;
  unchanged: number;
  /** Files left as they are, by reason. */
  skipped: Partial<Record<SkipReason, number>>;
  /** Files that could not be read, decoded, parsed, transformed or written, and paths that could not be walked. */
  failed: number;
  /** Wall-clock time of the run. */
  seconds: number;
}

/**
 * The last line of `fix` and `run`, ending with a newline, e.g.
 * `Scanned 41 files in 1.2s: 3 changed, 35 unchanged, 2 skipped (1 refused, 1 declined), 1 failed.`;
 * `would change` in a dry run. With color: changed green, skipped yellow, failed red when not 0.
 */
export function formatRunSummary(counts: RunCounts, opts: TextOptions & { dryRun: boolean }): string {
  const c = picocolors.createColors(opts.color);
  const reasons = (Object.keys(SKIP_LABELS) as SkipReason[]).filter((reason) => (counts.skipped[reason] ?? 0) > 0).map((reason) => `${counts.skipped[reason]} ${SKIP_LABELS[reason]}`);
  const skipped = reasons.length === 0 ? 0 : Object.values(counts.skipped).reduce((a, b) => a + (b ?? 0), 0);
  const paint = (n: number, text: string, color: (s: string) => string): string => (n > 0 ? color(text) : text);
  const parts = [
    paint(counts.changed, `${counts.changed} ${opts.dryRun ? 'would change' : 'changed'}`, c.green),
    `${counts.unchanged} unchanged`,
    paint(skipped, `${skipped} skipped${reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}`, c.yellow),
    paint(counts.failed, `${counts.failed} failed`, c.red),
  ];
  return `${c.bold(`Scanned ${plural(counts.files, 'file')} in ${counts.seconds.toFixed(1)}s`)}: ${parts.join(', ')}.\n`;
}
