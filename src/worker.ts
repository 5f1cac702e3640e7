// The entry point of a worker thread of the pool (src/pool.ts): loads the codemod once, then
// processes the batches of files it is sent with the same code as an in-process run, and posts
// back plain data. It never writes a file, prints or prompts: the main thread does.
import { parentPort, workerData } from 'node:worker_threads';
import { loadCodemod } from './codemods.js';
import type { BatchRequest, BatchResult, WorkerSetup } from './pool.js';
import { markPythonRegistered } from './python.js';
import { processFiles, type FileOutcome } from './task.js';

if (!parentPort) throw new Error('src/worker.js runs inside a worker thread only');
const port = parentPort;
const setup = workerData as WorkerSetup;

// The main thread registered the grammar before starting this thread; registration is process-wide.
markPythonRegistered();
const codemod = await loadCodemod(setup.source);

let queue = Promise.resolve();
port.on('message', (request: BatchRequest) => {
  queue = queue.then(async () => {
    const outcomes: FileOutcome[] = [];
    await processFiles(request.files, codemod, setup.options, (index, outcome) => {
      outcomes[index] = outcome;
    });
    port.postMessage({ id: request.id, outcomes } satisfies BatchResult);
    // Parse trees are freed only after a turn of this thread's event loop: never go from one
    // batch to the next without one.
    await new Promise((resolve) => setImmediate(resolve));
  });
});
