import { describe, expect, it } from 'vitest';
import { type AnalyzeOptions, analyzeModule, type ModulePlan, type StatementPlan } from '../codemods/main-guard/analyze.js';
import type { Verdict } from '../codemods/main-guard/classify.js';
import { py } from './helpers/dedent.js';
import { parsePython } from './helpers/parse.js';
import { named } from './helpers/table.js';

// Each expected verdict below is read from DESIGN.md ("What stays at module level, what moves",
// "Left alone"), not from running the code: the table is a claim about the design.

function analyze(source: string, options: AnalyzeOptions = {}): ModulePlan {
  return analyzeModule(parsePython(source), source, source.split('\n'), options);
}

/** The top-level statement whose first line starts with `prefix` (the first statement without one). */
function statementAt(plan: ModulePlan, source: string, prefix?: string): StatementPlan {
  const lines = source.split('\n');
  const found = prefix === undefined ? plan.statements[0] : plan.statements.find((s) => lines[s.startLine]!.startsWith(prefix));
  if (!found) throw new Error(`no top-level statement starts with ${JSON.stringify(prefix)}`);
  return found;
}

interface Row {
  name: string;
  source: string;
  /** The first line of the statement under test; the module's first statement when absent. */
  at?: string;
  verdict: Verdict;
  /** A word the reason must contain, where the reason means something to a user. */
  reason?: RegExp;
  options?: AnalyzeOptions;
}

function checkRows(rows: Row[]): void {
  it.each(named(rows))('%s', (_name, { source, at, verdict, reason, options }) => {
    const s = statementAt(analyze(source, options), source, at);
    if (reason) expect({ verdict: s.verdict, reason: s.reason }).toEqual({ verdict, reason: expect.stringMatching(reason) });
    else expect(s.verdict).toBe(verdict);
  });
}

describe('stays: imports', () => {
  checkRows([
    { name: 'import', source: 'import os\n', verdict: 'stay', reason: /import/ },
    { name: 'from-import with alias', source: 'from os import path as p\n', verdict: 'stay', reason: /import/ },
    { name: '__future__ import', source: 'from __future__ import annotations\n', verdict: 'stay', reason: /import/ },
    { name: 'star import at top level', source: 'from os.path import *\n', verdict: 'stay', reason: /import/ },
    {
      name: 'try: import / except ImportError: name = None',
      source: py`
        try:
            import numpy
        except ImportError:
            numpy = None
      `,
      verdict: 'stay',
    },
    {
      name: 'try: import / except ImportError: import another',
      source: py`
        try:
            from lxml import etree
        except ImportError:
            import xml.etree.ElementTree as etree
      `,
      verdict: 'stay',
    },
    {
      name: 'if TYPE_CHECKING: import',
      source: py`
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from collections.abc import Sequence
      `,
      at: 'if ',
      verdict: 'stay',
    },
    {
      name: 'if on sys.version_info with imports in both branches',
      source: py`
        import sys
        if sys.version_info >= (3, 11):
            import tomllib
        else:
            import tomli as tomllib
      `,
      at: 'if ',
      verdict: 'stay',
    },
    {
      name: 'if on sys.platform with defs in both branches',
      source: py`
        import sys
        if sys.platform == "win32":
            def clear():
                return "cls"
        else:
            def clear():
                return "clear"
      `,
      at: 'if ',
      verdict: 'stay',
    },
    {
      name: 'star import inside try / except ImportError',
      source: 'try:\n    from _speedups import *\nexcept ImportError:\n    pass\n',
      verdict: 'stay',
    },
    { name: 'importlib.import_module assignment', source: 'import importlib\nmod = importlib.import_module("json")\n', at: 'mod', verdict: 'stay', reason: /import/ },
  ]);
});

describe('stays: definitions, strings, pass, annotations, type aliases', () => {
  checkRows([
    { name: 'def', source: 'def f(x):\n    print(x)\n', verdict: 'stay', reason: /definition/ },
    { name: 'async def', source: 'async def f():\n    await g()\n', verdict: 'stay', reason: /definition/ },
    { name: 'class', source: 'class C:\n    x = compute()\n', verdict: 'stay', reason: /definition/ },
    { name: 'decorated def', source: '@functools.lru_cache(maxsize=None)\ndef f():\n    return 1\n', verdict: 'stay', reason: /definition/ },
    { name: 'decorated class', source: '@dataclass\nclass Point:\n    x: int = 0\n', verdict: 'stay', reason: /definition/ },
    { name: 'module docstring', source: '"""The module docstring."""\n', verdict: 'stay' },
    { name: 'bare string later in the module', source: 'import os\n"""A note about what follows."""\n', at: '"""A note', verdict: 'stay' },
    { name: 'implicitly concatenated bare string', source: 'import os\n"one" "two"\n', at: '"one"', verdict: 'stay' },
    { name: 'pass', source: 'pass\n', verdict: 'stay' },
    { name: '... (ellipsis)', source: '...\n', verdict: 'stay' },
    { name: 'bare annotation x: int', source: 'x: int\n', verdict: 'stay', reason: /annotation/ },
    { name: 'annotation with a subscripted type', source: 'cache: dict[str, list[int]]\n', verdict: 'stay', reason: /annotation/ },
    { name: 'type alias statement (3.12 syntax)', source: 'type Vector = list[float]\n', verdict: 'stay', reason: /alias/ },
    { name: 'generic type alias statement', source: 'type Pair[T] = tuple[T, T]\n', verdict: 'stay', reason: /alias/ },
  ]);
});

describe('stays: static assignments', () => {
  checkRows([
    { name: 'integer literal', source: 'X = 1\n', verdict: 'stay' },
    { name: 'negative float', source: 'X = -1.5\n', verdict: 'stay' },
    { name: 'string literal', source: 'NAME = "demo"\n', verdict: 'stay' },
    { name: 'None, True, False', source: 'A, B, C = None, True, False\n', verdict: 'stay' },
    { name: 'another name', source: 'X = 1\nY = X\n', at: 'Y', verdict: 'stay' },
    { name: 'attribute of an import', source: 'import os\nSEP = os.sep\n', at: 'SEP', verdict: 'stay' },
    { name: 'arithmetic operators', source: 'X = 1 + 2 * 3 ** 2 // 4 % 5\n', verdict: 'stay' },
    { name: 'boolean and comparison operators', source: 'X = 1\nY = X > 0 and not X == 2 or X is None\n', at: 'Y', verdict: 'stay' },
    { name: 'conditional expression', source: 'X = 1\nY = "a" if X else "b"\n', at: 'Y', verdict: 'stay' },
    { name: 'nested containers', source: 'X = [1, (2, 3), {"k": {4, 5}}]\n', verdict: 'stay' },
    { name: 'dict with ** splat', source: 'BASE = {"a": 1}\nX = {**BASE, "b": 2}\n', at: 'X', verdict: 'stay' },
    { name: 'list comprehension over a literal', source: 'X = [i * 2 for i in (1, 2, 3) if i > 1]\n', verdict: 'stay' },
    { name: 'dict comprehension over a name', source: 'KEYS = ("a", "b")\nX = {k: len for k in KEYS}\n', at: 'X', verdict: 'stay' },
    { name: 'lambda (its body runs later)', source: 'f = lambda x: launch(x)\n', verdict: 'stay' },
    { name: 'f-string over a name', source: 'NAME = "x"\nMSG = f"hello {NAME!r:>10}"\n', at: 'MSG', verdict: 'stay' },
    { name: 'tuple target', source: 'a, b = 1, 2\n', verdict: 'stay' },
    { name: 'starred tuple target', source: 'first, *rest = (1, 2, 3)\n', verdict: 'stay' },
    { name: 'chained assignment', source: 'a = b = 0\n', verdict: 'stay' },
    { name: 'annotated assignment', source: 'TIMEOUT: float = 2.5\n', verdict: 'stay' },
    { name: 'augmented assignment of a literal', source: 'X = 1\nX += 2\n', at: 'X +=', verdict: 'stay' },
    { name: 'subscript of an upper-case constant', source: 'CONFIG = {"debug": True}\nDEBUG = CONFIG["debug"]\n', at: 'DEBUG', verdict: 'stay' },
    { name: 'typing subscript alias', source: 'from typing import Dict\nJson = Dict[str, "Json"]\n', at: 'Json', verdict: 'stay' },
  ]);
});

describe('stays: calls of pure factories', () => {
  checkRows([
    { name: 'TypeVar', source: 'from typing import TypeVar\nT = TypeVar("T", bound=int)\n', at: 'T', verdict: 'stay' },
    { name: 'typing.NewType', source: 'import typing\nUserId = typing.NewType("UserId", int)\n', at: 'UserId', verdict: 'stay' },
    { name: 'collections.namedtuple', source: 'import collections\nPoint = collections.namedtuple("Point", "x y")\n', at: 'Point', verdict: 'stay' },
    { name: 'logging.getLogger(__name__)', source: 'import logging\nlog = logging.getLogger(__name__)\n', at: 'log', verdict: 'stay' },
    { name: 're.compile', source: 'import re\nWORD = re.compile(r"\\w+", re.I)\n', at: 'WORD', verdict: 'stay' },
    {
      name: 'os.path.join of os.path.dirname(__file__)',
      source: 'import os\nDATA = os.path.join(os.path.dirname(__file__), "data")\n',
      at: 'DATA',
      verdict: 'stay',
    },
    { name: 'pathlib.Path(__file__).parent', source: 'import pathlib\nHERE = pathlib.Path(__file__).parent\n', at: 'HERE', verdict: 'stay' },
    { name: 'Path(...) / "x"', source: 'from pathlib import Path\nOUT = Path("out") / "x.txt"\n', at: 'OUT', verdict: 'stay' },
    { name: 'os.environ.get with a default', source: 'import os\nHOME = os.environ.get("HOME", "/")\n', at: 'HOME', verdict: 'stay' },
    { name: 'object() sentinel', source: 'MISSING = object()\n', verdict: 'stay' },
    { name: 'functools.partial', source: 'import functools\nhexint = functools.partial(int, base=16)\n', at: 'hexint', verdict: 'stay' },
    { name: 'defaultdict(list)', source: 'from collections import defaultdict\nINDEX = defaultdict(list)\n', at: 'INDEX', verdict: 'stay' },
  ]);
});

describe('looks static but is not: moves', () => {
  checkRows([
    { name: 'list(range(3))', source: 'X = list(range(3))\n', verdict: 'move', reason: /call/ },
    { name: 'sys.argv[1]', source: 'import sys\nx = sys.argv[1]\n', at: 'x', verdict: 'move' },
    { name: '"".join(...)', source: 'X = "".join(["a", "b"])\n', verdict: 'move', reason: /call/ },
    { name: 'f-string calling a function', source: 'import time\nSTAMP = f"{time.time()}"\n', at: 'STAMP', verdict: 'move' },
    { name: 'comprehension calling a function', source: 'X = [load(i) for i in (1, 2)]\n', verdict: 'move' },
    { name: 'pure factory with a call among its arguments', source: 'import re\nPAT = re.compile(input())\n', at: 'PAT', verdict: 'move' },
    { name: 'os.environ.get of a computed key', source: 'import os\nV = os.environ.get(key())\n', at: 'V', verdict: 'move' },
    { name: 'augmented assignment of a call', source: 'X = 0\nX += compute()\n', at: 'X +=', verdict: 'move' },
    { name: 'walrus inside a value', source: 'X = (y := compute())\n', verdict: 'move' },
  ]);
});

describe('import-time set-up', () => {
  checkRows([
    {
      name: 'sys.path.insert before a later import stays',
      source: py`
        import os, sys
        sys.path.insert(0, os.path.dirname(__file__))
        import helpers
        print(helpers)
      `,
      at: 'sys.path.insert',
      verdict: 'stay',
    },
    {
      name: 'sys.path.append before a later import stays',
      source: 'import sys\nsys.path.append("vendor")\nimport vendored\nprint(vendored)\n',
      at: 'sys.path.append',
      verdict: 'stay',
    },
    {
      name: 'sys.path.insert without a later import moves',
      source: 'import sys\nsys.path.insert(0, "lib")\nprint(sys.path)\n',
      at: 'sys.path.insert',
      verdict: 'move',
      reason: /call/,
    },
    {
      name: 'sys.path.insert before an import inside try/except ImportError stays',
      source: py`
        import sys
        sys.path.insert(0, "vendor")
        try:
            import vendored
        except ImportError:
            vendored = None
        print(vendored)
      `,
      at: 'sys.path.insert',
      verdict: 'stay',
    },
    {
      name: 'sys.path.insert of str(Path(__file__).parent) before an import stays',
      source: py`
        import sys
        from pathlib import Path
        sys.path.insert(0, str(Path(__file__).parent / "lib"))
        import mylib
        print(mylib)
      `,
      at: 'sys.path.insert',
      verdict: 'stay',
    },
    { name: 'os.environ["X"] = "1" stays', source: 'import os\nos.environ["X"] = "1"\nprint(1)\n', at: 'os.environ', verdict: 'stay' },
    {
      name: 'os.environ["X"] = "1" before an import stays',
      source: 'import os\nos.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"\nimport tensorflow as tf\nprint(tf)\n',
      at: 'os.environ',
      verdict: 'stay',
    },
    {
      name: 'matplotlib.use("Agg") before an import stays',
      source: py`
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        plt.plot([1, 2])
        plt.savefig("out.png")
      `,
      at: 'matplotlib.use',
      verdict: 'stay',
    },
  ]);
});

describe('kept by the user', () => {
  checkRows([
    { name: '# mainguard: keep on a one-line call', source: 'register()  # mainguard: keep\nprint(1)\n', verdict: 'stay' },
    {
      name: '# mainguard: keep on the first line of a multi-line call',
      source: 'register(  # mainguard: keep\n    "a",\n    "b",\n)\nprint(1)\n',
      verdict: 'stay',
    },
    {
      name: '# mainguard: keep on the last line of a multi-line call',
      source: 'register(\n    "a",\n    "b",\n)  # mainguard: keep\nprint(1)\n',
      verdict: 'stay',
    },
    {
      name: '# mainguard: keep on a with block',
      source: 'with open("x") as f:  # mainguard: keep\n    DATA = f.read()\n',
      verdict: 'stay',
    },
    {
      name: 'a comment that is not the keep marker does not keep',
      source: 'register()  # keep this\nprint(1)\n',
      verdict: 'move',
    },
    {
      name: 'the marker inside a string literal is not a keep comment',
      source: 'print("add # mainguard: keep to keep a line")\n',
      verdict: 'move',
    },
    {
      name: 'keep pattern matching a call',
      source: 'register(Plugin)\nprint(1)\n',
      options: { keep: ['register($$$)'] },
      verdict: 'stay',
    },
    {
      name: 'keep pattern matching an assignment',
      source: 'app = create_app()\napp.run()\n',
      options: { keep: ['app = create_app()'] },
      verdict: 'stay',
    },
    {
      name: 'keep pattern that matches something else does not keep',
      source: 'register(Plugin)\nprint(1)\n',
      options: { keep: ['unregister($$$)'] },
      verdict: 'move',
    },
  ]);
});

describe('moves: executable statements', () => {
  checkRows([
    { name: 'call', source: 'main()\n', verdict: 'move', reason: /call/ },
    { name: 'method call', source: 'import logging\nlogging.basicConfig(level=logging.INFO)\nprint(1)\n', at: 'logging.basicConfig', verdict: 'move', reason: /call/ },
    { name: 'assignment from a call', source: 'data = load()\nprint(data)\n', verdict: 'move', reason: /call/ },
    { name: 'for loop', source: 'for i in (1, 2):\n    print(i)\n', verdict: 'move', reason: /loop/ },
    { name: 'for loop of definitions only', source: 'for i in (1, 2):\n    pass\n', verdict: 'move', reason: /loop/ },
    { name: 'while loop', source: 'while True:\n    break\n', verdict: 'move', reason: /loop/ },
    { name: 'with block', source: 'with open("f") as fh:\n    print(fh.read())\n', verdict: 'move', reason: /with/ },
    {
      name: 'try with executable code',
      source: 'try:\n    run()\nexcept ValueError:\n    pass\n',
      verdict: 'move',
      reason: /try/,
    },
    {
      name: 'try whose handler is executable and whose body is not an import',
      source: 'try:\n    X = 1\nexcept Exception:\n    print("no")\n',
      verdict: 'move',
      reason: /try/,
    },
    { name: 'if with executable code', source: 'DEBUG = True\nif DEBUG:\n    print("debug")\n', at: 'if', verdict: 'move', reason: /if/ },
    { name: 'if with a dynamic condition around constants only', source: 'if check():\n    MODE = "fast"\n', verdict: 'move', reason: /if/ },
    { name: 'if whose condition reads input, around definitions', source: 'if input("fast? ") == "y":\n    def go():\n        pass\n', verdict: 'move', reason: /if/ },
    { name: 'if whose condition reads sys.argv, around an import', source: 'import sys\nif len(sys.argv) > 1:\n    import fast\n', at: 'if', verdict: 'move', reason: /if/ },
    { name: 'if with executable code in the else branch', source: 'import sys\nif sys.platform == "win32":\n    import msvcrt\nelse:\n    run()\n', at: 'if', verdict: 'move' },
    { name: 'del', source: 'X = 1\ndel X\n', at: 'del', verdict: 'move', reason: /del/ },
    { name: 'assert', source: 'assert 1 + 1 == 2\n', verdict: 'move', reason: /assert/ },
    { name: 'raise', source: 'raise SystemExit(1)\n', verdict: 'move', reason: /raise/ },
    { name: 'exit()', source: 'exit()\n', verdict: 'move', reason: /call/ },
    { name: 'sys.exit(main())', source: 'import sys\nsys.exit(main())\n', at: 'sys.exit', verdict: 'move', reason: /call/ },
    { name: 'Python 2 print statement', source: 'print "hello"\n', verdict: 'move', reason: /print/ },
    { name: 'assignment into a foreign object', source: 'import json\njson.decoder.X = 1\nprint(json)\n', at: 'json.decoder', verdict: 'move' },
    { name: 'bare expression with a call', source: 'x = 1\nx + compute()\n', at: 'x +', verdict: 'move' },
    { name: 'bare f-string with a call', source: 'f"{launch()}"\n', verdict: 'move' },
  ]);
});

describe('the main guard', () => {
  checkRows([
    { name: 'double quotes', source: 'if __name__ == "__main__":\n    main()\n', verdict: 'guard' },
    { name: 'single quotes', source: "if __name__ == '__main__':\n    main()\n", verdict: 'guard' },
    { name: 'operands reversed', source: 'if "__main__" == __name__:\n    main()\n', verdict: 'guard' },
    { name: 'operands reversed, single quotes', source: "if '__main__' == __name__:\n    main()\n", verdict: 'guard' },
    { name: 'no spaces around ==', source: 'if __name__=="__main__":\n    main()\n', verdict: 'guard' },
    { name: 'parenthesized condition', source: 'if (__name__ == "__main__"):\n    main()\n', verdict: 'guard' },
    { name: 'with an else branch', source: 'if __name__ == "__main__":\n    main()\nelse:\n    X = 1\n', verdict: 'guard' },
    { name: 'membership in a one-element tuple', source: 'if __name__ in ("__main__",):\n    main()\n', verdict: 'guard' },
    { name: 'membership in the string', source: "if __name__ in '__main__':\n    main()\n", verdict: 'guard' },
    // Tests of __name__ that are not main guards are not script code: they stay where they are.
    { name: 'not a guard: `and x`', source: 'x = True\nif __name__ == "__main__" and x:\n    main()\n', at: 'if', verdict: 'stay', reason: /tests __name__/ },
    { name: 'not a guard: !=', source: 'if __name__ != "__main__":\n    print("imported")\n', verdict: 'stay', reason: /tests __name__/ },
    { name: 'not a guard: another module name', source: 'if __name__ == "__mp_main__":\n    print("child")\n', verdict: 'stay', reason: /tests __name__/ },
  ]);
});

describe('demotion: a static value that reads a moved name moves', () => {
  checkRows([
    {
      name: 'constant reading a name bound by a call',
      source: 'data = load()\nSIZE = data\nprint(SIZE)\n',
      at: 'SIZE',
      verdict: 'move',
      reason: /data/,
    },
    {
      name: 'constant reading a loop result',
      source: 'total = 0\nfor i in (1, 2):\n    total += i\nAVERAGE = total / 2\nprint(AVERAGE)\n',
      at: 'AVERAGE',
      verdict: 'move',
    },
    {
      name: 'demotion is transitive, in file order',
      source: 'data = load()\nA = data\nB = A + 1\nprint(B)\n',
      at: 'B',
      verdict: 'move',
    },
    {
      name: 'a static value reading a staying name stays',
      source: 'LIMIT = 3\nDOUBLE = LIMIT * 2\nprint(DOUBLE)\n',
      at: 'DOUBLE',
      verdict: 'stay',
    },
    {
      name: 'a name bound again by moved code is the script state: its static binding moves, and what reads it',
      source: 'X = 1\nY = X\nX = compute()\nprint(X, Y)\n',
      at: 'Y',
      verdict: 'move',
    },
    {
      name: 'the first static binding of a name moved code binds again moves too',
      source: 'X = 1\nY = X\nX = compute()\nprint(X, Y)\n',
      at: 'X = 1',
      verdict: 'move',
    },
    {
      name: 'a name bound twice by constants and read only after both stays',
      source: 'COUNT = 0\nCOUNT += 5\nprint(COUNT)\n',
      at: 'COUNT += 5',
      verdict: 'stay',
    },
    {
      name: '__all__ extended in two statements stays, though moved code reads it',
      source: '__all__ = ["a"]\nprint(__all__)\n__all__ += ["b"]\n',
      at: '__all__ = ',
      verdict: 'stay',
    },
    {
      name: 'lambda whose default argument reads a moved name stays: it is a definition',
      source: 'scale = compute()\ng = lambda k=scale: k\nprint(g())\n',
      at: 'g =',
      verdict: 'stay',
    },
    {
      name: 'what a lambda default reads is kept at module level for it',
      source: 'scale = compute()\ng = lambda k=scale: k\nprint(g())\n',
      at: 'scale',
      verdict: 'stay',
    },
    {
      name: 'lambda reading a moved name stays (read at call time)',
      source: 'data = load()\nget = lambda: data\nprint(get())\n',
      at: 'get',
      verdict: 'stay',
    },
  ]);
});

interface ClosureRow {
  name: string;
  source: string;
  /** The statement that is kept for a definition. */
  at: string;
  /** The staying statement that needs it, and the name it needs. */
  keptFor: { by: string; name: string };
}

describe('closure: what a staying statement needs when it is defined stays', () => {
  const rows: ClosureRow[] = [
    {
      name: 'decorator',
      source: py`
        registry = make_registry()
        @registry.register
        def handler():
            pass
        print(handler)
      `,
      at: 'registry =',
      keptFor: { by: '@registry', name: 'registry' },
    },
    {
      name: 'decorator call argument',
      source: py`
        route = compute_route()
        @app.get(route)
        def index():
            pass
        print(index)
      `,
      at: 'route =',
      keptFor: { by: '@app.get', name: 'route' },
    },
    {
      name: 'default argument',
      source: py`
        default = compute()
        def f(x=default):
            return x
        print(f())
      `,
      at: 'default =',
      keptFor: { by: 'def f', name: 'default' },
    },
    {
      name: 'base class',
      source: py`
        Base = make_base()
        class Model(Base):
            pass
        print(Model)
      `,
      at: 'Base =',
      keptFor: { by: 'class Model', name: 'Base' },
    },
    {
      name: 'class body',
      source: py`
        limit = compute_limit()
        class Config:
            LIMIT = limit
        print(Config.LIMIT)
      `,
      at: 'limit =',
      keptFor: { by: 'class Config', name: 'limit' },
    },
    {
      name: 'annotation (evaluated at def time without __future__ annotations)',
      source: py`
        Alias = build_type()
        def f(x: Alias) -> None:
            pass
        print(f)
      `,
      at: 'Alias =',
      keptFor: { by: 'def f', name: 'Alias' },
    },
    {
      name: 'module-level bare annotation (evaluated at import)',
      source: py`
        Alias = build_type()
        x: Alias
        print(Alias)
      `,
      at: 'Alias =',
      keptFor: { by: 'x: Alias', name: 'Alias' },
    },
    {
      name: 'static assignment reading a moved name, itself needed by a class body',
      source: py`
        limit = compute_limit()
        LIMIT = limit
        class Config:
            MAX = LIMIT
        print(Config.MAX)
      `,
      at: 'LIMIT =',
      keptFor: { by: 'class Config', name: 'LIMIT' },
    },
  ];
  it.each(named(rows))('%s', (_name, { source, at, keptFor }) => {
    const plan = analyze(source);
    const kept = statementAt(plan, source, at);
    const by = statementAt(plan, source, keptFor.by);
    expect({ verdict: kept.verdict, keptFor: kept.keptFor }).toEqual({ verdict: 'stay', keptFor: { by: by.index, name: keptFor.name } });
  });

  it('transitive: what a kept statement needs stays too, kept for that statement', () => {
    const source = py`
      base = load_base()
      wrapped = wrap(base)
      @wrapped
      def f():
          pass
      print(f)
    `;
    const plan = analyze(source);
    const wrapped = statementAt(plan, source, 'wrapped =');
    const base = statementAt(plan, source, 'base =');
    const def = statementAt(plan, source, '@wrapped');
    expect([
      { verdict: wrapped.verdict, keptFor: wrapped.keptFor },
      { verdict: base.verdict, keptFor: base.keptFor },
    ]).toEqual([
      { verdict: 'stay', keptFor: { by: def.index, name: 'wrapped' } },
      { verdict: 'stay', keptFor: { by: wrapped.index, name: 'base' } },
    ]);
  });

  it('the statement a definition needs stays while the unrelated script work around it moves', () => {
    const source = py`
      default = compute()
      print("middle")
      def f(x=default):
          return x
      print(f())
    `;
    const plan = analyze(source);
    const verdicts = plan.statements.map((s) => s.verdict);
    expect(verdicts).toEqual(['stay', 'move', 'stay', 'move']);
    expect(plan.refusal).toBeUndefined();
  });

  it('a call a definition needs, after script work it would be hoisted above, refuses the file', () => {
    // Kept, compute() would run before print("start"): its output first, or a failure that
    // never printed "start".
    const source = py`
      print("start")
      default = compute()
      def f(x=default):
          return x
      print(f())
    `;
    const plan = analyze(source);
    expect(plan.refusal?.line).toBe(2);
    expect(plan.refusal?.reason).toMatch(/line 2 must run after line 1.*line 3 needs default/);
  });

  it('a function body reads at call time: it keeps nothing', () => {
    const source = py`
      config = load_config()
      def f():
          return config["x"]
      print(f())
    `;
    const s = statementAt(analyze(source), source, 'config =');
    expect({ verdict: s.verdict, keptFor: s.keptFor }).toEqual({ verdict: 'move', keptFor: undefined });
  });

  it('an augmented assignment in a function body runs at call time: it keeps nothing', () => {
    const source = py`
      count = compute()
      def bump():
          global count
          count += 1
      bump()
    `;
    const s = statementAt(analyze(source), source, 'count =');
    expect({ verdict: s.verdict, keptFor: s.keptFor }).toEqual({ verdict: 'move', keptFor: undefined });
  });

  it('a method body reads at call time: it keeps nothing', () => {
    const source = py`
      config = load_config()
      class C:
          def get(self):
              return config
      print(C().get())
    `;
    const s = statementAt(analyze(source), source, 'config =');
    expect({ verdict: s.verdict, keptFor: s.keptFor }).toEqual({ verdict: 'move', keptFor: undefined });
  });

  it('a comprehension variable named like a moved loop variable does not pull the loop', () => {
    const source = py`
      for x in range(3):
          print(x)
      class C:
          SQUARES = [x * x for x in (1, 2, 3)]
      print(C.SQUARES)
    `;
    const s = statementAt(analyze(source), source, 'for x');
    expect({ verdict: s.verdict, keptFor: s.keptFor }).toEqual({ verdict: 'move', keptFor: undefined });
  });

  it('a lambda default argument is read at definition time and keeps its binder', () => {
    const source = py`
      scale = compute_scale()
      class C:
          f = lambda self, k=scale: k
      print(C().f())
    `;
    const s = statementAt(analyze(source), source, 'scale =');
    expect(s.verdict).toBe('stay');
  });
});

describe('left alone: modules meant to run on import', () => {
  const rows: { name: string; source: string; leftAlone: boolean }[] = [
    {
      name: 'settings module of assignments only',
      source: py`
        import os
        DEBUG = os.environ.get("DEBUG") == "1"
        DATABASE = load_database_url()
        CACHE_SIZE = compute_cache_size()
      `,
      leftAlone: true,
    },
    {
      name: 'constants module computing values',
      source: 'import math\nTABLE = [math.sqrt(i) for i in range(100)]\nTOTAL = sum(TABLE)\n',
      leftAlone: true,
    },
    {
      name: 'Sphinx conf.py',
      source: py`
        import os
        import sys
        sys.path.insert(0, os.path.abspath(".."))
        project = "demo"
        release = get_version()
        extensions = ["sphinx.ext.autodoc"]
      `,
      leftAlone: true,
    },
    {
      name: 'settings module that starts a Pool is not left alone',
      source: 'from multiprocessing import Pool\nPOOL = Pool(4)\n',
      leftAlone: false,
    },
    {
      name: 'settings module that starts a pool through an alias is not left alone',
      source: 'import multiprocessing as mp\nWORKERS = mp.Pool(4)\n',
      leftAlone: false,
    },
    {
      name: 'a script that prints is not left alone',
      source: 'DATA = load()\nprint(DATA)\n',
      leftAlone: false,
    },
    {
      name: 'a script that loops is not left alone',
      source: 'DATA = load()\nfor row in DATA:\n    print(row)\n',
      leftAlone: false,
    },
  ];
  it.each(named(rows))('%s', (_name, { source, leftAlone }) => {
    expect(analyze(source).leftAlone !== undefined).toBe(leftAlone);
  });
});

describe('processStarts: process-starting calls that run at import time', () => {
  const rows: { name: string; source: string; starts: ModulePlan['processStarts'] }[] = [
    {
      name: 'mp.Pool via `import multiprocessing as mp`',
      source: py`
        import multiprocessing as mp
        pool = mp.Pool(4)
        print(pool.map(abs, [-1]))
      `,
      starts: [{ line: 2, column: 8, callee: 'mp.Pool' }],
    },
    {
      name: 'Pool in a with statement',
      source: py`
        from multiprocessing import Pool
        with Pool() as pool:
            print(pool.map(abs, [-1]))
      `,
      starts: [{ line: 2, column: 6, callee: 'Pool' }],
    },
    {
      name: 'Process(...).start()',
      source: py`
        from multiprocessing import Process
        def work():
            pass
        p = Process(target=work)
        p.start()
        p.join()
      `,
      starts: [{ line: 4, column: 5, callee: 'Process' }],
    },
    {
      name: 'concurrent.futures.ProcessPoolExecutor',
      source: py`
        import concurrent.futures
        with concurrent.futures.ProcessPoolExecutor() as ex:
            print(list(ex.map(abs, [-1])))
      `,
      starts: [{ line: 2, column: 6, callee: 'concurrent.futures.ProcessPoolExecutor' }],
    },
    {
      name: 'multiprocessing.Manager()',
      source: py`
        import multiprocessing
        manager = multiprocessing.Manager()
        print(manager.dict())
      `,
      starts: [{ line: 2, column: 11, callee: 'multiprocessing.Manager' }],
    },
    {
      name: "a context's Pool",
      source: py`
        import multiprocessing as mp
        ctx = mp.get_context("spawn")
        with ctx.Pool(2) as pool:
            print(pool.map(abs, [-1]))
      `,
      starts: [{ line: 3, column: 6, callee: 'ctx.Pool' }],
    },
    {
      name: 'two starts in moved code',
      source: py`
        import multiprocessing as mp
        a = mp.Process(target=print)
        b = mp.Process(target=print)
        a.start(); b.start()
      `,
      starts: [
        { line: 2, column: 5, callee: 'mp.Process' },
        { line: 3, column: 5, callee: 'mp.Process' },
      ],
    },
    {
      name: 'ProcessPoolExecutor imported under another name',
      source: py`
        from concurrent.futures import ProcessPoolExecutor as Executor
        with Executor() as ex:
            print(list(ex.map(abs, [-1])))
      `,
      starts: [{ line: 2, column: 6, callee: 'Executor' }],
    },
    {
      name: 'not psutil.Process',
      source: py`
        import multiprocessing
        import psutil
        me = psutil.Process()
        print(me.pid, multiprocessing.cpu_count())
      `,
      starts: [],
    },
    {
      name: 'not a ThreadPool',
      source: py`
        from multiprocessing.pool import ThreadPool
        with ThreadPool(2) as tp:
            print(tp.map(abs, [-1]))
      `,
      starts: [],
    },
    {
      name: 'not inside a def body',
      source: py`
        from multiprocessing import Pool
        def run():
            with Pool() as pool:
                return pool.map(abs, [-1])
        print(run())
      `,
      starts: [],
    },
    {
      name: 'not inside a def body nested in moved code',
      source: py`
        from multiprocessing import Pool
        for n in (1, 2):
            def run():
                return Pool(n)
            print(run)
      `,
      starts: [],
    },
    {
      name: 'not inside a lambda',
      source: py`
        from multiprocessing import Pool
        make = lambda: Pool()
        print(make)
      `,
      starts: [],
    },
    {
      name: 'not behind the main guard',
      source: py`
        from multiprocessing import Pool
        print("starting")
        if __name__ == "__main__":
            with Pool() as pool:
                print(pool.map(abs, [-1]))
      `,
      starts: [],
    },
  ];
  it.each(named(rows))('%s', (_name, { source, starts }) => {
    expect(analyze(source).processStarts).toEqual(starts);
  });
});
