import { describe, expect, it } from 'vitest';
import mainGuard from '../codemods/main-guard/index.js';
import { type CodemodResult, runCodemod } from '../src/run/pipeline.js';
import { py } from './helpers/dedent.js';
import { expectStatus } from './helpers/outcomes.js';
import { named } from './helpers/table.js';

function check(source: string, path = 'script.py', options: Record<string, unknown> = {}): CodemodResult {
  return runCodemod(mainGuard, { path, source }, options);
}

describe('MG001: executable statements at module level', () => {
  const source = py`
    import sys

    print("start")

    def f():
        return 1

    x = f()
    for i in range(2):
        print(i)
  `;

  it('reports one finding per file, at the first moved statement', () => {
    const findings = check(source).findings;
    expect(findings.map(({ code, line, column }) => ({ code, line, column }))).toEqual([{ code: 'MG001', line: 3, column: 1 }]);
  });

  it('lists the number of moved statements and their lines', () => {
    const [finding] = check(source).findings;
    expect(finding!.message).toMatch(/\b3 statements\b.*\blines 3, 8-10\b/);
  });

  it.each(
    named([
      { name: 'a constant, then a print, on one line', source: 'import os\nX = 1; print(X, os.sep)\n' },
      { name: 'a print, then a constant, on one line', source: 'import os\nprint(os.sep); X = 1\n' },
    ]),
  )('%s: one statement does work, and the finding says so', (_name, { source }) => {
    const findings = check(source).findings;
    expect(findings.map((f) => [f.code, f.line])).toEqual([['MG001', 2]]);
    expect(findings[0]!.message).toMatch(/\(1 statement, line 2\)/);
  });

  it('does not count a statement that moves only to stay after moved code', () => {
    const [finding] = check('prefs = {}\nprint(prefs)\nprefs["c"] = 3\n').findings;
    expect(finding!.message).toMatch(/\(1 statement, line 2\)/);
  });

  it('says "1 statement" and its line for a single one', () => {
    const [finding] = check('import os\n\nprint(os.sep)\n').findings;
    expect(finding!.message).toMatch(/\b1 statement\b.*\bline 3\b/);
  });
});

describe('MG002: process-starting calls at import time', () => {
  const source = py`
    import multiprocessing as mp

    def work(x):
        return x

    procs = [mp.Process(target=work, args=(i,)) for i in range(2)]
    with mp.Pool(2) as pool:
        print(pool.map(work, [1]))
  `;

  it('reports one finding per call, at the line and column of the call', () => {
    const findings = check(source).findings.filter((f) => f.code === 'MG002');
    expect(findings.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: 6, column: 10 },
      { line: 7, column: 6 },
    ]);
  });

  it('comes with MG001, findings in position order', () => {
    expect(check(source).findings.map((f) => `${f.line}:${f.column} ${f.code}`)).toEqual(['6:1 MG001', '6:10 MG002', '7:6 MG002']);
  });

  it('names the callee in its message', () => {
    const finding = check(source).findings.find((f) => f.code === 'MG002' && f.line === 7);
    expect(finding!.message).toContain('mp.Pool');
  });

  it('is not reported for a call behind the guard', () => {
    const guarded = py`
      from multiprocessing import Pool

      if __name__ == "__main__":
          with Pool() as pool:
              print(pool.map(abs, [-1]))
    `;
    expect(check(guarded).findings).toEqual([]);
  });
});

describe('MG003: a main guard inside a function or class body', () => {
  it.each(
    named([
      {
        name: 'in a def',
        source: py`
        def main():
            if __name__ == "__main__":
                print("x")
      `,
        line: 2,
        column: 5,
      },
      {
        name: 'in a class body',
        source: py`
        class App:
            if __name__ == "__main__":
                run = True
      `,
        line: 2,
        column: 5,
      },
      {
        name: 'in a method, reversed operands',
        source: py`
        class App:
            def start(self):
                if '__main__' == __name__:
                    print("x")
      `,
        line: 3,
        column: 9,
      },
      {
        name: 'in a def, the condition split over lines after __name__',
        source: py`
        import os

        def main():
            if (__name__
                    == "__main__"):
                print(os.sep)
      `,
        line: 4,
        column: 5,
      },
    ]),
  )('%s', (_name, { source, line, column }) => {
    expect(check(source).findings.map((f) => ({ code: f.code, line: f.line, column: f.column }))).toEqual([{ code: 'MG003', line, column }]);
  });

  it('a nested guard marked `# mainguard: keep` is accepted: no MG003 (explain MG003)', () => {
    const source = py`
      def main():
          if __name__ == "__main__":  # mainguard: keep
              print("x")
    `;
    expect(check(source).findings).toEqual([]);
  });

  it('is not fixed: fix leaves a module whose only problem is a nested guard unchanged', () => {
    const source = py`
      def main():
          if __name__ == "__main__":
              print("x")
    `;
    const result = runCodemod(mainGuard, { path: 'script.py', source }, {});
    expect({ status: result.status, codes: result.findings.map((f) => f.code) }).toEqual({ status: 'unchanged', codes: ['MG003'] });
  });

  it('is not fixed: fix moves the script code and leaves the nested guard as it is', () => {
    const source = py`
      def helper():
          if __name__ == "__main__":
              print("nested")

      print("top")
    `;
    const result = runCodemod(mainGuard, { path: 'script.py', source }, {});
    expectStatus(result, 'changed');
    expect(result.output.startsWith('def helper():\n    if __name__ == "__main__":\n        print("nested")\n')).toBe(true);
  });
});

describe('MG004: more than one main guard', () => {
  const source = py`
    def main():
        print("hi")

    if __name__ == "__main__":
        main()

    if __name__ == '__main__':
        print("again")
  `;

  it('reports the second guard, at column 1', () => {
    expect(check(source).findings.map((f) => ({ code: f.code, line: f.line, column: f.column }))).toEqual([{ code: 'MG004', line: 7, column: 1 }]);
  });

  it("names the first guard's line in its message", () => {
    expect(check(source).findings[0]!.message).toMatch(/\bline 4\b/);
  });

  it('reports every extra guard', () => {
    const three = `${source}\nif "__main__" == __name__:\n    print("third")\n`;
    expect(check(three).findings.map((f) => `${f.code}@${f.line}`)).toEqual(['MG004@7', 'MG004@10']);
  });
});

describe('MG004: no comment keeps two guards apart (explain MG004 says so)', () => {
  const source = py`
    def main():
        print("hi")

    if __name__ == "__main__":
        main()

    def other():
        pass

    if __name__ == "__main__":  # mainguard: keep
        print("again")
  `;

  it('is still reported', () => {
    expect(check(source).findings.map((f) => f.code)).toEqual(['MG004']);
  });

  it('is merged by fix, its comment kept inside the merged body', () => {
    const result = runCodemod(mainGuard, { path: 'script.py', source }, {});
    expectStatus(result, 'changed');
    expect(result.output).toContain('    # mainguard: keep\n    print("again")');
  });

  it('skip-file leaves the file alone', () => {
    const skipped = runCodemod(mainGuard, { path: 'script.py', source: `# mainguard: skip-file\n${source}` }, {});
    expect(skipped).toMatchObject({ status: 'skipped', skipKind: 'ignored' });
  });
});

describe('no findings', () => {
  it.each(
    named([
      {
        name: 'library module',
        source: py`
        """Helpers."""
        import os
        from typing import TypeVar

        T = TypeVar("T")
        DEFAULT_DIR = os.path.join(os.path.dirname(__file__), "data")

        def load(name):
            print(name)
            return open(os.path.join(DEFAULT_DIR, name)).read()

        class Loader:
            def run(self):
                return load("x")
      `,
      },
      {
        name: 'settings module',
        source: py`
        import os
        DEBUG = os.environ.get("DEBUG") == "1"
        DATABASE_URL = read_secret("db")
        WORKERS = cpu_count() * 2
      `,
      },
      {
        name: 'already-guarded script',
        source: py`
        import sys

        def main(argv):
            print(argv)
            return 0

        if __name__ == "__main__":
            sys.exit(main(sys.argv))
      `,
      },
      { name: 'empty file', source: '' },
      { name: 'comments and a docstring only', source: '#!/usr/bin/env python\n# comment\n"""Doc."""\n' },
    ]),
  )('%s', (_name, { source }) => {
    const result = check(source);
    expect({ status: result.status, findings: result.findings }).toEqual({ status: 'unchanged', findings: [] });
  });
});

describe('files left alone', () => {
  it('# mainguard: skip-file: skipped (ignored), no findings', () => {
    const result = check('#!/usr/bin/env python\n# mainguard: skip-file\nprint("x")\n');
    expectStatus(result, 'skipped');
    expect({ skipKind: result.skipKind, findings: result.findings }).toEqual({
      skipKind: 'ignored',
      findings: [],
    });
  });

  const init = 'from .core import run\nprint("package loaded")\n';
  const setup = py`
    from setuptools import setup

    setup(name="demo", long_description=open("README.md").read())
  `;

  it.each(
    named([
      { name: '__init__.py', path: 'pkg/__init__.py', source: init },
      { name: 'setup.py', path: 'setup.py', source: setup },
    ]),
  )('%s is skipped (ignored) by default', (_name, { path, source }) => {
    const result = check(source, path);
    expectStatus(result, 'skipped');
    expect({ skipKind: result.skipKind, findings: result.findings }).toEqual({
      skipKind: 'ignored',
      findings: [],
    });
  });

  it.each(
    named([
      { name: '__init__.py', path: 'pkg/__init__.py', source: init, line: 2 },
      { name: 'setup.py', path: 'setup.py', source: setup, line: 3 },
    ]),
  )('%s is handled with { includeInit: true }', (_name, { path, source, line }) => {
    const result = check(source, path, { includeInit: true });
    expect({ status: result.status, findings: result.findings.map((f) => `${f.code}@${f.line}`) }).toEqual({
      status: 'changed',
      findings: [`MG001@${line}`],
    });
  });
});

describe('syntax errors', () => {
  // Errors that tree-sitter repairs with a zero-width token are looked for only where they change
  // the outcome (a file with findings, or one about to be rewritten): a clean file costs no extra pass.
  it('a repaired error in a file with nothing to report is not looked for', () => {
    expect(check('def f(:\n    pass\n').status).toBe('unchanged');
  });

  it.each(
    named([
      { name: 'broken parameter list, in a file with findings', source: 'def f(:\n    pass\nprint(1)\n', line: 1 },
      { name: 'first of two errors', source: 'import os\n\nx = = 1\n\ny = = 2\n', line: 3 },
      { name: 'unclosed bracket in the middle', source: 'import os\nprint(os.sep\nfor i in range(2):\n    print(i)\n', line: 2 },
    ]),
  )('%s: failed, with the line of the first error, and an MG000 finding there', (_name, { source, line }) => {
    const result = check(source);
    expectStatus(result, 'failed');
    expect({ reasonLine: result.reasonLine, findingCode: result.findingCode, findings: result.findings }).toEqual({
      reasonLine: line,
      findingCode: 'MG000',
      findings: [{ code: 'MG000', message: result.reason, line, column: expect.any(Number) }],
    });
  });

  it('the reason says it is a syntax error and names the line', () => {
    const result = check('x = = 1\n');
    expectStatus(result, 'failed');
    expect(result.reason).toMatch(/syntax error.*line 1/);
  });
});

describe('Python 2', () => {
  it('a print-statement script is classified like any other (MG001)', () => {
    const source = py`
      import sys

      def greet(name):
          print "hello", name

      greet(sys.argv[1])
      print >>sys.stderr, "done"
    `;
    expect(check(source).findings.map((f) => `${f.code}@${f.line}`)).toEqual(['MG001@6']);
  });
});
