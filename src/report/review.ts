// The review of a whole `fix --dry-run`: every file with its outcome, what the codemod judged it
// to be, its report lines, its diff and who imports it, and the run's totals in the words of the
// terminal summary. `--format json` prints it as it is; `--format html` draws a page from it.
import type { ImportingFile, ReportEntry, RuleInfo } from '../codemod.js';
import type { SkipKind } from '../status.js';
import { adviceFor } from './advice.js';
import { type FileReport, formatRunSummary, type RunCounts } from './report.js';
import type { RuleBook } from './rule-book.js';

/** A numbered line of a file's source, shown around the line a refusal or an error points at. */
export interface SourceLine {
  line: number;
  text: string;
}

/** One file of the review. */
export interface ReviewFile {
  /** As the user sees it (relative to the working folder when possible). */
  path: string;
  status: FileReport['status'];
  /** What the codemod judged the file to be (`script`, `library`, `settings`, `definitions`), and why. */
  kind?: string;
  why?: string;
  findings: Array<{ code: string; message: string; line: number; column: number }>;
  /** For `skipped` files: refused or ignored, the reason, its line. */
  skip?: { kind: SkipKind; reason: string; line?: number };
  /** For `failed` files: the reason, its line. */
  error?: { message: string; line?: number };
  /** The rewrite's report lines (moved, kept, global, warning, note), in the codemod's order. */
  entries: ReportEntry[];
  /** The files of the tree that import this one, and the names they use. */
  importedBy: ImportingFile[];
  /** For `changed` files: the unified diff of the rewrite (decoded text, `a/` and `b/` paths). */
  diff?: string;
  /** The lines around the line a refusal or an error points at. */
  excerpt?: SourceLine[];
  /** What the user can do about a file left as it is, one sentence each. */
  advice: string[];
}

/** The totals of the review, as the terminal summary line gives them, and by kind, reason and code. */
export interface ReviewSummary {
  /** The terminal summary line, without colors: `Scanned 41 files in 1.2s: 3 would change, ...`. */
  text: string;
  files: number;
  /** Files the rewrite would change. */
  changed: number;
  unchanged: number;
  skipped: { refused: number; ignored: number };
  failed: number;
  /** Files by what the codemod judged them to be (`script`, `library`, `settings`, `definitions`). */
  kinds: Record<string, number>;
  /** Refused files by reason, line numbers left out so that alike refusals group, most frequent first. */
  refusals: Array<{ reason: string; count: number }>;
  findings: number;
  /** Findings per code: every declared code (0 when none), then others as seen; keys sorted. */
  byCode: Record<string, number>;
  seconds: number;
}

/** The review of a dry run (version 1: fields are only ever added; `version` changes if one is removed or changes meaning). */
export interface ReviewDocument {
  version: 1;
  tool: { name: 'mainguard'; version: string };
  /** `fix`, or `run` with the codemod it ran. */
  command: 'fix' | 'run';
  codemod: string;
  /** The rules the codemod declares, to name the findings' codes. */
  rules: Array<Pick<RuleInfo, 'code' | 'name' | 'summary' | 'severity'>>;
  summary: ReviewSummary;
  /** Every file, in the run's order (by path), then the paths that could not be walked. */
  files: ReviewFile[];
}

/** What a file of the run brings to the review besides its report: its diff, importers and source excerpt. */
export interface ReviewExtras {
  diff?: string;
  importedBy?: ImportingFile[];
  excerpt?: SourceLine[];
}

/** What the review is built from. */
export interface ReviewInput {
  command: 'fix' | 'run';
  codemod: string;
  version: string;
  rules: RuleBook;
  /** Every file's report, in the run's order, with the paths that could not be walked last. */
  reports: Array<{ report: FileReport; extras: ReviewExtras }>;
  /** The totals of the terminal summary line. */
  counts: RunCounts;
}

const lineField = (line: number | undefined): { line?: number } => (line === undefined ? {} : { line });

/** Builds the review of a dry run from its files' reports and the totals of its summary line. */
export function buildReview(input: ReviewInput): ReviewDocument {
  const byCode = new Map<string, number>(input.rules.codes.map((code) => [code, 0]));
  const kinds: Record<string, number> = {};
  const refusals = new Map<string, number>();
  let findings = 0;
  const files = input.reports.map(({ report, extras }): ReviewFile => {
    const sorted = [...report.findings].sort((a, b) => a.line - b.line || a.column - b.column);
    for (const f of sorted) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
    findings += sorted.length;
    const file: ReviewFile = {
      path: report.path,
      status: report.status,
      findings: sorted.map(({ code, message, line, column }) => ({ code, message, line, column })),
      entries: report.entries ?? [],
      importedBy: extras.importedBy ?? [],
      advice: [],
    };
    if (report.judgement) {
      file.kind = report.judgement.kind;
      file.why = report.judgement.why;
      kinds[report.judgement.kind] = (kinds[report.judgement.kind] ?? 0) + 1;
    }
    if (report.status === 'skipped') {
      file.skip = { kind: report.skipKind, reason: report.reason, ...lineField(report.reasonLine) };
      if (report.skipKind === 'refused') {
        const reason = groupingKey(report.reason);
        refusals.set(reason, (refusals.get(reason) ?? 0) + 1);
      }
    } else if (report.status === 'failed') {
      file.error = { message: report.reason, ...lineField(report.reasonLine) };
    }
    if (extras.diff !== undefined) file.diff = extras.diff;
    if (extras.excerpt !== undefined) file.excerpt = extras.excerpt;
    file.advice = adviceFor(file);
    return file;
  });
  const { counts } = input;
  return {
    version: 1,
    tool: { name: 'mainguard', version: input.version },
    command: input.command,
    codemod: input.codemod,
    rules: input.rules.rules.map(({ code, name, summary, severity }) => ({ code, name, summary, severity })),
    summary: {
      text: formatRunSummary(counts, { color: false, dryRun: true }).trimEnd(),
      files: counts.files,
      changed: counts.changed,
      unchanged: counts.unchanged,
      skipped: { refused: counts.skipped.refused ?? 0, ignored: counts.skipped.ignored ?? 0 },
      failed: counts.failed,
      kinds,
      refusals: [...refusals].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
      findings,
      byCode: Object.fromEntries([...byCode].sort(([a], [b]) => (a < b ? -1 : 1))),
      seconds: counts.seconds,
    },
    files,
  };
}

/** A refusal's reason with its line numbers replaced by `N`: `line 4 uses x` and `line 9 uses x` are one reason. */
function groupingKey(reason: string): string {
  return reason.replace(/\b\d+(?:-\d+)?\b/g, 'N');
}

/** The review as `fix --format json` prints it: 2-space indented, ending with a newline. */
export function formatReviewJson(review: ReviewDocument): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}
