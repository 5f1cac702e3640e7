// Which conditions make a main guard, and which top-level `if`s only test `__name__` (left in place).
import { describe, expect, it } from 'vitest';
import { isGuardLike, isMainGuard } from '../codemods/main-guard/guards.js';
import { LANGUAGES, parsePython } from '../codemods/main-guard/python.js';
import { registerLanguages } from '../src/run/languages.js';

registerLanguages(LANGUAGES);

function firstIf(source: string) {
  const node = parsePython(source)
    .root()
    .find({ rule: { kind: 'if_statement' } });
  if (!node) throw new Error(`no if statement in ${source}`);
  return node;
}

const GUARDS = [
  'if __name__ == "__main__":',
  "if __name__ == '__main__':",
  'if "__main__" == __name__:',
  'if (__name__ == "__main__"):',
  'if ((__name__) == ("__main__")):',
  'if __name__ in "__main__":',
  "if __name__ in '__main__':",
  'if __name__ in ("__main__",):',
  "if __name__ in ['__main__']:",
  'if __name__ in {"__main__"}:',
  'if (__name__ in ("__main__",)):',
  'if "__main__" in __name__:',
];

const GUARD_LIKE = [
  'if __name__ != "__main__":',
  'if not __name__ == "__main__":',
  'if __name__ == "__main__" and DEBUG:',
  'if __name__ in ("__main__", "builtins"):',
  'if __name__ not in ("__main__",):',
  'if __name__.endswith("__main__"):',
  'if __name__ == "tool":',
  'if ready:\n    pass\nelif __name__ == "__main__":',
];

const NEITHER = ['if module.__name__ == "__main__":', 'if name == "__main__":', 'if __main__:'];

describe('main guards', () => {
  it.each(GUARDS)('%s', (header) => {
    const node = firstIf(`${header}\n    run()\n`);
    expect({ guard: isMainGuard(node), like: isGuardLike(node) }).toEqual({ guard: true, like: false });
  });
});

describe('ifs that test __name__ without being a main guard', () => {
  it.each(GUARD_LIKE)('%s', (header) => {
    const node = firstIf(`${header}\n    run()\n`);
    expect({ guard: isMainGuard(node), like: isGuardLike(node) }).toEqual({ guard: false, like: true });
  });
});

describe('ifs that do not test __name__', () => {
  it.each(NEITHER)('%s', (header) => {
    const node = firstIf(`${header}\n    run()\n`);
    expect({ guard: isMainGuard(node), like: isGuardLike(node) }).toEqual({ guard: false, like: false });
  });
});
