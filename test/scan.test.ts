import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import mainGuard from '../codemods/main-guard/index.js';
import { discoverFiles } from '../src/files/discover.js';
import { processAll } from '../src/run/pipeline.js';
import { encodeReferences } from '../src/run/resolve-imports.js';
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

describe('encodeReferences: what crosses from the index to the resolver', () => {
  it('one line per reference, its level and dotted path; a part that cannot be a name makes no line', () => {
    const encoded = encodeReferences([
      { level: 0, path: ['os', 'path', 'join'] },
      { level: 2, path: ['pkg', '*'] },
      { level: 0, path: ['a', 'b\nc'] },
      { level: 0, path: ['x.y'] },
      { level: 0, path: [''] },
      { level: 0, path: [] },
      { level: -1, path: ['z'] },
      { level: 1, path: ['*'] },
    ]);
    expect(encoded).toBe('0:os.path.join\n2:pkg.*\n1:*');
  });
});
