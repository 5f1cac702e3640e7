import { describe, expect, it } from 'vitest';
import mainGuard from '../codemods/main-guard/index.js';
import type { ReportEntry } from '../src/codemod.js';
import { countReports, type FileReport, formatEntries, formatFindingsJson, formatFindingsText, formatLeftAlone, formatSummary } from '../src/report/report.js';
import { MG_RULES } from './helpers/rules.js';

const REPORTS: FileReport[] = [
  {
    path: 'scripts/train.py',
    status: 'changed',
    findings: [
      { code: 'MG001', message: 'executable statement at module level', line: 14, column: 1 },
      { code: 'MG002', message: 'Pool() starts processes at import time', line: 9, column: 6 },
      { code: 'MG001', message: 'executable statement at module level', line: 9, column: 1 },
    ],
  },
  { path: 'lib/util.py', status: 'unchanged', findings: [] },
  {
    path: 'broken.py',
    status: 'failed',
    findings: [],
    reason: 'invalid syntax',
    reasonLine: 3,
  },
  {
    path: 'unreadable.py',
    status: 'failed',
    findings: [],
    reason: "EACCES: permission denied, open 'unreadable.py'",
  },
  {
    path: 'tricky.py',
    status: 'skipped',
    skipKind: 'refused',
    reason: '`from os import *` inside a block that would move',
    reasonLine: 7,
    findings: [{ code: 'MG001', message: 'executable statement at module level', line: 6, column: 1 }],
  },
  { path: 'odd.py', status: 'skipped', skipKind: 'refused', reason: 'assignment to __name__', findings: [] },
  { path: 'setup.py', status: 'skipped', skipKind: 'ignored', reason: 'setup.py is left alone', findings: [] },
  {
    path: 'nested.py',
    status: 'unchanged',
    findings: [{ code: 'MG003', message: 'main guard inside function run', line: 20, column: 5 }],
  },
];

describe('formatFindingsText', () => {
  it('prints one line per finding, files in order, findings by position, plus errors and refusals', () => {
    expect(formatFindingsText(REPORTS, { color: false, rules: MG_RULES })).toBe(
      [
        'scripts/train.py:9:1: MG001 executable statement at module level',
        'scripts/train.py:9:6: MG002 Pool() starts processes at import time',
        'scripts/train.py:14:1: MG001 executable statement at module level',
        'broken.py:3: failed: invalid syntax',
        "unreadable.py: failed: EACCES: permission denied, open 'unreadable.py'",
        'tricky.py:7: refused: `from os import *` inside a block that would move',
        'tricky.py:6:1: MG001 executable statement at module level',
        'odd.py: refused: assignment to __name__',
        'nested.py:20:5: MG003 main guard inside function run',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when there are no findings, errors or refusals', () => {
    expect(formatFindingsText([], { color: false, rules: MG_RULES })).toBe('');
    expect(formatFindingsText([REPORTS[1]!, REPORTS[6]!], { color: false, rules: MG_RULES })).toBe('');
  });

  it('a file that does not parse is its MG000 finding, not a failed line; ignored, it prints nothing', () => {
    const report: FileReport = {
      path: 'py2.py',
      status: 'failed',
      reason: 'syntax error at line 2, column 7',
      reasonLine: 2,
      findingCode: 'MG000',
      findings: [{ code: 'MG000', message: 'syntax error at line 2, column 7', line: 2, column: 7 }],
    };
    expect(formatFindingsText([report], { color: false, rules: MG_RULES })).toBe('py2.py:2:7: MG000 syntax error at line 2, column 7\n');
    expect(formatFindingsText([{ ...report, findings: [] }], { color: false, rules: MG_RULES })).toBe('');
  });

  it('keeps a multi-line message on one line', () => {
    const report: FileReport = {
      path: 'a.py',
      status: 'failed',
      findings: [],
      reason: 'cannot decode\n  byte 0xff at offset 3',
    };
    expect(formatFindingsText([report], { color: false, rules: MG_RULES })).toBe('a.py: failed: cannot decode byte 0xff at offset 3\n');
  });

  it('colors paths bold, MG002 and failures red, other codes and refusals yellow', () => {
    const text = formatFindingsText(REPORTS, { color: true, rules: MG_RULES });
    const lines = text.split('\n');
    expect(lines[0]).toBe('\x1b[1mscripts/train.py\x1b[22m:9:1: \x1b[33mMG001\x1b[39m executable statement at module level');
    expect(lines[1]).toBe('\x1b[1mscripts/train.py\x1b[22m:9:6: \x1b[31mMG002\x1b[39m Pool() starts processes at import time');
    expect(lines[3]).toBe('\x1b[1mbroken.py\x1b[22m:3: \x1b[31mfailed\x1b[39m: invalid syntax');
    expect(lines[5]).toContain(': \x1b[33mrefused\x1b[39m: ');
    expect(text.replace(/\x1b\[\d+m/g, '')).toBe(formatFindingsText(REPORTS, { color: false, rules: MG_RULES }));
  });
});

describe('formatLeftAlone', () => {
  it('says why each file left alone on purpose was, and nothing of the others', () => {
    expect(formatLeftAlone(REPORTS, { color: false })).toBe('setup.py: ignored: setup.py is left alone\n');
  });

  it('names what an unchanged file is and why', () => {
    const library: FileReport = { path: 'lib.py', status: 'unchanged', findings: [], judgement: { kind: 'library', why: 'imported by app.py' } };
    expect(formatLeftAlone([library], { color: false })).toBe('lib.py: library: imported by app.py\n');
  });
});

describe('formatSummary', () => {
  const plain = { color: false };

  it('counts findings, files with findings, files checked and errors', () => {
    expect(countReports(REPORTS)).toEqual({ files: 8, filesWithFindings: 3, findings: 5, errors: 2 });
    expect(formatSummary(countReports(REPORTS), plain)).toBe('Found 5 findings in 3 files (8 files checked, 2 failed).\n');
  });

  it('matches the documented wording', () => {
    expect(formatSummary({ files: 120, filesWithFindings: 4, findings: 12, errors: 2 }, plain)).toBe('Found 12 findings in 4 files (120 files checked, 2 failed).\n');
    expect(formatSummary({ files: 120, filesWithFindings: 0, findings: 0, errors: 0 }, plain)).toBe('All checks passed (120 files checked).\n');
  });

  it('uses the singular for one', () => {
    expect(formatSummary({ files: 1, filesWithFindings: 1, findings: 1, errors: 1 }, plain)).toBe('Found 1 finding in 1 file (1 file checked, 1 failed).\n');
    expect(formatSummary({ files: 1, filesWithFindings: 0, findings: 0, errors: 0 }, plain)).toBe('All checks passed (1 file checked).\n');
  });

  it('does not claim success when some files could not be checked', () => {
    expect(formatSummary({ files: 10, filesWithFindings: 0, findings: 0, errors: 3 }, plain)).toBe('No findings (10 files checked, 3 failed).\n');
  });

  it('says so when no file was checked', () => {
    expect(formatSummary({ files: 0, filesWithFindings: 0, findings: 0, errors: 0 }, plain)).toBe('No files checked.\n');
  });

  it('colors the verdict only', () => {
    expect(formatSummary({ files: 2, filesWithFindings: 1, findings: 1, errors: 0 }, { color: true })).toBe('\x1b[1m\x1b[31mFound 1 finding in 1 file\x1b[39m\x1b[22m (2 files checked).\n');
    expect(formatSummary({ files: 2, filesWithFindings: 0, findings: 0, errors: 0 }, { color: true })).toBe('\x1b[1m\x1b[32mAll checks passed\x1b[39m\x1b[22m (2 files checked).\n');
  });
});

describe('formatFindingsJson', () => {
  it('has the documented shape, 2-space indented, with a final newline', () => {
    const text = formatFindingsJson(REPORTS.slice(0, 3), { version: '0.1.0', rules: MG_RULES });
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "version": 1,\n  "tool": {\n    "name": "mainguard",');
    expect(JSON.parse(text)).toEqual({
      version: 1,
      tool: { name: 'mainguard', version: '0.1.0' },
      files: [
        {
          path: 'scripts/train.py',
          status: 'changed',
          findings: [
            { code: 'MG001', message: 'executable statement at module level', line: 9, column: 1 },
            { code: 'MG002', message: 'Pool() starts processes at import time', line: 9, column: 6 },
            { code: 'MG001', message: 'executable statement at module level', line: 14, column: 1 },
          ],
        },
        { path: 'lib/util.py', status: 'unchanged', findings: [] },
        {
          path: 'broken.py',
          status: 'failed',
          findings: [],
          error: { message: 'invalid syntax', line: 3 },
        },
      ],
      summary: { files: 3, findings: 3, errors: 1, byCode: { MG000: 0, MG001: 2, MG002: 1, MG003: 0, MG004: 0 } },
    });
  });

  it('keeps the key order stable: version, tool, files, summary; code, message, line, column', () => {
    const parsed = JSON.parse(formatFindingsJson(REPORTS, { version: '1.2.3', rules: MG_RULES }));
    expect(Object.keys(parsed)).toEqual(['version', 'tool', 'files', 'summary']);
    expect(Object.keys(parsed.files[0].findings[0])).toEqual(['code', 'message', 'line', 'column']);
    expect(Object.keys(parsed.summary)).toEqual(['files', 'findings', 'errors', 'byCode']);
  });

  it('describes errors without a line, refusals and ignored files', () => {
    const parsed = JSON.parse(formatFindingsJson(REPORTS, { version: '1.2.3', rules: MG_RULES }));
    const byPath = Object.fromEntries(parsed.files.map((f: { path: string }) => [f.path, f]));
    expect(byPath['unreadable.py'].error).toEqual({ message: "EACCES: permission denied, open 'unreadable.py'" });
    expect(byPath['tricky.py'].skip).toEqual({
      kind: 'refused',
      reason: '`from os import *` inside a block that would move',
      line: 7,
    });
    expect(byPath['tricky.py'].error).toBeUndefined();
    expect(byPath['setup.py'].skip).toEqual({ kind: 'ignored', reason: 'setup.py is left alone' });
    expect(byPath['lib/util.py']).toEqual({ path: 'lib/util.py', status: 'unchanged', findings: [] });
    expect(parsed.summary).toEqual({
      files: 8,
      findings: 5,
      errors: 2,
      byCode: { MG000: 0, MG001: 3, MG002: 1, MG003: 1, MG004: 0 },
    });
  });

  it('counts codes of other codemods too, keys sorted, even odd ones', () => {
    const parsed = JSON.parse(
      formatFindingsJson(
        [
          {
            path: 'x.py',
            status: 'unchanged',
            findings: [
              { code: 'ZZ9', message: 'm', line: 1, column: 1 },
              { code: '__proto__', message: 'm', line: 2, column: 1 },
              { code: 'AB1', message: 'm', line: 3, column: 1 },
            ],
          },
        ],
        { version: '0.0.0', rules: MG_RULES },
      ),
    );
    expect(Object.keys(parsed.summary.byCode)).toEqual(['AB1', 'MG000', 'MG001', 'MG002', 'MG003', 'MG004', 'ZZ9', '__proto__']);
    // biome-ignore lint/suspicious/noProto: the test is that a code named __proto__ is counted like any other
    expect(parsed.summary.byCode.__proto__).toBe(1);
  });

  it('has an empty but complete shape for no files', () => {
    expect(formatFindingsJson([], { version: '0.1.0', rules: MG_RULES })).toBe(
      `${JSON.stringify(
        {
          version: 1,
          tool: { name: 'mainguard', version: '0.1.0' },
          files: [],
          summary: { files: 0, findings: 0, errors: 0, byCode: { MG000: 0, MG001: 0, MG002: 0, MG003: 0, MG004: 0 } },
        },
        null,
        2,
      )}\n`,
    );
  });
});

describe('formatEntries', () => {
  const ENTRIES: ReportEntry[] = [
    { kind: 'moved', message: 'lines 5-9, 12', line: 5 },
    { kind: 'kept', message: 'line 3 `app = Flask(__name__)` — the decorator of index (line 7) needs app', line: 3 },
    { kind: 'global', message: 'data, args' },
    { kind: 'warning', message: 'main() already exists; the generated function is _main' },
    { kind: 'note', message: 'added two blank lines before the guard\n(PEP 8)' },
  ];

  it('prints one indented `kind: message` line per entry, in order', () => {
    expect(formatEntries(ENTRIES, { color: false })).toBe(
      [
        '  moved: lines 5-9, 12',
        '  kept: line 3 `app = Flask(__name__)` — the decorator of index (line 7) needs app',
        '  global: data, args',
        '  warning: main() already exists; the generated function is _main',
        '  note: added two blank lines before the guard',
        '    (PEP 8)',
        '',
      ].join('\n'),
    );
  });

  it('leaves the word of a kind no codemod declares uncolored', () => {
    expect(formatEntries([{ kind: 'moved', message: 'x' }], { color: true })).toBe('  moved: x\n');
  });

  it('returns "" without entries', () => {
    expect(formatEntries([], { color: true })).toBe('');
  });

  it('colors the kind word only', () => {
    const lines = formatEntries(ENTRIES, { color: true, kinds: mainGuard.meta.entryKinds }).split('\n');
    expect(lines[0]).toBe('  \x1b[32mmoved\x1b[39m: lines 5-9, 12');
    expect(lines[1]).toMatch(/^ {2}\x1b\[36mkept\x1b\[39m: line 3 /);
    expect(lines[2]).toBe('  \x1b[35mglobal\x1b[39m: data, args');
    expect(lines[3]).toMatch(/^ {2}\x1b\[33mwarning\x1b\[39m: /);
    expect(lines[4]).toMatch(/^ {2}\x1b\[2mnote\x1b\[22m: /);
  });
});
