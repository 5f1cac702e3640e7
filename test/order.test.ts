// The order rule: a statement that stays at module level is hoisted above the moved code before
// it, which is allowed only when the two do not touch the same names and the hoisted one cannot
// fail (or change the environment) where the moved code would have run first. Then the last check
// of a rewrite, which reads the order of the output's statements and must catch any rewrite that
// breaks the rule, whoever wrote it.
import { describe, expect, it } from 'vitest';
import { analyzeModule, type ModulePlan } from '../codemods/main-guard/analyze.js';
import { statementEffects } from '../codemods/main-guard/effects.js';
import { findOrderViolation } from '../codemods/main-guard/order.js';
import { py } from './helpers/dedent.js';
import { parsePython } from './helpers/parse.js';
import { named } from './helpers/table.js';

function analyze(source: string): ModulePlan {
  return analyzeModule(parsePython(source), source, source.split('\n'));
}

/** Verdicts of the top-level statements, each as `verdict: first line`. */
function verdicts(source: string): string[] {
  const lines = source.split('\n');
  return analyze(source).statements.map((s) => `${s.verdict}: ${lines[s.startLine]}`);
}

function effectsOf(statement: string, definitions: string[] = []): { reads: string[]; writes: string[]; mayRaise: boolean } {
  const root = parsePython(statement);
  const node = root
    .root()
    .children()
    .find((n) => n.isNamed())!;
  const e = statementEffects(node, { definitions: new Set(definitions), callables: new Set(), immutable: new Set(['WIDTH']) });
  return { reads: [...e.reads].sort(), writes: [...e.writes].sort(), mayRaise: e.mayRaise };
}

describe('what a statement reads and changes', () => {
  it.each(
    named([
      { name: 'an item assignment changes its object', source: 'prefs["c"] = 3\n', reads: ['prefs'], writes: ['prefs'], mayRaise: true },
      { name: 'an attribute assignment changes its object', source: 'Config.debug = True\n', reads: ['Config'], writes: ['Config'], mayRaise: false },
      { name: 'a method call changes its receiver', source: 'queue.append(item)\n', reads: ['item', 'queue'], writes: ['item', 'queue'], mayRaise: true },
      { name: 'print only reads its arguments', source: 'print(prefs, n)\n', reads: ['n', 'prefs', 'print'], writes: [], mayRaise: true },
      { name: 'a call may change what it is handed', source: 'random.shuffle(deck)\n', reads: ['deck', 'random'], writes: ['deck'], mayRaise: true, definitions: ['random'] },
      { name: 'a number handed to a call is not changed', source: 'screen = set_mode((WIDTH, 600))\n', reads: ['WIDTH', 'set_mode'], writes: ['screen'], mayRaise: true },
      { name: 'a module handed to a call is not changed', source: 'helper(os)\n', reads: ['helper', 'os'], writes: [], mayRaise: true, definitions: ['os'] },
      { name: 'an augmented assignment reads and binds', source: 'total += step\n', reads: ['step', 'total'], writes: ['total'], mayRaise: false },
      { name: 'a loop binds its target', source: 'for i in items:\n    pass\n', reads: ['items'], writes: ['i'], mayRaise: false },
      { name: 'a function body reads nothing when defined', source: 'def f(x=LIMIT):\n    return data\n', reads: ['LIMIT'], writes: ['f'], mayRaise: false },
      { name: 'a comprehension variable is its own', source: 'squares = [n * n for n in values]\n', reads: ['values'], writes: ['squares'], mayRaise: false },
      { name: 'an allow-listed factory cannot fail on literals', source: 'Point = namedtuple("Point", "x y")\n', reads: ['namedtuple'], writes: ['Point'], mayRaise: false },
      { name: 'a type subscript cannot fail', source: 'Pair = Tuple[int, int]\n', reads: ['Tuple', 'int'], writes: ['Pair'], mayRaise: false, definitions: ['Tuple'] },
      { name: 'hasattr cannot fail', source: 'HAS_X = hasattr(mod, "x")\n', reads: ['hasattr', 'mod'], writes: ['HAS_X'], mayRaise: false },
      { name: 'a lookup can fail', source: 'first = TABLE["a"]\n', reads: ['TABLE'], writes: ['first'], mayRaise: true },
      { name: 'an import binds its first name only', source: 'import os.path\n', reads: [], writes: ['os'], mayRaise: false },
    ]),
  )('%s', (_name, { source, reads, writes, mayRaise, definitions }) => {
    expect(effectsOf(source, definitions)).toEqual({ reads, writes, mayRaise });
  });
});

describe('the order rule', () => {
  it.each(
    named([
      {
        name: 'an item assignment after a print of its object moves',
        source: py`
        prefs = {"a": 1}
        print(prefs)
        prefs["c"] = 3
      `,
        expected: ['stay: prefs = {"a": 1}', 'move: print(prefs)', 'move: prefs["c"] = 3'],
      },
      {
        name: 'a class attribute set between two reads moves',
        source: py`
        class Config:
            debug = False
        print(Config.debug)
        Config.debug = True
      `,
        expected: ['stay: class Config:', 'move: print(Config.debug)', 'move: Config.debug = True'],
      },
      {
        name: 'a constant bound again after moved code read it is script state: both bindings move, and what reads it after',
        source: py`
        price = 0
        print(price)
        price = 5
        label = price
      `,
        expected: ['move: price = 0', 'move: print(price)', 'move: price = 5', 'move: label = price'],
      },
      {
        name: 'a factory handed a value that may be None moves after code that may exit',
        source: py`
        import os, sys
        if len(sys.argv) < 2:
            sys.exit("usage")
        home = os.getenv("APP_HOME")
        data = os.path.join(home, "data")
      `,
        expected: ['stay: import os, sys', 'move: if len(sys.argv) < 2:', 'stay: home = os.getenv("APP_HOME")', 'move: data = os.path.join(home, "data")'],
      },
      {
        name: 'a lookup that can fail moves after code that runs first',
        source: py`
        SIZES = {"s": 1}
        print("sizes")
        SMALL = SIZES["s"]
      `,
        expected: ['stay: SIZES = {"s": 1}', 'move: print("sizes")', 'move: SMALL = SIZES["s"]'],
      },
      {
        name: 'a call of a module function that changes a global orders what reads it',
        source: py`
        counts = {"runs": 0}
        def record():
            counts["runs"] += 1
        record()
        SUMMARY = "runs: %s" % counts
      `,
        expected: ['stay: counts = {"runs": 0}', 'stay: def record():', 'move: record()', 'move: SUMMARY = "runs: %s" % counts'],
      },
      {
        name: 'statements that touch nothing moved code touches are still hoisted',
        source: py`
        from collections import namedtuple
        print("loading")
        Point = namedtuple("Point", "x y")
        LIMIT = 10
        def f():
            return LIMIT
        print(f())
      `,
        expected: ['stay: from collections import namedtuple', 'move: print("loading")', 'stay: Point = namedtuple("Point", "x y")', 'stay: LIMIT = 10', 'stay: def f():', 'move: print(f())'],
      },
      {
        name: 'a number handed to a call cannot be changed by it: what reads it still stays',
        source: py`
        import pygame
        WIDTH = 800
        screen = pygame.display.set_mode((WIDTH, 600))
        HALF = WIDTH // 2
      `,
        expected: ['stay: import pygame', 'stay: WIDTH = 800', 'move: screen = pygame.display.set_mode((WIDTH, 600))', 'stay: HALF = WIDTH // 2'],
      },
      {
        name: 'imports and definitions are hoisted on purpose',
        source: py`
        print("start")
        import json
        def f():
            return json
        f()
      `,
        expected: ['move: print("start")', 'stay: import json', 'stay: def f():', 'move: f()'],
      },
      {
        name: 'a keep comment keeps a statement where the rule would move it',
        source: py`
        prefs = {}
        print(prefs)
        prefs["c"] = 3  # mainguard: keep
      `,
        expected: ['stay: prefs = {}', 'move: print(prefs)', 'stay: prefs["c"] = 3  # mainguard: keep'],
      },
      {
        name: 'an environment write before a later import is import set-up, hoisted with it',
        source: py`
        import os
        print("start")
        os.environ["MODE"] = "x"
        import json
        print(json)
      `,
        expected: ['stay: import os', 'move: print("start")', 'stay: os.environ["MODE"] = "x"', 'stay: import json', 'move: print(json)'],
      },
    ]),
  )('%s', (_name, { source, expected }) => {
    expect(verdicts(source)).toEqual(expected);
  });

  it('says which line a statement must follow, and why', () => {
    const source = py`
      prefs = {}
      print(prefs)
      prefs["c"] = 3
    `;
    const s = analyze(source).statements[2]!;
    expect({ reason: s.reason, forced: s.forced }).toEqual({ reason: 'must run after line 2, which reads prefs', forced: true });
  });
});

/** Runs the last check on `output` as if it were the rewrite of `source`. */
function violation(source: string, output: string): string | undefined {
  const plan = analyze(source);
  const found = findOrderViolation(plan, plan.effects!, parsePython(output));
  return found && `${found.hoisted} before ${found.first}: ${found.why}`;
}

describe('the last check: the order of the output', () => {
  const prefs = py`
    prefs = {"a": 1}
    print(prefs)
    prefs["c"] = 3
    print(prefs)
  `;

  it('passes the rewrite the rule makes', () => {
    const good = py`
      prefs = {"a": 1}
      def main():
          print(prefs)
          prefs["c"] = 3
          print(prefs)
      if __name__ == "__main__":
          main()
    `;
    expect(violation(prefs, good)).toBeUndefined();
  });

  it('catches an item assignment hoisted above a print of its object', () => {
    const hoisted = py`
      prefs = {"a": 1}
      prefs["c"] = 3
      def main():
          print(prefs)
          print(prefs)
      if __name__ == "__main__":
          main()
    `;
    expect(violation(prefs, hoisted)).toBe('3 before 2: reads prefs');
  });

  it('catches two moved statements swapped inside main()', () => {
    const swapped = py`
      prefs = {"a": 1}
      def main():
          prefs["c"] = 3
          print(prefs)
          print(prefs)
      if __name__ == "__main__":
          main()
    `;
    expect(violation(prefs, swapped)).toBe('3 before 2: reads prefs');
  });

  it('catches a factory that can fail hoisted above code that may exit', () => {
    const source = py`
      import os, sys
      if len(sys.argv) < 3:
          sys.exit()
      scripts = os.getenv("scripts")
      outputdir = os.path.join(scripts, "dev")
    `;
    const hoisted = py`
      import os, sys
      scripts = os.getenv("scripts")
      outputdir = os.path.join(scripts, "dev")
      def main():
          if len(sys.argv) < 3:
              sys.exit()
      if __name__ == "__main__":
          main()
    `;
    expect(violation(source, hoisted)).toBe('5 before 2: runs first and may stop the script');
  });

  it('reads a merged guard in the order it runs', () => {
    const source = py`
      counter = [0]
      if __name__ == "__main__":
          print(counter)
      counter[0] = 1
      print("done")
    `;
    const hoisted = py`
      counter = [0]
      counter[0] = 1
      if __name__ == "__main__":
          print(counter)
          print("done")
    `;
    expect(violation(source, hoisted)).toBe('4 before 3: reads counter');
  });
});
