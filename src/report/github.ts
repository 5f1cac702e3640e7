import { isRunError } from '../status.js';
import type { FileReport } from './report.js';
import type { RuleBook } from './rule-book.js';

/**
 * Escapes the message of a GitHub workflow command, as the Actions toolkit does: `%`, CR and LF
 * become `%25`, `%0D` and `%0A`, so that the runner reads the command as one line.
 */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * Escapes a property value of a GitHub workflow command (`file=...`, `title=...`): as
 * escapeGithubData, and also `:` and `,` (`%3A`, `%2C`), which would end the value.
 */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, properties: Array<[string, string | number | undefined]>, message: string): string {
  const props = properties
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${escapeGithubProperty(String(value))}`)
    .join(',');
  return `::${name} ${props}::${escapeGithubData(message)}\n`;
}

/**
 * `check --format github`: one GitHub Actions workflow command per finding, which the runner shows
 * as an annotation on the file and line — `::error file=PATH,line=L,col=C,title=MG002::message`
 * for MG002, `::warning ...` for the other codes. A file that could not be checked gives
 * `::error file=PATH[,line=L],title=mainguard::reason` (unless a finding, MG000, reports it), a
 * refused one `::notice` likewise.
 * Files in the order given, findings by position; nothing else (no summary); "" when clean.
 * Paths are as the reports hold them: relative to the working folder, which should be the
 * repository root for GitHub to place the annotations.
 */
export function formatFindingsGithub(reports: FileReport[], rules: RuleBook): string {
  const out: string[] = [];
  for (const report of reports) {
    // A file-level message: on the line its reason points at, when there is one.
    const about = (name: string, message: string, line: number | undefined): string =>
      command(
        name,
        [
          ['file', report.path],
          ['line', line],
          ['title', 'mainguard'],
        ],
        message,
      );
    if (report.status === 'failed' && isRunError(report)) out.push(about('error', report.reason, report.reasonLine));
    else if (report.status === 'skipped' && report.skipKind === 'refused') out.push(about('notice', `refused: ${report.reason}`, report.reasonLine));
    const findings = [...report.findings].sort((a, b) => a.line - b.line || a.column - b.column);
    for (const f of findings) {
      out.push(
        command(
          rules.severity(f.code),
          [
            ['file', report.path],
            ['line', f.line],
            ['col', f.column],
            ['title', f.code],
          ],
          f.message,
        ),
      );
    }
  }
  return out.join('');
}
