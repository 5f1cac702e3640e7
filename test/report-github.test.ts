// Expected lines follow GitHub's documentation of workflow commands: `::error file={name},line={line},
// col={col},title={title}::{message}`, `::warning ...`, `::notice ...`; in the message `%`, CR and LF
// are written %25, %0D and %0A, and in a property value `:` and `,` also %3A and %2C.
import { describe, expect, it } from 'vitest';
import { escapeGithubData, escapeGithubProperty, formatFindingsGithub } from '../src/report/github.js';
import type { FileReport } from '../src/report/report.js';
import { MG_RULES } from './helpers/rules.js';

describe('formatFindingsGithub', () => {
  it('prints one annotation command per finding: error for MG002, warning for the other codes', () => {
    const reports: FileReport[] = [
      {
        path: 'scripts/train.py',
        status: 'unchanged',
        findings: [
          { code: 'MG002', message: 'Pool() starts processes at import time', line: 9, column: 6 },
          { code: 'MG001', message: 'code runs at import time (2 statements, lines 9-10)', line: 9, column: 1 },
        ],
      },
      { path: 'lib/util.py', status: 'unchanged', findings: [] },
      { path: 'nested.py', status: 'unchanged', findings: [{ code: 'MG003', message: 'main guard inside function run', line: 20, column: 5 }] },
    ];
    expect(formatFindingsGithub(reports, MG_RULES)).toBe(
      '::warning file=scripts/train.py,line=9,col=1,title=MG001::code runs at import time (2 statements, lines 9-10)\n' +
        '::error file=scripts/train.py,line=9,col=6,title=MG002::Pool() starts processes at import time\n' +
        '::warning file=nested.py,line=20,col=5,title=MG003::main guard inside function run\n',
    );
  });

  it('names a file that could not be checked with an error, and a refused one with a notice', () => {
    const reports: FileReport[] = [
      { path: 'broken.py', status: 'failed', findings: [], reason: 'syntax error at line 3, column 5', reasonLine: 3 },
      { path: 'unreadable.py', status: 'failed', findings: [], reason: 'permission denied' },
      { path: 'odd.py', status: 'skipped', skipKind: 'refused', reason: 'assignment to __name__', reasonLine: 2, findings: [] },
      { path: 'setup.py', status: 'skipped', skipKind: 'ignored', reason: 'setup.py is left alone', findings: [] },
    ];
    expect(formatFindingsGithub(reports, MG_RULES)).toBe(
      '::error file=broken.py,line=3,title=mainguard::syntax error at line 3, column 5\n' +
        '::error file=unreadable.py,title=mainguard::permission denied\n' +
        '::notice file=odd.py,line=2,title=mainguard::refused: assignment to __name__\n',
    );
  });

  it('a file that does not parse is its MG000 annotation (an error), not a failure of the run', () => {
    const reports: FileReport[] = [
      {
        path: 'py2.py',
        status: 'failed',
        reason: 'syntax error at line 2, column 7',
        reasonLine: 2,
        findingCode: 'MG000',
        findings: [{ code: 'MG000', message: 'syntax error at line 2, column 7', line: 2, column: 7 }],
      },
    ];
    expect(formatFindingsGithub(reports, MG_RULES)).toBe('::error file=py2.py,line=2,col=7,title=MG000::syntax error at line 2, column 7\n');
  });

  it('escapes the message and the file name, so that each command stays one line', () => {
    const reports: FileReport[] = [
      {
        path: 'odd, name: 100%.py',
        status: 'unchanged',
        findings: [{ code: 'MG001', message: 'line one\r\nline two: 50% done, a,b', line: 1, column: 1 }],
      },
    ];
    expect(formatFindingsGithub(reports, MG_RULES)).toBe('::warning file=odd%2C name%3A 100%25.py,line=1,col=1,title=MG001::line one%0D%0Aline two: 50%25 done, a,b\n');
  });

  it('prints nothing for clean files', () => {
    expect(formatFindingsGithub([{ path: 'a.py', status: 'unchanged', findings: [] }], MG_RULES)).toBe('');
  });
});

describe('escapeGithubData / escapeGithubProperty', () => {
  it('data: %, CR and LF only, % first so that escapes are not escaped again', () => {
    expect(escapeGithubData('100%\r\n%0A: ,')).toBe('100%25%0D%0A%250A: ,');
  });

  it('property: also : and ,', () => {
    expect(escapeGithubProperty('C:\\dir,x%\n')).toBe('C%3A\\dir%2Cx%25%0A');
  });
});
