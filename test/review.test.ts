// The review of a dry run, as data (what `fix --format json` prints) and as the page's document:
// its totals, its grouping of refusals, the advice for files left as they are, and escaping.
import { describe, expect, it } from 'vitest';
import { adviceFor } from '../src/report/advice.js';
import { renderReviewPage } from '../src/report/html/page.js';
import { type FileReport, formatRunSummary, type RunCounts } from '../src/report/report.js';
import { buildReview } from '../src/report/review.js';
import { RuleBook } from '../src/report/rule-book.js';

const RULES = new RuleBook([
  { code: 'MG001', name: 'unguarded-script-code', summary: 'code at module level', severity: 'warning' },
  { code: 'MG002', name: 'process-start-at-import', summary: 'processes at import', severity: 'error' },
]);

const counts = (overrides: Partial<RunCounts> = {}): RunCounts => ({ files: 4, changed: 1, unchanged: 1, skipped: { refused: 2 }, failed: 0, seconds: 0.25, ...overrides });

const refusal = (path: string, reason: string, reasonLine?: number): FileReport => ({ path, status: 'skipped', skipKind: 'refused', reason, reasonLine, findings: [] });

function review(reports: FileReport[], runCounts = counts()) {
  return buildReview({ command: 'fix', codemod: 'main-guard', version: '9.9.9', rules: RULES, reports: reports.map((report) => ({ report, extras: {} })), counts: runCounts });
}

describe('buildReview', () => {
  it('says the summary line of the run, word for word, and its counts', () => {
    const runCounts = counts({ skipped: { refused: 2, ignored: 3 }, failed: 1 });
    const { summary } = review([], runCounts);
    expect(summary.text).toBe(formatRunSummary(runCounts, { color: false, dryRun: true }).trimEnd());
    expect(summary.text).toContain('1 would change');
    expect(summary.skipped).toEqual({ refused: 2, ignored: 3 });
    expect(summary.failed).toBe(1);
  });

  it('groups refusals that differ only in their line numbers, most frequent first', () => {
    const { summary } = review([
      refusal('a.py', 'line 3 uses x, which line 9 binds again at module level', 3),
      refusal('b.py', 'a global statement inside moved code would conflict', 2),
      refusal('c.py', 'line 14 uses x, which line 20 binds again at module level', 14),
    ]);
    expect(summary.refusals).toEqual([
      { reason: 'line N uses x, which line N binds again at module level', count: 2 },
      { reason: 'a global statement inside moved code would conflict', count: 1 },
    ]);
  });

  it('counts findings by code, every declared code present, and what the files are', () => {
    const reports: FileReport[] = [
      {
        path: 'a.py',
        status: 'changed',
        judgement: { kind: 'script', why: 'prints' },
        findings: [
          { code: 'MG002', message: 'm', line: 9, column: 1 },
          { code: 'MG001', message: 'm', line: 2, column: 1 },
        ],
      },
      { path: 'b.py', status: 'unchanged', judgement: { kind: 'library', why: 'imported by a.py' }, findings: [] },
      { path: 'c.py', status: 'unchanged', judgement: { kind: 'library', why: 'imported by a.py' }, findings: [] },
    ];
    const result = review(reports);
    expect(result.summary.byCode).toEqual({ MG001: 1, MG002: 1 });
    expect(result.summary.findings).toBe(2);
    expect(result.summary.kinds).toEqual({ script: 1, library: 2 });
    expect(result.files[0]!.findings.map((f) => f.line)).toEqual([2, 9]);
    expect(result.files[1]).toMatchObject({ kind: 'library', why: 'imported by a.py', importedBy: [], entries: [] });
  });
});

describe('adviceFor', () => {
  it('points a package __init__.py or setup.py at --include-init', () => {
    expect(adviceFor({ status: 'skipped', skip: { kind: 'ignored', reason: '__init__.py is left alone by default' }, findings: [] }).join(' ')).toContain('--include-init');
  });

  it('points a skip-file marker at its line', () => {
    expect(adviceFor({ status: 'skipped', skip: { kind: 'ignored', reason: '# mainguard: skip-file', line: 2 }, findings: [] }).join(' ')).toContain('`# mainguard: skip-file` comment (line 2)');
  });

  it('offers a refused file the keep comment and the keep key', () => {
    const advice = adviceFor({ status: 'skipped', skip: { kind: 'refused', reason: 'r', line: 7 }, findings: [] }).join(' ');
    expect(advice).toContain('line 7');
    expect(advice).toContain('# mainguard: keep');
    expect(advice).toContain('`keep` under `[tool.mainguard]`');
  });

  it('offers a file that does not parse --ignore MG000', () => {
    expect(adviceFor({ status: 'failed', error: { message: 'syntax error' }, findings: [{ code: 'MG000', message: 'syntax error', line: 1, column: 1 }] }).join(' ')).toContain('--ignore MG000');
  });

  it('has nothing to say of a change, or of a library with no findings', () => {
    expect(adviceFor({ status: 'changed', findings: [] })).toEqual([]);
    expect(adviceFor({ status: 'unchanged', kind: 'library', findings: [] })).toEqual([]);
  });
});

describe('renderReviewPage', () => {
  it('keeps markup in paths and reasons as text: no element of theirs, no script closed early', () => {
    const page = renderReviewPage(review([refusal('x</script><script>alert(1)</script>.py', '<img src=x onerror=alert(1)>', 1)], counts({ files: 1 })));
    // The page's own four scripts: the data, diff2html, highlight.js and the page's script.
    expect(page.match(/<script\b/g)).toHaveLength(4);
    expect(page.match(/<\/script>/g)).toHaveLength(4);
    expect(page).not.toContain('<img');
    expect(page).toContain('<!doctype html>');
  });

  it('inlines everything: no address outside the page', () => {
    const page = renderReviewPage(review([], counts({ files: 0 })));
    expect(page).not.toMatch(/<(?:script|link|img)\b[^>]*\b(?:src|href)=/i);
  });
});
