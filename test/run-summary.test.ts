import { describe, expect, it } from 'vitest';
import { formatRunSummary, type RunCounts } from '../src/report/report.js';
import { named } from './helpers/table.js';

const base: RunCounts = { files: 41, changed: 3, unchanged: 35, skipped: {}, failed: 0, seconds: 1.234 };

describe('formatRunSummary: the last line of fix and run', () => {
  it.each(
    named([
      { name: 'nothing skipped', counts: base, dryRun: false, expected: 'Scanned 41 files in 1.2s: 3 changed, 35 unchanged, 0 skipped, 0 failed.\n' },
      { name: 'a dry run', counts: base, dryRun: true, expected: 'Scanned 41 files in 1.2s: 3 would change, 35 unchanged, 0 skipped, 0 failed.\n' },
      {
        name: 'skipped by reason, in a fixed order, zero counts left out',
        counts: { ...base, skipped: { declined: 2, refused: 1, ignored: 0, conflict: 1 }, failed: 1 },
        dryRun: false,
        expected: 'Scanned 41 files in 1.2s: 3 changed, 35 unchanged, 4 skipped (1 refused, 2 declined, 1 conflict), 1 failed.\n',
      },
      {
        name: 'quit and interrupted',
        counts: { ...base, skipped: { 'not-asked': 5, interrupted: 1 } },
        dryRun: false,
        expected: 'Scanned 41 files in 1.2s: 3 changed, 35 unchanged, 6 skipped (5 not asked, 1 interrupted), 0 failed.\n',
      },
      { name: 'one file', counts: { ...base, files: 1, changed: 1, unchanged: 0 }, dryRun: false, expected: 'Scanned 1 file in 1.2s: 1 changed, 0 unchanged, 0 skipped, 0 failed.\n' },
    ]),
  )('%s', (_name, { counts, dryRun, expected }) => {
    expect(formatRunSummary(counts, { color: false, dryRun })).toBe(expected);
  });

  it('colors: changed green, skipped yellow, failed red, only when not zero', () => {
    const colored = formatRunSummary({ ...base, skipped: { refused: 1 }, failed: 2 }, { color: true, dryRun: false });
    expect(colored).toContain('\x1b[32m3 changed\x1b[39m');
    expect(colored).toContain('\x1b[33m1 skipped (1 refused)\x1b[39m');
    expect(colored).toContain('\x1b[31m2 failed\x1b[39m');
    expect(formatRunSummary(base, { color: true, dryRun: false })).toContain(', 0 failed.');
  });
});
