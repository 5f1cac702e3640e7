// The entry point of a worker thread of the pool (src/pool.ts): loads the codemod once, then
// processes the batches of files it is sent with the same code as an in-process run, and posts
// back plain data. It never writes a file, prints or prompts: the main thread does.
import { parentPort, workerData } from 'node:worker_threads';
import { loadCodemod } from './codemods.js';
import { collectGarbage } from './garbage.js';
import { inheritLanguages } from './languages.js';
import { indexFiles, processFiles } from './pipeline.js';
import type { BatchRequest, BatchResult, WorkerSetup } from './pool.js';

if (!parentPort) throw new Error('src/run/worker.js runs inside a worker thread only');
const port = parentPort;
const setup = workerData as WorkerSetup;

// The main thread registered the codemod's grammars before starting this thread; registration is process-wide.
inheritLanguages();
const codemod = await loadCodemod(setup.source);

// Parse trees live in native memory the JS heap does not count, so the garbage collector, which
// frees them, runs too rarely on its own: two workers held 850 MB where one thread holds 300 MB.
// Most files are never parsed now: a full collection after every 16 transform batches (256 files)
// is enough. Cold `check --jobs 2 --no-cache` over the 3.8–3.13 standard libraries, single runs:
// every 4 batches 15.6 s and 450 MB, every 16 14.1 s and 480 MB, every 32 13.8 s and 517 MB.
// The index makes no trees: it collects nothing.
const BATCHES_BETWEEN_COLLECTIONS = 16;
let batches = 0;

// The module names of the tree being indexed, as its first index batch to this thread gave them.
let treeNames: ReadonlySet<string> = new Set();

let queue = Promise.resolve();
port.on('message', (request: BatchRequest) => {
  queue = queue.then(async () => {
    const results: BatchResult['results'] = [];
    const record = (index: number, result: BatchResult['results'][number]): void => {
      results[index] = result;
    };
    if (request.task === 'index') {
      if (request.names) treeNames = request.names;
      await indexFiles(request.files, codemod, request.hash, record, treeNames);
    } else await processFiles(request.files, codemod, request.options, record);
    port.postMessage({ id: request.id, results } satisfies BatchResult);
    if (request.task === 'transform' && ++batches % BATCHES_BETWEEN_COLLECTIONS === 0) collectGarbage();
    // Parse trees are freed only after a turn of this thread's event loop: never go from one
    // batch to the next without one.
    await new Promise((resolve) => setImmediate(resolve));
  });
});
