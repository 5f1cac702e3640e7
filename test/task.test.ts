import { describe, expect, it } from 'vitest';
import type { Codemod } from '../src/codemod.js';
import { decodePythonSource } from '../src/files/source.js';
import { processSource, type TaskOptions } from '../src/run/pipeline.js';
import { expectStatus } from './helpers/outcomes.js';

const FILE = { path: 'dir/café.py', absPath: '/x/dir/café.py' };

/** The outcome of a codemod that rewrites `source` into `output` (undefined: no change). */
function outcomeOf(source: Buffer, output: string | undefined, options: TaskOptions = { codemodOptions: {} }) {
  const codemod: Codemod = { meta: { name: 'fixed', description: '' }, transform: () => output };
  return processSource(FILE, decodePythonSource(source), codemod, options);
}

describe('processSource: what crosses from a worker to the main thread', () => {
  it("a change: the bytes read, the new bytes in the file's encoding, no text", () => {
    const source = Buffer.from('# coding: latin-1\nx = "\xe9"\n', 'latin1');
    const outcome = outcomeOf(source, '# coding: latin-1\nx = "\xe9"\ny = 1\n', { codemodOptions: {} });
    expectStatus(outcome, 'changed');
    expect({ keys: Object.keys(outcome).sort(), data: outcome.data.toString('latin1'), original: outcome.original.equals(source) }).toEqual({
      keys: ['absPath', 'data', 'entries', 'findings', 'original', 'path', 'status'],
      data: '# coding: latin-1\nx = "\xe9"\ny = 1\n',
      original: true,
    });
  });

  it("a patch holds the file's own bytes (latin-1 here), with a C-quoted name", () => {
    const source = Buffer.from('# coding: latin-1\nx = "\xe9"\n', 'latin1');
    const outcome = outcomeOf(source, '# coding: latin-1\nx = "\xe9"\ny = 1\n', {
      codemodOptions: {},
      diff: { form: 'patch' },
    });
    expectStatus(outcome, 'changed');
    expect(outcome.patch?.toString('latin1')).toBe('--- "a/dir/caf\\303\\251.py"\n+++ "b/dir/caf\\303\\251.py"\n@@ -1,2 +1,3 @@\n # coding: latin-1\n x = "\xe9"\n+y = 1\n');
  });

  it('a text diff shows the decoded lines', () => {
    const source = Buffer.from('x = "é"\n', 'utf8');
    const outcome = outcomeOf(source, 'x = "é"\ny = 1\n', { codemodOptions: {}, diff: { form: 'text' } });
    expectStatus(outcome, 'changed');
    expect(outcome.diff).toContain('\n x = "é"\n+y = 1\n');
  });

  it("a character the file's encoding lacks: failed, nothing to write", () => {
    const source = Buffer.from('# coding: latin-1\nx = 1\n', 'latin1');
    const outcome = outcomeOf(source, '# coding: latin-1\nx = "\u20ac"\n', { codemodOptions: {} });
    expect(outcome).toEqual({
      status: 'failed',
      path: FILE.path,
      absPath: FILE.absPath,
      findings: [],
      entries: [],
      reason: 'character U+20AC on line 2 cannot be encoded as latin-1',
    });
  });

  it('no change: the bytes read are dropped', () => {
    const source = Buffer.from('x = 1\n');
    const outcome = outcomeOf(source, undefined);
    expect(Object.keys(outcome).sort()).toEqual(['absPath', 'entries', 'findings', 'path', 'status']);
  });
});
