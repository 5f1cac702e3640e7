import picocolors from 'picocolors';
import type { FileReport, FindingTextOptions } from './report.js';
import type { RuleBook } from './rule-book.js';

/** How often one code was found, for `check --statistics`. */
export interface CodeCount {
  code: string;
  /** The rule's kebab-case name; "" for a code mainguard does not describe. */
  name: string;
  count: number;
}

/** The codes found in the reports with their counts, most frequent first, then by code; codes not found are left out. */
export function countByCode(reports: FileReport[], rules: RuleBook): CodeCount[] {
  const counts = new Map<string, number>();
  for (const report of reports) for (const f of report.findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  return [...counts].map(([code, count]) => ({ code, name: rules.name(code), count })).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * `check --statistics` as text, as ruff prints it: one line per code found, `COUNT  CODE  name`,
 * counts right-aligned and codes padded to a column; "" when nothing was found.
 * With color: the code as in the findings (MG002 red, others yellow).
 */
export function formatStatisticsText(reports: FileReport[], opts: FindingTextOptions): string {
  const c = picocolors.createColors(opts.color);
  const rows = countByCode(reports, opts.rules);
  const countWidth = Math.max(0, ...rows.map((r) => String(r.count).length));
  const codeWidth = Math.max(0, ...rows.map((r) => r.code.length));
  return rows
    .map((r) => {
      const code = (opts.rules.severity(r.code) === 'error' ? c.red : c.yellow)(r.code.padEnd(codeWidth));
      return `${`${String(r.count).padStart(countWidth)}  ${code}  ${r.name}`.trimEnd()}\n`;
    })
    .join('');
}

/**
 * `check --statistics --format json`: the same rows as a JSON array of `{code, name, count}`,
 * 2-space indented, ending with a newline; `[]` when nothing was found.
 */
export function formatStatisticsJson(reports: FileReport[], rules: RuleBook): string {
  return `${JSON.stringify(countByCode(reports, rules), null, 2)}\n`;
}
