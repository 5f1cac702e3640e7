// Who imports a module, for main-guard: the files of the tree, and the test runners that import a
// test module by its name. Both count as importers; the reports name each as what it is.
import { describe, expect, it } from 'vitest';
import { type Importer, importersOf, importerUses, namesUsedBy as namesUsed } from '../codemods/main-guard/importers.js';
import mainGuard from '../codemods/main-guard/index.js';
import { runCodemod } from '../src/run/pipeline.js';
import { py } from './helpers/dedent.js';
import { expectStatus } from './helpers/outcomes.js';

const FILE: Importer = { kind: 'file', path: 'b.py', names: ['data'] };

describe('importersOf', () => {
  it('a module: the files of the tree that import it, each a file', () => {
    expect(importersOf({ path: 'a.py', source: '', importedBy: [{ path: 'b.py', names: ['data'] }] }, 'a.py')).toEqual([FILE]);
  });

  it('a module read from stdin: nobody known', () => {
    expect(importersOf({ path: 'a.py', source: '' }, 'a.py')).toBeUndefined();
  });

  it.each(['test_app.py', 'app_test.py', 'conftest.py'])('%s: the test runners first, then the files', (name) => {
    expect(importersOf({ path: name, source: '', importedBy: [{ path: 'b.py', names: ['data'] }] }, name)).toEqual([{ kind: 'test-runners' }, FILE]);
    expect(importersOf({ path: name, source: '' }, name)).toEqual([{ kind: 'test-runners' }]);
  });

  it('an importer whose reads the index deferred: its names are what the runner finds, or every name when nothing can find them', () => {
    const deferred = { path: 'b.py', names: ['data'], deferred: { absPath: '/tree/b.py', through: ['0:a'] } };
    const asked: string[] = [];
    // Asked only when the names are wanted.
    const namesUsedBy = (importer: { path: string }): string[] => {
      asked.push(importer.path);
      return ['data', 'total'];
    };
    const [found] = importersOf({ path: 'a.py', source: '', importedBy: [deferred], namesUsedBy }, 'a.py')!;
    expect(asked).toEqual([]);
    expect(namesUsed(found!)).toEqual(['data', 'total']);
    expect(asked).toEqual(['b.py']);
    const [alone] = importersOf({ path: 'a.py', source: '', importedBy: [deferred] }, 'a.py')!;
    expect(namesUsed(alone!)).toBe('all');
  });

  it('a name like a test module that is not one: no test runners', () => {
    expect(importersOf({ path: 'testing.py', source: '' }, 'testing.py')).toBeUndefined();
  });
});

describe('importerUses: the clause a report gives', () => {
  it('a file imports a name, directly or through a function it calls', () => {
    expect(importerUses(FILE, 'data')).toBe('b.py imports data');
    expect(importerUses(FILE, 'total', 'report')).toBe('b.py (through report) imports total');
  });

  it('the test runners import, in the plural, through the test that reads the name', () => {
    expect(importerUses({ kind: 'test-runners' }, 'total', 'test_total')).toBe('test runners (test_*.py, *_test.py, conftest.py) import total (through test_total)');
  });
});

describe('a test module: what its tests read stays at module level', () => {
  const source = py`
    import json

    expected = json.loads("[1, 2]")
    print("loaded")


    def test_total():
        assert sum(expected) == 3
  `;

  it('keeps the name its test reads, names the test runners and moves the print', () => {
    const result = runCodemod(mainGuard, { path: 'test_totals.py', source }, {});
    expectStatus(result, 'changed');
    expect(result.output).toMatch(/^expected = json\.loads/m);
    expect(result.output).toMatch(/^def main\(\):\n {4}print\("loaded"\)$/m);
    expect(result.entries.find((entry) => entry.kind === 'kept')?.message).toBe('line 3 stays at module level: test runners (test_*.py, *_test.py, conftest.py) import expected (through test_total)');
    expect(result.judgement?.kind).toBe('script');
  });

  it('under another name the module is a script of its own, and the name moves with its print', () => {
    const result = runCodemod(mainGuard, { path: 'totals.py', source }, {});
    expectStatus(result, 'changed');
    expect(result.output).toMatch(/^def main\(\):\n {4}global expected\n/m);
    expect(result.entries.filter((entry) => entry.kind === 'kept')).toEqual([]);
  });
});

describe('a library that runs a function of its own at import', () => {
  const importedBy = [{ path: 'main.py', names: ['read_java_file'] }];

  it('one that always runs a program and prints is script work: the call moves, the function its importer uses stays', () => {
    const source = py`
      import subprocess


      def read_java_file(name):
          subprocess.check_call(["javac", name])
          print(name)


      read_java_file("Test.java")
    `;
    const result = runCodemod(mainGuard, { path: 'reader.py', source, importedBy }, {});
    expectStatus(result, 'changed');
    expect(result.judgement?.kind).toBe('script');
    expect(result.findings.map((f) => [f.code, f.line])).toEqual([['MG001', 9]]);
    expect(result.output).toMatch(/^def read_java_file\(name\):$/m);
    expect(result.output).toMatch(/^def main\(\):\n {4}read_java_file\("Test\.java"\)$/m);
  });

  it('one that prints only in a handler, when something fails, is set-up: the library is left alone', () => {
    const source = py`
      import sys


      def read_java_file(options):
          for option in options:
              try:
                  int(option)
              except ValueError:
                  print("ignored", option, file=sys.stderr)


      read_java_file(sys.warnoptions)
    `;
    const result = runCodemod(mainGuard, { path: 'reader.py', source, importedBy }, {});
    expectStatus(result, 'unchanged');
    expect(result.judgement).toEqual({ kind: 'library', why: 'imported by main.py' });
    expect(result.findings).toEqual([]);
  });
});
