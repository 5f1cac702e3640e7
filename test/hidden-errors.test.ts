import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import mainGuard from '../codemods/main-guard/index.js';
import { runCodemod } from '../src/run/pipeline.js';
import { expectStatus } from './helpers/outcomes.js';
import { parsePython } from './helpers/parse.js';
import { findPython2, findPython3 } from './helpers/python.js';
import { filesThatDoNotCompile } from './helpers/stdlib.js';
import { named } from './helpers/table.js';

// Inputs tree-sitter parses without an ERROR node although no Python compiles them. Each is a
// script with work to move, so a tool that trusted the tree would rewrite it.
const HIDDEN = named([
  { name: 'an unexpected indent', source: 'import os\nx = 1\n    y = 2\nprint(os)\n', message: 'syntax error at line 3: unexpected indent' },
  { name: 'a dedent to no open level', source: 'if True:\n    x = 1\n  y = 2\nprint(x)\n', message: 'syntax error at line 3: unindent does not match any outer indentation level' },
  { name: 'a missing block after a colon', source: 'for i in range(2):\nprint(i)\n', message: 'syntax error at line 2: expected an indented block' },
  { name: 'a colon at the end of the file', source: 'print(1)\nif True:\n', message: 'syntax error at line 3: expected an indented block' },
  {
    name: '100 indentation levels',
    source: `${Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}if True:\n`).join('')}${' '.repeat(100)}print(1)\n`,
    message: 'syntax error at line 101: too many levels of indentation',
  },
  { name: 'brackets nested 5,000 deep', source: `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\nprint(x)\n`, message: 'syntax error at line 1: too many nested parentheses' },
  { name: 'brackets nested 201 deep', source: `x = ${'['.repeat(201)}${']'.repeat(201)}\nprint(x)\n`, message: 'syntax error at line 1: too many nested parentheses' },
  {
    name: 'two statements on a line without a semicolon',
    source: 'import unittest unittest\nunittest.main()\n',
    message: 'syntax error at line 1, column 17: invalid syntax (two statements on one line)',
  },
  {
    name: 'a statement that runs on into the next line',
    source: 'x = 1 +\nprint(x)\nprint(2)\n',
    message: 'syntax error at line 1, column 1: invalid syntax (a statement runs on into the next line)',
  },
  { name: 'a del with nothing to delete', source: 'import os\ndel\nprint(os)\n', message: 'syntax error at line 2, column 1: invalid syntax (a statement runs on into the next line)' },
  { name: 'an unpacking of an unpacking', source: 'def f(*a):\n    return g(* *a)\nprint(f(1))\n', message: 'syntax error at line 2, column 14: invalid syntax (an unpacking of an unpacking)' },
  {
    name: 'print as a name inside a Python 2 print statement',
    source: 'import os\nprint print(os.sep)\n',
    message: 'syntax error at line 2, column 1: invalid syntax (print used as a name in a print statement)',
  },
  { name: 'a try without except or finally', source: 'try:\n    print(1)\nprint(2)\n', message: "syntax error at line 1, column 1: a try without an 'except' or 'finally' block" },
  {
    name: 'a return outside a function before a try without a handler (the try is reported first, as ever)',
    source: 'return 5\ntry:\n    print(1)\nprint(2)\n',
    message: "syntax error at line 2, column 1: a try without an 'except' or 'finally' block",
  },
  { name: 'return at module level (valid once inside main())', source: 'print(1)\nreturn 5\n', message: "syntax error at line 2, column 1: 'return' outside function" },
  { name: 'yield at module level (main() would become a generator)', source: 'print(1)\nyield 5\n', message: "syntax error at line 2, column 1: 'yield' outside function" },
  {
    name: 'a __future__ import after code',
    source: '"""Doc."""\nimport os\nfrom __future__ import division\nprint(os)\n',
    message: 'syntax error at line 3, column 1: from __future__ imports must occur at the beginning of the file',
  },
  { name: 'an unknown __future__ feature', source: 'from __future__ import braces\nprint(1)\n', message: 'syntax error at line 1, column 24: future feature braces is not defined' },
  { name: 'a byte order mark in the middle of the file', source: 'x = 1\n\ufeffprint(x)\n', message: 'syntax error at line 2: invalid non-printable character U+FEFF' },
]);

// Near misses: valid Python that must not be mistaken for the errors above.
const VALID = named([
  { name: 'an inline body, then a statement at the same level', source: 'import os\nif os.sep: print(1)\nprint(2)\n' },
  { name: 'statements after a semicolon and after an else colon', source: 'import os\nx = 1; print(x)\nif x: pass\nelse: print(os)\n' },
  { name: 'a comment ending with a colon', source: 'import os\nprint(os)  # note:\nprint(2)\n' },
  { name: 'a colon line with a comment after it', source: 'for i in range(2):  # loop (twice)\n    print(i)\n' },
  { name: 'a statement continued with a backslash and in brackets', source: 'x = 1 + \\\n    2\ny = (3 +\n4)\nprint(x, y)\n' },
  { name: 'try with finally only', source: 'try:\n    print(1)\nfinally:\n    print(2)\n' },
  { name: 'future imports after the docstring and comments', source: '"""Doc."""\n# comment\nfrom __future__ import (division,\n    print_function)\nfrom __future__ import annotations\nprint(1)\n' },
  { name: 'return in a function, yield in a lambda', source: 'def f():\n    return 1\ng = lambda: (yield)\nprint(f(), g)\n' },
  { name: 'a dedent through several levels with tabs', source: 'import os\nif os.sep:\n\tif os.sep:\n\t\tprint(1)\nprint(2)\n' },
  { name: 'brackets nested 200 deep', source: `x = ${'('.repeat(200)}1${')'.repeat(200)}\nprint(x)\n` },
]);

const fix = (source: string) => runCodemod(mainGuard, { path: 'script.py', source });
const check = (source: string) => runCodemod(mainGuard, { path: 'script.py', source });

describe('syntax errors tree-sitter hides', () => {
  it.each(HIDDEN)('tree-sitter reads past it without an ERROR node: %s', (_name, { source }) => {
    // The point of these cases: an ERROR search alone would let them through.
    expect(
      parsePython(source)
        .root()
        .find({ rule: { kind: 'ERROR' } }),
    ).toBeNull();
  });

  it.each(HIDDEN)('refused as a syntax error by fix and by check: %s', (_name, { source, message }) => {
    const fixed = fix(source);
    const checked = check(source);
    expect({
      fix: fixed.status,
      fixReason: fixed.status === 'failed' ? fixed.reason : undefined,
      check: checked.status,
      checkReason: checked.status === 'failed' ? checked.reason : undefined,
    }).toEqual({
      fix: 'failed',
      fixReason: message,
      check: 'failed',
      checkReason: message,
    });
  });

  it.each(VALID)('valid Python is rewritten, not refused: %s', (_name, { source }) => {
    expect(fix(source).status).toBe('changed');
  });

  it('a module 99 levels deep is reported but not rewritten: main() would add a 100th level', () => {
    const source = `${Array.from({ length: 99 }, (_, i) => `${' '.repeat(i)}if True:\n`).join('')}${' '.repeat(99)}print(1)\n`;
    const result = fix(source);
    expect({ status: result.status, reason: result.status === 'skipped' ? result.reason : '', codes: result.findings.map((f) => f.code) }).toEqual({
      status: 'skipped',
      reason: "indented 99 levels deep: one more level inside main() would pass Python's limit; left unchanged",
      codes: ['MG001'],
    });
  });
});

describe('guards merged only where the result reads as Python', () => {
  it('two guards whose bodies are indented differently are not merged (the lines would not line up)', () => {
    const source = 'import os\nif __name__ == "__main__":\n        print(os.sep)\nif __name__ == "__main__":\n    print(os.name)\n';
    const result = fix(source);
    expect({ status: result.status, reason: result.status === 'skipped' ? result.reason : '' }).toEqual({
      status: 'skipped',
      reason: 'the main guards on lines 2 and 4 indent their bodies differently; indent them alike to merge them',
    });
  });

  it('two guards indented alike are merged', () => {
    const result = fix('import os\nif __name__ == "__main__":\n    print(os.sep)\nif __name__ == "__main__":\n    print(os.name)\n');
    expectStatus(result, 'changed');
    expect(result.output).toBe('import os\nif __name__ == "__main__":\n    print(os.sep)\n    print(os.name)\n');
  });
});

describe('the interpreters agree', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mainguard-hidden-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (prefix: string, rows: Array<[string, { source: string }]>): string[] =>
    rows.map(([, { source }], i) => {
      const file = join(dir, `${prefix}${i}.py`);
      writeFileSync(file, source);
      return file;
    });
  const interpreters = [findPython3(), findPython2()].filter((p): p is string => p !== undefined);

  it.skipIf(interpreters.length === 0)('no local Python compiles any of the hidden-error inputs; Python 3 compiles every near miss', () => {
    const hidden = write('hidden', HIDDEN);
    for (const python of interpreters)
      expect(
        filesThatDoNotCompile(python, hidden).map((l) => l.split('\t')[0]),
        python,
      ).toEqual(hidden);
    const valid = write('valid', VALID);
    expect(filesThatDoNotCompile(interpreters[0]!, valid)).toEqual([]);
  });
});
