// Which names the generated main() declares global, seen as a user sees them: the `global` line of the
// rewrite and the report's `global` entry. The expected names follow DESIGN.md ("Semantics the rewrite
// must keep", 3): a name moved code binds is global where code outside main() reads or binds it, or
// where moved code may read it before binding it; every one of them where the module reads its own
// namespace by name.
import { describe, expect, it } from 'vitest';
import mainGuard from '../codemods/main-guard/index.js';
import { runCodemod } from '../src/run/pipeline.js';
import { py } from './helpers/dedent.js';
import { expectStatus } from './helpers/outcomes.js';
import { named } from './helpers/table.js';

interface Row {
  name: string;
  source: string;
  /** The names of main()'s `global` statement, sorted; empty for none. */
  globals: string[];
  /** For every-name cases: what the report's global entry must say (the line and what reads the namespace). */
  because?: RegExp;
}

function rewrite(source: string): { globals: string[]; entry: string | undefined } {
  const result = runCodemod(mainGuard, { path: 'script.py', source });
  expectStatus(result, 'changed');
  const line = /^ {4}global (.+)$/m.exec(result.output);
  return { globals: line ? line[1]!.split(', ') : [], entry: result.entries.find((entry) => entry.kind === 'global')?.message };
}

function checkRows(rows: Row[]): void {
  it.each(named(rows))('%s', (_name, { source, globals, because }) => {
    const { globals: declared, entry } = rewrite(source);
    expect(declared).toEqual(globals);
    if (because) expect(entry).toMatch(because);
    else if (entry) expect(entry).not.toMatch(/every name/);
  });
}

describe('every moved name is global where the module reads its own namespace by name', () => {
  checkRows([
    {
      name: 'globals() in a function',
      source: py`
        def get(name):
            return globals()[name]


        a = int("1")
        print(get("a"))
      `,
      globals: ['a'],
      because: /line 2 reads the module's variables by name \(globals\(\)\)/,
    },
    {
      name: 'eval() without a globals argument',
      source: py`
        def ev(text):
            return eval(text)


        a = int("1")
        print(ev("a"))
      `,
      globals: ['a'],
      because: /line 2 .*eval\(\) without a globals argument/,
    },
    {
      name: 'eval() with None for globals',
      source: py`
        def ev(text):
            return eval(text, None)


        a = int("1")
        print(ev("a"))
      `,
      globals: ['a'],
      because: /line 2/,
    },
    {
      name: 'the module object from sys.modules[__name__]',
      source: py`
        import sys


        def get(name):
            return getattr(sys.modules[__name__], name)


        a = int("1")
        print(get("a"))
      `,
      globals: ['a'],
      because: /line 5 .*\(sys\.modules\[__name__\]\)/,
    },
    {
      name: 'the module object from sys.modules.get("__main__")',
      source: py`
        import sys


        def get(name):
            return vars(sys.modules.get("__main__"))[name]


        a = int("1")
        print(get("a"))
      `,
      globals: ['a'],
      because: /line 5 .*sys\.modules\.get\("__main__"\)/,
    },
    {
      name: 'import __main__',
      source: py`
        import __main__


        def get(name):
            return getattr(__main__, name)


        a = int("1")
        print(get("a"))
      `,
      globals: ['a'],
      because: /line 5 .*\(__main__\)/,
    },
    {
      name: "a frame's f_globals",
      source: py`
        import sys


        def get(name):
            return sys._getframe().f_globals[name]


        a = int("1")
        print(get("a"))
      `,
      globals: ['a'],
      because: /line 5 .*f_globals/,
    },
  ]);
});

describe('a namespace given explicitly reads nothing of the module', () => {
  checkRows([
    {
      name: 'vars() of the parsed arguments',
      source: py`
        import argparse

        parser = argparse.ArgumentParser()
        args = vars(parser.parse_args([]))
        print(sorted(args))
      `,
      globals: [],
    },
    {
      name: 'dir() of an object, vars() and locals() inside a function',
      source: py`
        def own(x=1):
            return sorted(vars()) + sorted(locals())


        box = object()
        print(len(dir(box)), own())
      `,
      globals: [],
    },
    {
      name: 'eval() and exec() with their own globals',
      source: py`
        def ev(text):
            return eval(text, {"a": 2})


        a = int("1")
        exec("b = 1", {})
        exec("c = 1", globals={})
        print(ev("a"))
      `,
      globals: [],
    },
    {
      name: 'another module from sys.modules',
      source: py`
        import sys


        def loaded():
            return sys.modules["json"] is not None


        import json
        a = json.dumps(1)
        print(a, loaded())
      `,
      globals: [],
    },
    {
      name: 'only the names read outside main(), without a namespace read',
      source: py`
        import argparse


        def describe():
            return "name=%s" % settings["name"]


        parser = argparse.ArgumentParser()
        parser.add_argument("--name", default="world")
        settings = vars(parser.parse_args([]))
        print(describe())
      `,
      globals: ['settings'],
    },
  ]);
});

describe('a name used only by moved code after it binds it needs no global', () => {
  checkRows([
    {
      name: 'a counter set at the top of a while loop',
      source: py`
        while True:
            i = 0
            i += 1
            print(i)
            break
      `,
      globals: [],
    },
    {
      name: 'a total set then augmented in a for loop',
      source: py`
        for line in ["a", "bb"]:
            total = len(line)
            total += 1
            print(total)
      `,
      globals: [],
    },
    {
      name: 'bound in both branches of an if, then augmented',
      source: py`
        for n in range(2):
            if n:
                v = 1
            else:
                v = 2
            v += 1
            print(v)
      `,
      globals: [],
    },
    {
      name: 'bound, then deleted',
      source: py`
        for n in range(2):
            tmp = n * 2
            print(tmp)
            del tmp
      `,
      globals: [],
    },
    {
      name: 'a with target, then augmented',
      source: py`
        import io

        with io.StringIO("ab") as handle:
            text = handle.read()
            text += "c"
            print(text)
      `,
      globals: [],
    },
  ]);
});

describe('a name moved code may read before it binds it is global, as at module level', () => {
  checkRows([
    {
      name: 'augmented before any binding in the loop',
      source: py`
        import sys

        for n in range(2):
            try:
                count += 1
            except NameError:
                count = 0
            print(count, file=sys.stdout)
      `,
      globals: ['count'],
    },
    {
      name: 'bound in one branch of an if only',
      source: py`
        for n in range(2):
            if n:
                v = 1
            v += 1
            print(v)
      `,
      globals: ['v'],
    },
    {
      name: 'read by the while condition',
      source: py`
        while step < 3:
            step = 5
            print(step)
      `,
      globals: ['step'],
    },
    {
      name: 'read by an exception handler, bound in the try body',
      source: py`
        for n in ["1", "x"]:
            try:
                v = int(n)
            except ValueError:
                print(v)
      `,
      globals: ['v'],
    },
    {
      name: 'a builtin read, then shadowed',
      source: py`
        for n in [1, 2]:
            print(str(n))
            str = repr
      `,
      globals: ['str'],
    },
  ]);
});
