/** How serious a finding is for the machine-readable formats (SARIF `level`, GitHub annotation command). */
export type Severity = 'error' | 'warning';

/**
 * MG002 (a process started at import time) crashes or hangs under spawn: an error. The other
 * rules, and the codes of other codemods, are warnings — the same split as the text output's
 * red and yellow.
 */
export function severityOf(code: string): Severity {
  return code === 'MG002' ? 'error' : 'warning';
}
