import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import mainGuard from '../codemods/main-guard/index.js';
import { discoverFiles } from '../src/files/discover.js';
import { processAll } from '../src/run/pipeline.js';
import { reasonOf } from './helpers/outcomes.js';

const dir = mkdtempSync(join(tmpdir(), 'mainguard-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('processAll: the per-file pipeline over a list of files', () => {
  it('a file deleted between discovery and reading is one failed file with a reason; the others are scanned', async () => {
    writeFileSync(join(dir, 'gone.py'), 'print(1)\n');
    writeFileSync(join(dir, 'kept.py'), 'print(2)\n');
    const discovery = await discoverFiles([dir], { cwd: dir, respectGitignore: false });
    rmSync(join(dir, 'gone.py'));
    const results = await processAll(discovery.files, mainGuard, { codemodOptions: {} });
    expect(results.map((r) => ({ path: r.path, status: r.status, reason: reasonOf(r) }))).toEqual([
      { path: 'gone.py', status: 'failed', reason: 'file disappeared before it could be read' },
      { path: 'kept.py', status: 'changed', reason: '' },
    ]);
    expect(results[1]!.findings.map((f) => f.code)).toEqual(['MG001']);
  });
});
