// Globals that functions handed to multiprocessing read, once main() binds them: workers started by
// spawn or forkserver import the module instead of running it. An import-safe binding also runs on
// import, behind `if __name__ != "__main__":`; any other is warned about.
import { describe, expect, it } from 'vitest';
import mainGuard from '../codemods/main-guard/index.js';
import { runCodemod } from '../src/run/pipeline.js';
import { py } from './helpers/dedent.js';
import { expectStatus } from './helpers/outcomes.js';
import { named } from './helpers/table.js';

interface Row {
  name: string;
  source: string;
  /** The statements run on import for the workers, in order. */
  copied: string[];
  /** The names a worker warning is about. */
  warned: string[];
}

function rewrite(source: string): { copied: string[]; warned: string[] } {
  const result = runCodemod(mainGuard, { path: 'script.py', source });
  expectStatus(result, 'changed');
  const block = /^if __name__ != "__main__":\n((?: {4}.*\n)+)/m.exec(result.output);
  const copied = block
    ? block[1]!
        .trimEnd()
        .split('\n')
        .map((line) => line.trim())
    : [];
  const warned = result.entries.filter((entry) => entry.kind === 'warning').flatMap((entry) => /reads (.+), now set only/.exec(entry.message)?.[1]?.split(', ') ?? []);
  return { copied, warned };
}

const WORKER = py`
  from multiprocessing import Pool
  import os


  def work(i):
      return "%s %s" % (value, i)


`;

describe('worker globals', () => {
  it.each(
    named<Row>([
      {
        name: 'an allow-listed factory the order rule keeps after print',
        source: `${WORKER}home = os.getenv("HOME")\nprint("start")\nvalue = os.path.join(home, "x")\nwith Pool(2) as pool:\n    print(pool.map(work, [1]))\n`,
        copied: ['value = os.path.join(home, "x")'],
        warned: [],
      },
      {
        name: 'a literal sharing a line with moved code',
        source: `${WORKER}value = "v"; print(value)\nwith Pool(2) as pool:\n    print(pool.map(work, [1]))\n`,
        copied: ['value = "v"'],
        warned: [],
      },
      {
        name: 'a call that is not an allow-listed factory',
        source: `${WORKER}value = int("3")\nwith Pool(2) as pool:\n    print(pool.map(work, [1]))\n`,
        copied: [],
        warned: ['value'],
      },
      {
        name: 'a static value that reads what the script computes',
        source: `${WORKER}label = "-".join(["a", "b"])\nvalue = label\nwith Pool(2) as pool:\n    print(pool.map(work, [1]))\n`,
        copied: [],
        warned: ['value'],
      },
      {
        name: 'bound twice',
        source: `${WORKER}value = "a"; print(value)\nvalue = "b"; print(value)\nwith Pool(2) as pool:\n    print(pool.map(work, [1]))\n`,
        copied: [],
        warned: ['value'],
      },
      {
        name: 'bound after the processes start',
        source: `${WORKER}pool = Pool(2)\nvalue = "v"; print(value)\nprint(pool.map(work, [1]))\n`,
        copied: [],
        warned: ['value'],
      },
      {
        name: 'changed by moved code before the processes start',
        source: `${WORKER}home = os.getenv("HOME")\nprint("start")\nvalue = os.path.join(home, "x")\nvalue.strip()\nos.environ.update(value=value)\nwith Pool(2) as pool:\n    print(pool.map(work, [1]))\n`,
        copied: [],
        warned: ['value'],
      },
    ]),
  )('%s', (_name, { source, copied, warned }) => {
    expect(rewrite(source)).toEqual({ copied, warned });
  });
});
