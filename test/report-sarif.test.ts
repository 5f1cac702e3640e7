import { describe, expect, it } from 'vitest';
import { RULES } from '../codemods/main-guard/rules.js';
import type { FileReport } from '../src/report/report.js';
import { artifactLocation, formatFindingsSarif } from '../src/report/sarif.js';
import { MG_RULES } from './helpers/rules.js';
import { sarifSchemaErrors } from './helpers/sarif.js';

const REPORTS: FileReport[] = [
  { path: 'broken.py', status: 'failed', findings: [], reason: 'syntax error at line 3, column 5', reasonLine: 3 },
  { path: 'lib/util.py', status: 'unchanged', findings: [] },
  {
    path: 'scripts/train.py',
    status: 'unchanged',
    findings: [
      { code: 'MG002', message: 'Pool() starts processes at import time', line: 9, column: 6 },
      { code: 'MG001', message: 'code runs at import time (2 statements, lines 9-10)', line: 9, column: 1 },
    ],
  },
  { path: 'odd.py', status: 'skipped', skipKind: 'refused', reason: 'assignment to __name__', reasonLine: 2, findings: [] },
  { path: 'setup.py', status: 'skipped', skipKind: 'ignored', reason: 'setup.py is left alone', findings: [] },
  { path: 'my tools/run 1.py', status: 'unchanged', findings: [{ code: 'MG003', message: 'main guard inside function run', line: 4, column: 5 }] },
];

interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<Record<string, unknown>> } };
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: unknown[] }>;
    results: Array<Record<string, unknown>>;
  }>;
}

const sarif = (reports: FileReport[]): SarifLog => JSON.parse(formatFindingsSarif(reports, { version: '1.2.3', cwd: '/work/project', rules: MG_RULES })) as SarifLog;

describe('formatFindingsSarif', () => {
  it('is valid against the SARIF 2.1.0 schema, with findings, failures and refusals', () => {
    expect(sarifSchemaErrors(sarif(REPORTS))).toEqual([]);
  });

  it('is valid against the schema with no files at all', () => {
    const log = sarif([]);
    expect({ errors: sarifSchemaErrors(log), results: log.runs[0]!.results }).toEqual({ errors: [], results: [] });
  });

  it('the validator does reject a log that breaks the schema', () => {
    // Without this, a validator that accepts everything would pass the tests above.
    const log = sarif(REPORTS);
    const broken = { ...log, version: '2.0.0', runs: [{ ...log.runs[0], results: [{ message: {} }] }] };
    expect(sarifSchemaErrors(broken).length).toBeGreaterThan(0);
    expect(sarifSchemaErrors({ ...log, extra: 1 })).toEqual(['/ must NOT have additional properties']);
  });

  it('describes the tool and every rule with id, name, descriptions, help and a default level', () => {
    const driver = sarif([]).runs[0]!.tool.driver;
    expect({ name: driver.name, version: driver.version, ids: driver.rules.map((r) => r.id) }).toEqual({
      name: 'mainguard',
      version: '1.2.3',
      ids: ['MG000', 'MG001', 'MG002', 'MG003', 'MG004'],
    });
    const mg002 = driver.rules[2]!;
    expect(mg002).toMatchObject({
      id: 'MG002',
      name: 'process-start-at-import',
      shortDescription: { text: RULES.MG002.summary },
      fullDescription: { text: RULES.MG002.explanation },
      defaultConfiguration: { level: 'error' },
    });
    const help = mg002.help as { text: string; markdown: string };
    expect({
      startsWithExplanation: help.text.startsWith(RULES.MG002.explanation),
      textBefore: help.text.includes('Before:\n\n    from concurrent.futures import ProcessPoolExecutor\n'),
      markdownAfter: help.markdown.includes('After:\n\n```python\nfrom concurrent.futures import ProcessPoolExecutor\n'),
    }).toEqual({ startsWithExplanation: true, textBefore: true, markdownAfter: true });
    expect(driver.rules.map((r) => (r.defaultConfiguration as { level: string }).level)).toEqual(['error', 'warning', 'error', 'warning', 'warning']);
  });

  it('gives each finding its rule, level, message and a physical location relative to %SRCROOT%', () => {
    const run = sarif(REPORTS).runs[0]!;
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/project/' } });
    const at = (uri: string, startLine: number, startColumn: number) => [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: { startLine, startColumn } } }];
    expect(run.results).toEqual([
      { ruleId: 'MG001', ruleIndex: 1, level: 'warning', message: { text: 'code runs at import time (2 statements, lines 9-10)' }, locations: at('scripts/train.py', 9, 1) },
      { ruleId: 'MG002', ruleIndex: 2, level: 'error', message: { text: 'Pool() starts processes at import time' }, locations: at('scripts/train.py', 9, 6) },
      { ruleId: 'MG003', ruleIndex: 3, level: 'warning', message: { text: 'main guard inside function run' }, locations: at('my%20tools/run%201.py', 4, 5) },
    ]);
  });

  it('reports a file that could not be checked as an error notification, and the run as unsuccessful', () => {
    const invocation = sarif(REPORTS).runs[0]!.invocations[0]!;
    expect(invocation).toEqual({
      executionSuccessful: false,
      toolExecutionNotifications: [
        {
          level: 'error',
          message: { text: 'syntax error at line 3, column 5' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'broken.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 3 } } }],
        },
        {
          level: 'note',
          message: { text: 'refused: assignment to __name__' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'odd.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 2 } } }],
        },
      ],
    });
    expect(sarif(REPORTS.slice(1)).runs[0]!.invocations[0]!.executionSuccessful).toBe(true);
  });

  it('a file that does not parse is an MG000 result, not a failure of the run', () => {
    const unparsable: FileReport = {
      path: 'py2.py',
      status: 'failed',
      reason: 'syntax error at line 2, column 7',
      reasonLine: 2,
      findingCode: 'MG000',
      findings: [{ code: 'MG000', message: 'syntax error at line 2, column 7', line: 2, column: 7 }],
    };
    const run = sarif([unparsable]).runs[0]!;
    expect({ results: run.results.map((r) => [r.ruleId, r.ruleIndex, r.level]), invocation: run.invocations[0] }).toEqual({
      results: [['MG000', 0, 'error']],
      invocation: { executionSuccessful: true, toolExecutionNotifications: [] },
    });
    expect(sarifSchemaErrors(sarif([unparsable]))).toEqual([]);
  });

  it('ends with a newline and is 2-space indented', () => {
    const text = formatFindingsSarif(REPORTS, { version: '0.1.0', cwd: '/w', rules: MG_RULES });
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });
});

describe('artifactLocation', () => {
  it.each([
    ['scripts/run.py', { uri: 'scripts/run.py', uriBaseId: '%SRCROOT%' }],
    ['a b/c#d.py', { uri: 'a%20b/c%23d.py', uriBaseId: '%SRCROOT%' }],
    ['c:weird.py', { uri: 'c%3Aweird.py', uriBaseId: '%SRCROOT%' }],
    ['café/été.py', { uri: 'caf%C3%A9/%C3%A9t%C3%A9.py', uriBaseId: '%SRCROOT%' }],
    ['/elsewhere/x y.py', { uri: 'file:///elsewhere/x%20y.py' }],
  ])('%s', (reportPath, expected) => {
    expect(artifactLocation(reportPath)).toEqual(expected);
  });
});
