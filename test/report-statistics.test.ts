import { describe, expect, it } from 'vitest';
import type { FileReport } from '../src/report/report.js';
import { countByCode, formatStatisticsJson, formatStatisticsText } from '../src/report/statistics.js';
import { MG_RULES } from './helpers/rules.js';

const finding = (code: string, line = 1) => ({ code, message: 'm', line, column: 1 });
const REPORTS: FileReport[] = [
  { path: 'a.py', status: 'unchanged', findings: [finding('MG001'), finding('MG002', 2)] },
  { path: 'b.py', status: 'unchanged', findings: Array.from({ length: 11 }, (_, i) => finding('MG001', i + 1)) },
  { path: 'c.py', status: 'unchanged', findings: [finding('MG004'), finding('MG002', 3)] },
  { path: 'd.py', status: 'failed', findings: [], reason: 'syntax error' },
];

describe('check --statistics', () => {
  it('counts per code, most frequent first, then by code; codes not found left out', () => {
    expect(countByCode(REPORTS, MG_RULES)).toEqual([
      { code: 'MG001', name: 'unguarded-script-code', count: 12 },
      { code: 'MG002', name: 'process-start-at-import', count: 2 },
      { code: 'MG004', name: 'duplicate-main-guard', count: 1 },
    ]);
  });

  it('text: counts right-aligned, codes in a column, then the rule name', () => {
    expect(formatStatisticsText(REPORTS, { color: false, rules: MG_RULES })).toBe('12  MG001  unguarded-script-code\n' + ' 2  MG002  process-start-at-import\n' + ' 1  MG004  duplicate-main-guard\n');
  });

  it('text: a code mainguard does not describe has no name', () => {
    expect(formatStatisticsText([{ path: 'x.py', status: 'unchanged', findings: [finding('X1')] }], { color: false, rules: MG_RULES })).toBe('1  X1\n');
  });

  it('nothing found: nothing printed, and [] in JSON', () => {
    expect(formatStatisticsText([REPORTS[3]!], { color: false, rules: MG_RULES })).toBe('');
    expect(formatStatisticsJson([], MG_RULES)).toBe('[]\n');
  });

  it('json: the same rows', () => {
    expect(JSON.parse(formatStatisticsJson(REPORTS, MG_RULES))).toEqual(countByCode(REPORTS, MG_RULES));
  });
});
