import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CodemodApi } from '../src/codemod.js';
import { CodemodError } from '../src/errors.js';
import { BUILTIN_CODEMODS, codemodFromModule, prepareCodemod } from '../src/run/codemods.js';
import { named } from './helpers/table.js';

const scratch = mkdtempSync(join(tmpdir(), 'mainguard-codemods-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const transform = (): string => 'x';

/** A codemod API that records nothing: these transforms report no findings. */
const API: CodemodApi = {
  report: () => {},
  describe: () => {},
  classify: () => {},
  skip: (reason) => {
    throw new Error(reason);
  },
};

describe('codemodFromModule: the shapes a codemod module may have', () => {
  it.each(
    named([
      { name: 'a named transform and meta', module: { transform, meta: { name: 'n', description: 'd' } }, meta: { name: 'n', description: 'd' } },
      { name: 'a named transform, no meta: the file name', module: { transform }, meta: { name: 'file', description: '' } },
      { name: 'a default function (jscodeshift)', module: { default: transform }, meta: { name: 'file', description: '' } },
      { name: 'a default object with transform and meta', module: { default: { transform, meta: { name: 'obj' } } }, meta: { name: 'obj', description: '' } },
      {
        name: 'meta with rules: the well-formed ones are kept',
        module: { transform, meta: { name: 'r', rules: [{ code: 'XY1', name: 'x-y', summary: 's', severity: 'error' }, { code: 'XY2' }] } },
        meta: { name: 'r', description: '', rules: [{ code: 'XY1', name: 'x-y', summary: 's', severity: 'error' }] },
      },
      {
        name: 'meta with options and report kinds: the well-formed ones are kept',
        module: {
          transform,
          meta: {
            name: 'o',
            options: [
              { key: 'max-depth', type: 'boolean', default: false, description: 'd' },
              { key: 'Bad Key', type: 'boolean', default: false, description: 'd' },
              { key: 'n', type: 'strings', default: 3, description: 'd' },
            ],
            entryKinds: [
              { kind: 'renamed', color: 'green' },
              { kind: 'odd', color: 'plaid' },
            ],
          },
        },
        meta: { name: 'o', description: '', options: [{ key: 'max-depth', type: 'boolean', default: false, description: 'd' }], entryKinds: [{ kind: 'renamed', color: 'green' }] },
      },
    ]),
  )('%s', (_name, { module, meta }) => {
    const codemod = codemodFromModule(module as Record<string, unknown>, 'file');
    expect({ meta: codemod?.meta, transform: codemod?.transform }).toEqual({ meta, transform });
  });

  it.each(
    named([
      { name: 'nothing', module: {} },
      { name: 'a default string', module: { default: 'x' } },
      { name: 'transform not a function', module: { transform: 1 } },
    ]),
  )('no transform: %s', (_name, { module }) => {
    expect(codemodFromModule(module, 'file')).toBeUndefined();
  });
});

describe('prepareCodemod', () => {
  it('a built-in name', async () => {
    const prepared = await prepareCodemod('main-guard', scratch);
    expect({ builtins: BUILTIN_CODEMODS, name: prepared.codemod.meta.name, source: prepared.source }).toEqual({
      builtins: ['main-guard'],
      name: 'main-guard',
      source: { kind: 'builtin', name: 'main-guard' },
    });
  });

  it('a .mjs path relative to the folder given', async () => {
    writeFileSync(join(scratch, 'up.mjs'), 'export default (file) => file.source.toUpperCase();\n');
    const prepared = await prepareCodemod('up.mjs', scratch);
    expect(prepared.codemod.transform({ path: 'a.py', source: 'abc' }, API, {})).toBe('ABC');
    expect(prepared.source).toMatchObject({ kind: 'module', label: 'up.mjs' });
  });

  it('a .ts module: compiled next to it for the run, removed by dispose', async () => {
    writeFileSync(join(scratch, 'typed.ts'), 'export function transform(file: { source: string }): string { return file.source + "!"; }\n');
    const prepared = await prepareCodemod(join(scratch, 'typed.ts'), '/');
    const compiled = readdirSync(scratch).filter((n) => n.endsWith('.mjs') && n.startsWith('.typed.ts.mainguard-'));
    expect(compiled.length).toBe(1);
    expect(prepared.codemod.transform({ path: 'a.py', source: 'x' }, API, {})).toBe('x!');
    await prepared.dispose();
    expect(existsSync(join(scratch, compiled[0]!))).toBe(false);
  });

  it.each(
    named([
      { name: 'an unknown name', ref: 'nope', message: 'no codemod "nope": neither a built-in name nor a file' },
      { name: 'a folder', ref: '.', message: 'no codemod ".": neither a built-in name nor a file' },
      { name: 'another extension', ref: 'x.py', message: 'cannot load x.py: a codemod is a .js, .mjs, .cjs or .ts module' },
    ]),
  )('%s: a CodemodError', async (_name, { ref, message }) => {
    writeFileSync(join(scratch, 'x.py'), '');
    const error = await prepareCodemod(ref, scratch).catch((e: unknown) => e);
    expect({ type: error instanceof CodemodError, message: (error as Error).message }).toEqual({ type: true, message });
  });
});
