import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import mainGuard from '../codemods/main-guard/index.js';
import { provablyClean, scanModule } from '../codemods/main-guard/prescan.js';
import { judgeFromText } from '../codemods/main-guard/text-judgement.js';
import { discoverFiles } from '../src/files/discover.js';
import { decodePythonSource } from '../src/files/source.js';
import { type CodemodResult, type FileOutcome, processAll, runCodemod } from '../src/run/pipeline.js';
import { py } from './helpers/dedent.js';
import { reasonOf } from './helpers/outcomes.js';
import { filesThatDoNotCompile, findStdlibCorpora } from './helpers/stdlib.js';
import { named } from './helpers/table.js';

/** The full analysis, parser and all, with the pre-scan turned off. */
function parsed(source: string): CodemodResult {
  return runCodemod(mainGuard, { path: 'module.py', source }, { lexicalPrescan: false });
}

const LIBRARY = py`
  #!/usr/bin/env python3
  # -*- coding: utf-8 -*-
  """A library module: nothing runs on import but definitions."""
  from __future__ import annotations

  import os, sys
  from typing import (
      Dict,
      List,
  )

  __all__ = ["greet", "Greeter"]
  __version__ = "1.0"
  VERBOSE: bool = False
  LIMITS = {"low": -1, "high": 10 ** 6, "names": ("a", 'b')}
  PATTERN = re.compile(r"^\\s*(\\w+)")
  log = logging.getLogger(__name__)
  T = TypeVar("T")
  Table = Dict[str, List[int]]
  a = b = 0
  x, *rest = 1, 2, 3
  COUNT += 1

  try:
      import ujson as json
  except ImportError:
      import json
      print("falling back to json")

  if sys.platform == "win32":
      def path_sep():
          return "\\\\"
  elif sys.version_info >= (3, 8):
      SEP = "/"
  else:
      pass

  @decorator(with_args=1)
  def greet(name: str = "world") -> str:
      print(f"hello {name!r:>10}")
      return name

  async def fetch():
      await thing()

  class Greeter(Base, metaclass=Meta):
      print("a class body runs on import, and the analysis keeps it")

      def __init__(self):
          self.x = [i for i in range(3)]

  if __name__ == "__main__":
      greet(sys.argv[1])
`;

describe('the lexical pre-scan', () => {
  it('proves a module of imports, definitions, static assignments and one guard clean', () => {
    expect(provablyClean(LIBRARY)).toBe(true);
    expect(parsed(LIBRARY)).toMatchObject({ status: 'unchanged', findings: [] });
  });

  it.each(
    named([
      { name: 'empty file', source: '' },
      { name: 'only comments and blank lines', source: '# a\n\n   \n# b\n' },
      { name: 'a docstring of two concatenated strings', source: '"""doc""" \\\n  "more"\nimport os\n' },
      { name: 'a BOM, then imports', source: '\uFEFFimport os\n' },
      { name: 'CRLF line endings', source: 'import os\r\n\r\ndef f():\r\n    print(1)\r\n' },
      { name: 'a one-line def and class', source: 'def f(): return 1\nclass A: pass\n' },
      { name: 'column-0 code inside a triple-quoted string in a body', source: 'def f():\n    return """\nprint(1)\nimport os\n"""\n' },
      { name: 'an f-string of 3.12 with the same quotes nested', source: 'def f(d):\n    return f"{d["k"]}"\nX = 1\n' },
      { name: 'an f-string with a format spec and a conversion', source: 'def f(x):\n    return f"{x!r:{width}.{p}f} {{literal}}"\n' },
      { name: 'a __main__ that is not in a condition', source: 'import sys\n\ndef main_module():\n    return sys.modules["__main__"]\n' },
      { name: 'a try whose every block stays', source: 'try:\n    X = 1\nexcept Exception:\n    X = 2\nfinally:\n    pass\n' },
      { name: 'annotations alone', source: 'x: int\ny: "List[int]" = []\n' },
      { name: 'a lambda without calls', source: 'key = lambda item: item.name\n' },
      { name: 'pure factories with keyword arguments', source: 'Point = namedtuple("Point", ["x", "y"], defaults=(0, 0))\n' },
      { name: 'non-ASCII names', source: 'café = "noir"\nπ = 3.14\n' },
      { name: 'a static assignment to an attribute of a name', source: 'run.__doc__ = other.run.__doc__\nEvent.time.__doc__ = "when"\n' },
      { name: 'an if with a called condition around definitions', source: 'if hasattr(os, "fork"):\n    def fork():\n        pass\n' },
      { name: 'an import by a call', source: 'gdbm = import_helper.import_module("dbm.gnu")\n' },
      { name: 'a function that compares a module name with __main__', source: 'def f(module):\n    if module.__name__ == "__main__":\n        return 1\n' },
      { name: 'a method that compares another name with __main__', source: 'class A:\n    def f(self, name):\n        if name == "__main__" or name.endswith(".__main__"):\n            return 1\n' },
      { name: 'a main guard inside a docstring', source: '"""Usage:\n\nif __name__ == "__main__":\n    main()\n"""\nimport os\n' },
    ]),
  )('proves clean: %s', (_name, { source }) => {
    expect(provablyClean(source)).toBe(true);
    expect(parsed(source)).toMatchObject({ status: 'unchanged', findings: [] });
  });

  // Each of these needs the parser: code to move, a rule that looks inside bodies, or text the
  // pre-scan cannot read with certainty. "Not proven" is all it says; the analysis decides.
  it.each(
    named([
      { name: 'a call at module level', source: 'import os\nprint(os.sep)\n' },
      { name: 'an assignment from an unknown call', source: 'data = load()\n' },
      { name: 'a subscript of a lower-case name', source: 'first = items[0]\n' },
      { name: 'a call on a call', source: 'P = re.compile("x")("y")\n' },
      { name: 'a loop', source: 'for i in (1, 2):\n    pass\n' },
      { name: 'a with block', source: 'with open("f") as f:\n    pass\n' },
      { name: 'an if with a call in its condition', source: 'if os.environ.get("X") is None and check():\n    X = 1\n' },
      { name: 'an if whose body moves', source: 'if True:\n    print(1)\n' },
      { name: 'a try without imports whose handler moves', source: 'try:\n    X = 1\nexcept Exception:\n    print(2)\n' },
      { name: 'an assignment to an attribute with a call in its key', source: 'TABLE[key()] = 1\n' },
      { name: 'an assignment to an attribute of os.environ', source: 'os.environ.x = 1\n' },
      { name: 'two statements on a line', source: 'import os; print(os)\n' },
      { name: 'a walrus', source: 'X = (y := 1)\n' },
      { name: 'an f-string assigned at module level', source: 'NAME = f"{os.getcwd()}"\n' },
      { name: 'two main guards', source: 'if __name__ == "__main__":\n    pass\nif __name__ == "__main__":\n    pass\n' },
      { name: 'a guard with an else', source: 'if __name__ == "__main__":\n    pass\nelse:\n    X = 1\n' },
      { name: 'a guard inside a function (MG003)', source: 'def f():\n    if __name__ == "__main__":\n        pass\n' },
      { name: 'a guard inside a class, in parentheses over two lines', source: 'class A:\n    if (\n        __name__ == "__main__"):\n        pass\n' },
      { name: 'a guard inside a function, its condition split after __name__', source: 'def f():\n    if (__name__\n            == "__main__"):\n        pass\n' },
      { name: 'a guard inside a method, split with a backslash before the operator', source: 'class A:\n    def f(self):\n        if __name__ \\\n                == "__main__":\n            pass\n' },
      { name: 'a guard nested in an if block', source: 'if True:\n    if __name__ == "__main__":\n        pass\n' },
      { name: 'a guard inside a function that also tests an attribute', source: 'def f(m):\n    if m.__name__ == "x" or __name__ == "__main__":\n        pass\n' },
      { name: 'an unterminated string', source: 'def f():\n    return "abc\nX = 1\n' },
      { name: 'an unclosed bracket', source: 'def f():\n    return (1,\n' },
      { name: 'a stray backslash', source: 'X = 1 \\ 2\n' },
      { name: 'an unexpected indent', source: 'import os\n    import sys\n' },
      { name: 'a form feed before code', source: '\fimport os\n' },
      { name: 'a character that is not Python', source: '€ = 2\n' },
      { name: 'Python 2 print', source: 'print "hello"\n' },
      { name: 'a type alias statement', source: 'type Vector = list[float]\n' },
      { name: 'a decorator not followed by a definition', source: '@decorator\nX = 1\n' },
      { name: 'a def with no body', source: 'def f():\nX = 1\n' },
    ]),
  )('leaves to the parser: %s', (_name, { source }) => {
    expect(provablyClean(source)).toBe(false);
  });

  it('a string that hides column-0 code from a naive line reader is read as a string', () => {
    // If the pre-scan took line 3 for code, it would still only see a call and give up; the
    // dangerous mistake is the opposite: taking real code for the inside of a string.
    const hidden = 'def f():\n    return "a\\"b" + \'c\'\nprint(1)\n';
    expect(provablyClean(hidden)).toBe(false);
    expect(parsed(hidden).findings.map((f) => f.code)).toEqual(['MG001']);
  });
});

// What a user sees of a result: its status, findings, kind and why, and the reason of a refusal.
function seen(result: CodemodResult | FileOutcome): string {
  return JSON.stringify({ status: result.status, findings: result.findings, judgement: result.judgement, reason: reasonOf(result) });
}

describe('the judgement from the text', () => {
  const IMPORTED = [{ path: 'app.py', names: [] as string[] }];
  it.each(
    named([
      { name: 'a library whose import-time code is set-up', source: 'import os\nTABLE = build()\nregister(TABLE)\n', importedBy: IMPORTED, kind: 'library' },
      {
        name: 'a library with a loop and a called condition around constants',
        source: 'for k in KEYS:\n    TABLE[k] = make(k)\nif hasattr(os, "fork"):\n    X = 1\n',
        importedBy: IMPORTED,
        kind: 'library',
      },
      {
        name: 'a library whose own function, called at import, prints only when a check fails',
        source: 'import sys\ndef _check(args):\n    for a in args:\n        if not a:\n            print("bad", a)\n_check(sys.path)\n',
        importedBy: IMPORTED,
        kind: 'library',
      },
      {
        name: 'a library that calls a decorated function of its own that returns, and prints elsewhere',
        source: '@cache\ndef report():\n    return 1\nreport()\ndef other():\n    print(2)\n',
        importedBy: IMPORTED,
        kind: 'library',
      },
      {
        name: 'a library that fills a table with a function of its own that prints',
        source: 'def load():\n    print("loading")\n    return {}\nTABLE = load()\n',
        importedBy: IMPORTED,
        kind: 'library',
      },
      { name: 'a test module, imported by test runners', source: 'from test import support\nsupport.requires("network")\n', path: 'test_net.py', kind: 'library' },
      { name: 'a settings module nobody imports', source: 'DEBUG = env("DEBUG")\nDATABASES = load(DEBUG)\n', kind: 'settings' },
      { name: 'a script behind its guard', source: 'def main():\n    print(1)\n\nif __name__ == "__main__":\n    main()\n', kind: 'script' },
      { name: 'an if with a called condition around definitions', source: 'import os\nif hasattr(os, "fork"):\n    def fork():\n        pass\n', kind: 'definitions' },
      {
        name: 'a module nobody imports that fills its own tables',
        source: 'import codecs\ndecoding_map = codecs.make_identity_dict(range(256))\ndecoding_map.update({0x80: 0x00c7})\n',
        kind: 'library',
      },
      {
        name: 'a module nobody imports that registers and calls its own private helper',
        source: 'import atexit\ndef _cleanup():\n    pass\natexit.register(_cleanup)\n_cleanup()\nfor k in range(3):\n    pass\n',
        kind: 'library',
      },
    ]),
  )('judges as the analysis does: %s', (_name, { source, importedBy, path, kind }) => {
    const file = { path: path ?? 'module.py', source, importedBy };
    const scan = scanModule(source);
    expect(scan && judgeFromText(source, scan, importedBy?.map((i) => ({ kind: 'file' as const, ...i })) ?? (path ? [{ kind: 'test-runners' }] : undefined), undefined)?.kind).toBe(kind);
    const fromText = runCodemod(mainGuard, file);
    expect(fromText.judgement?.kind).toBe(kind);
    expect(seen(fromText)).toBe(seen(runCodemod(mainGuard, file, { lexicalPrescan: false })));
  });

  // Each of these is left to the parser: what moves may be a script's work, or may not move at all.
  it.each(
    named([
      { name: 'a library that prints', source: 'TABLE = build()\nprint(TABLE)\n' },
      { name: 'a library that calls its own entry point', source: 'def main():\n    pass\nX = load()\nmain()\n' },
      { name: 'a library that calls a function of its own that prints', source: 'def report():\n    print(1)\nX = load()\nreport()\n' },
      { name: 'a library that calls a decorated function of its own that prints', source: '@cache\ndef report():\n    print(1)\nreport()\n' },
      { name: 'a library that starts processes', source: 'from multiprocessing import Pool as P\nPOOL = P(2)\n' },
      { name: 'a library that reads argv', source: 'import sys\nNAME = basename(sys.argv[0])\n' },
      { name: 'a library with a keep comment', source: 'X = load()  # mainguard: keep\n' },
      { name: 'a library whose only unproven statement may stay', source: 'if check():\n    make = lambda: 1\n' },
      { name: 'a call in an f-string', source: 'X = load()\nNAME = f"{input()}"\n' },
    ]),
  )('leaves to the parser: %s', (_name, { source }) => {
    const scan = scanModule(source);
    expect(scan && judgeFromText(source, scan, [{ kind: 'file', path: 'app.py', names: [] }], undefined)).toBeUndefined();
  });

  // Nobody imports these: a call that is not set-up is a script's work, and what the text cannot
  // show (a callee that is no dotted name, a name it did not see defined) goes to the parser.
  it.each(
    named([
      { name: 'a call of an imported function', source: 'DEBUG = env("DEBUG")\nregister(DEBUG)\n' },
      { name: 'a method of an object made from an imported class', source: 'from turtle import Turtle\nboard = Turtle()\nboard.forward(100)\n' },
      { name: 'a container method on an imported name', source: 'from settings import TABLE\nTABLE.update(a=1)\n' },
      { name: 'a public helper of its own called bare', source: 'def helper():\n    pass\nhelper()\n' },
      { name: 'a method of a call', source: 'X = {}\nglobals().update(X)\n' },
      { name: 'a loop that raises', source: 'for k in range(3):\n    raise ValueError(k)\n' },
      { name: 'a with block', source: 'with lock:\n    pass\n' },
      { name: 'a logging call that writes', source: 'import logging\nlogging.info("x")\n' },
    ]),
  )('leaves a module nobody imports to the parser: %s', (_name, { source }) => {
    const scan = scanModule(source);
    expect(scan && judgeFromText(source, scan, undefined, undefined)).toBeUndefined();
  });
});

const corpora = findStdlibCorpora();

// Whether the line of a reported syntax error is indented: inside a body, not at module level.
function errorIsIndented(absPath: string, result: string): boolean {
  const line = Number(/line (\d+)/.exec(result)?.[1]);
  const text = readFileSync(absPath, 'latin1').split('\n')[line - 1] ?? '';
  return /^[ \t]/.test(text);
}

// Running check with and without the pre-scan can only differ on the files the pre-scan proves
// clean (every other file takes the same path), so those are the files compared, in full.
describe.skipIf(corpora.length === 0)('the pre-scan never changes a result, on every local standard library', () => {
  describe.each(corpora)('Python $version', ({ version, python, libDir }) => {
    it('every file it proves clean is clean to the full analysis; it proves at least 45% of the files', async () => {
      const discovery = await discoverFiles([libDir], { cwd: libDir, respectGitignore: false });
      let proven = 0;
      const different: { path: string; absPath: string; result: string }[] = [];
      for (const file of discovery.files) {
        const read = decodePythonSource(readFileSync(file.absPath));
        if (!read.ok || !provablyClean(read.text)) continue;
        proven++;
        const result = parsed(read.text);
        if (result.status !== 'unchanged' || result.findings.length > 0) {
          different.push({ path: file.path, absPath: file.absPath, result: `${result.status} ${reasonOf(result)} ${result.findings.map((f) => f.code)}` });
        }
      }
      // Findings never differ. Outcomes may differ in one way: a module the pre-scan proves to be
      // definitions only is not parsed, so a syntax error is not reported there when it is either
      // (a) a misreading by tree-sitter of a valid file (Python 2's `exec code in ns` in a method,
      // 3.11's test_compile.py), as that version's interpreter, compiling the file, confirms; or
      // (b) a real error inside a function or class body (badsyntax_nocaret.py), left to Python.
      const rejectedByPython = new Set(
        filesThatDoNotCompile(
          python,
          different.map((d) => d.absPath),
        ).map((l) => l.split('\t')[0]),
      );
      const syntaxOnly = different.filter((d) => /^failed syntax error/.test(d.result));
      const misreadByParser = syntaxOnly.filter((d) => !rejectedByPython.has(d.absPath));
      const insideBodies = syntaxOnly.filter((d) => rejectedByPython.has(d.absPath) && errorIsIndented(d.absPath, d.result));
      expect(different.filter((d) => !misreadByParser.includes(d) && !insideBodies.includes(d)).map((d) => `${d.path}: ${d.result}`)).toEqual([]);
      expect(misreadByParser.length + insideBodies.length).toBeLessThanOrEqual(8);
      console.log(
        `Python ${version}: pre-scan proves ${proven} of ${discovery.files.length} files clean; ` +
          `parser misreads ${misreadByParser.map((d) => d.path).join(', ') || 'none'}; errors in bodies ${insideBodies.map((d) => d.path).join(', ') || 'none'}`,
      );
      expect(proven / discovery.files.length).toBeGreaterThan(0.45);
    });

    it('check gives every file the same result with the pre-scan and without it, kind and why included', async () => {
      const discovery = await discoverFiles([libDir], { cwd: libDir, respectGitignore: false });
      const withPrescan = await processAll(discovery.files, mainGuard, { codemodOptions: {} });
      const parsedAll = await processAll(discovery.files, mainGuard, { codemodOptions: { lexicalPrescan: false } });
      const different = discovery.files.flatMap((file, i) => {
        const [a, b] = [seen(withPrescan[i]!), seen(parsedAll[i]!)];
        return a === b ? [] : [{ path: file.path, absPath: file.absPath, result: `${parsedAll[i]!.status} ${reasonOf(parsedAll[i]!)}`, a, b }];
      });
      // As above: the only differences allowed are syntax errors the parser reports in a file its
      // own Python compiles (a misreading), or inside a body, which the pre-scan leaves to Python.
      const rejectedByPython = new Set(
        filesThatDoNotCompile(
          python,
          different.map((d) => d.absPath),
        ).map((l) => l.split('\t')[0]),
      );
      const unexplained = different.filter((d) => !/^failed syntax error/.test(d.result) || (rejectedByPython.has(d.absPath) && !errorIsIndented(d.absPath, d.result)));
      expect(unexplained.map((d) => `${d.path}:\n  with the pre-scan ${d.a}\n  parsed ${d.b}`)).toEqual([]);
      console.log(`Python ${version}: ${different.length} files differ, each a syntax error of the parser's`);
    });
  });
});
