import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { DiscoveredFile } from '../src/files/discover.js';
import type * as Codemods from '../src/run/codemods.js';
import type { FileOutcome } from '../src/run/pipeline.js';
import type * as Pool from '../src/run/pool.js';
import { chooseJobs, IN_PROCESS_BELOW } from '../src/run/pool.js';
import { REPO_ROOT } from './helpers/fixtures.js';
import { expectStatus, reasonOf } from './helpers/outcomes.js';
import { named } from './helpers/table.js';

// Worker threads load dist/src/run/worker.js: these tests use the build (test/global-setup.ts).
const dist = (module: string): Promise<unknown> => import(pathToFileURL(join(REPO_ROOT, 'dist', 'src', module)).href);
const { runFiles, indexAll, sharedThreads, startThreads, closeThreads } = (await dist('run/pool.js')) as typeof Pool;
const { prepareCodemod } = (await dist('run/codemods.js')) as typeof Codemods;

const scratch = mkdtempSync(join(tmpdir(), 'mainguard-pool-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `count` small files, every third a script, every fifth broken. */
function files(count: number, prefix: string): DiscoveredFile[] {
  return Array.from({ length: count }, (_, i) => {
    const path = `${prefix}${String(i).padStart(3, '0')}.py`;
    const text = i % 5 === 4 ? 'x = = 1\n' : i % 3 === 0 ? `import sys\n\nprint(${i}, sys.argv)\n` : `def f():\n    return ${i}\n`;
    writeFileSync(join(scratch, path), text);
    return { path, absPath: join(scratch, path) };
  });
}

/** Outcomes with their Buffers as base64, to compare runs. */
const plain = (outcomes: FileOutcome[]): unknown =>
  outcomes.map(
    (o) => JSON.parse(JSON.stringify(o, (_, v: unknown) => (v && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('base64') : v))) as unknown,
  );

describe('chooseJobs: threads for a run', () => {
  it.each(
    named([
      { name: 'default, few files: in-process', requested: undefined, files: IN_PROCESS_BELOW - 1, cores: 8, jobs: 1 },
      { name: 'default, many files: one per core', requested: undefined, files: 2000, cores: 8, jobs: 8 },
      { name: 'default, just enough files: no more threads than batches', requested: undefined, files: IN_PROCESS_BELOW, cores: 64, jobs: 13 },
      { name: '--jobs 1: in-process', requested: 1, files: 5000, cores: 8, jobs: 1 },
      { name: '--jobs 4 on 2 files: 2', requested: 4, files: 2, cores: 8, jobs: 2 },
      { name: '--jobs 3 on few files: 3 (asked for)', requested: 3, files: 50, cores: 2, jobs: 3 },
      { name: 'no files', requested: undefined, files: 0, cores: 8, jobs: 1 },
    ]),
  )('%s', (_name, { requested, files: count, cores, jobs }) => {
    expect(chooseJobs(requested, count, cores)).toBe(jobs);
  });
});

describe('runFiles: outcomes in file order, whatever the threads', () => {
  it('--jobs 1, 2 and 3 give identical outcomes, in order, with progress counted up to the total', async () => {
    const list = files(70, 'same');
    const codemod = await prepareCodemod('main-guard', scratch);
    const options = { codemodOptions: {}, diff: { form: 'patch' as const } };
    const runs = [];
    for (const jobs of [1, 2, 3]) {
      const progress: number[] = [];
      const outcomes = await runFiles(list, codemod, options, jobs, { onProgress: (done, total) => progress.push(total === list.length ? done : -1) });
      expect(progress).toEqual(Array.from({ length: list.length }, (_, i) => i + 1));
      expect(outcomes.map((o) => o.path)).toEqual(list.map((f) => f.path));
      runs.push(plain(outcomes));
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
    const statuses = new Set((runs[0] as FileOutcome[]).map((o) => o.status));
    expect([...statuses].sort()).toEqual(['changed', 'failed', 'unchanged']);
  });

  it('Buffers come back as Buffers from workers', async () => {
    const list = files(4, 'buffers');
    const outcomes = await runFiles(list, await prepareCodemod('main-guard', scratch), { codemodOptions: {} }, 2);
    const outcome = outcomes[0]!;
    expectStatus(outcome, 'changed');
    expect(Buffer.isBuffer(outcome.data) && Buffer.isBuffer(outcome.original)).toBe(true);
  });

  it('a worker thread that dies fails the files it held; the others finish', async () => {
    const module = join(scratch, 'dies.mjs');
    writeFileSync(module, 'export function transform(file) { if (file.source.includes("DIE")) process.exit(3); return file.source + "# ok\\n"; }\n');
    const list = files(60, 'dies');
    writeFileSync(list[20]!.absPath, '# DIE\n');
    const outcomes = await runFiles(list, await prepareCodemod(module, scratch), { codemodOptions: {} }, 2);
    const failed = outcomes.filter((o) => o.status === 'failed');
    expect(failed.map(reasonOf)).toContain('worker thread stopped: exited with code 3');
    expect(failed.map((o) => o.path)).toContain(list[20]!.path);
    // Its batch (16 files) at most is lost; the rest is done by the other thread and a replacement.
    expect(failed.length).toBeLessThanOrEqual(16);
    expect(outcomes.filter((o) => o.status === 'changed').length).toBe(list.length - failed.length);
  });

  it('threads shared by the index and the transforms: the index leaves them idle, the transforms take the same ones, and the outcomes are those of threads of their own', async () => {
    // Enough files for an index batch on each thread (they hold 64 files each).
    const list = files(160, 'shared');
    const codemod = await prepareCodemod('main-guard', scratch);
    const options = { codemodOptions: {} };
    const threads = sharedThreads(codemod);
    try {
      const indexed = await indexAll(list, new Set(['sys']), codemod, 2, false, { threads });
      // `import sys` then `sys.argv` (a tree with a `sys` module and no folder of that name: its
      // reads deferred); definitions import nothing.
      expect([indexed[0]!.references, indexed[1]!.references]).toEqual(['0:sys\n0:sys.?', '']);
      const afterIndex = [...threads.idle];
      expect(afterIndex).toHaveLength(2);
      const outcomes = await runFiles(list, codemod, options, 2, { threads });
      expect(new Set(threads.idle)).toEqual(new Set(afterIndex));
      expect(plain(outcomes)).toEqual(plain(await runFiles(list, codemod, options, 2)));
    } finally {
      await closeThreads(threads);
    }
    expect(threads.idle).toEqual([]);
  });

  it('threads started ahead of a run: as many as asked, once, and the index runs on those same threads', async () => {
    const list = files(160, 'ahead');
    const codemod = await prepareCodemod('main-guard', scratch);
    const threads = sharedThreads(codemod);
    try {
      // One job runs in this thread: it starts none.
      startThreads(threads, 1);
      expect(threads.idle).toEqual([]);
      startThreads(threads, 2);
      const started = [...threads.idle];
      startThreads(threads, 2);
      expect(threads.idle).toEqual(started);
      expect(started).toHaveLength(2);
      const indexed = await indexAll(list, new Set(['sys']), codemod, 2, false, { threads });
      expect(indexed[0]!.references).toBe('0:sys\n0:sys.?');
      expect(new Set(threads.idle)).toEqual(new Set(started));
    } finally {
      await closeThreads(threads);
    }
    expect(threads.idle).toEqual([]);
  });
});
