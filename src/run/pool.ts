import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DynamicLangRegistrations } from '@ast-grep/napi';
import type { CodemodSource, PreparedCodemod } from './codemods.js';
import { collectGarbage } from './garbage.js';
import { registerLanguages } from './languages.js';
import { type FileOutcome, type FileTask, failedOutcome, type IndexedFile, type IndexTask, indexFiles, processFiles, type TaskOptions } from './pipeline.js';

/**
 * With the default `--jobs`, inputs of fewer files than this run in-process: starting a worker
 * costs ~80 ms and two workers parse ~1.6x as fast as one thread, so below a few hundred files one
 * thread finishes first.
 */
export const IN_PROCESS_BELOW = 200;

// Files per message to a worker, and messages kept queued per worker so that it never waits. The
// index reads a file in a fraction of a transform's time: its batches are larger, so that posting
// them costs less than the reading.
const BATCH_SIZE = 16;
const INDEX_BATCH_SIZE = 64;
const BATCHES_IN_FLIGHT = 2;
// In-process, a full garbage collection after this many files, as each worker does every 16 batches.
const FILES_BETWEEN_COLLECTIONS = 256;
// A worker that dies is replaced; one that keeps dying should not be replaced forever.
const MAX_RESTARTS = 4;

/** What a worker thread is started with (its `workerData`): the codemod it loads once. */
export interface WorkerSetup {
  source: CodemodSource;
}

/**
 * A batch of files sent to a worker: to transform, or (the project index) to read the imports of.
 * The first index batch a worker gets in a run carries the tree's module names (see treeNames),
 * which it keeps for the batches after it.
 */
export type BatchRequest = { id: number } & ({ task: 'transform'; files: FileTask[]; options: TaskOptions } | { task: 'index'; files: IndexTask[]; hash: boolean; names?: ReadonlySet<string> });

/** A worker's answer to a batch: one outcome (or what the index found, for `index`) per file, in the batch's order. */
export interface BatchResult {
  id: number;
  results: (FileOutcome | IndexedFile)[];
}

/**
 * The number of threads for `fileCount` files: `requested` (`--jobs N`) when given, at most one
 * per file; by default one per core, but 1 (in-process) below IN_PROCESS_BELOW files.
 */
export function chooseJobs(requested: number | undefined, fileCount: number, cores = availableParallelism()): number {
  if (requested !== undefined) return Math.max(1, Math.min(requested, fileCount));
  if (fileCount < IN_PROCESS_BELOW) return 1;
  return Math.max(1, Math.min(cores, Math.ceil(fileCount / BATCH_SIZE)));
}

/** How a run reports along the way, and the threads it may reuse. */
export interface RunHooks {
  /** Called as files finish, in whatever order: `done` of `total`. */
  onProgress?(done: number, total: number): void;
  /** Receives what workers print (console output of a user's codemod), so that it stays off stdout. */
  onWorkerOutput?(text: string): void;
  /** Worker threads to take and leave idle, instead of starting and ending them (see sharedThreads). */
  threads?: Threads;
  /** Called as a scan ends each of its phases, with the seconds it took (for `--verbose`). */
  onPhase?(phase: ScanPhase, seconds: number): void;
}

/** The phases of a scan: the project index over the tree (read, scanned, resolved), then the files themselves. */
export type ScanPhase = 'index' | 'files';

/**
 * Worker threads that the runs of one scan share, each with the codemod loaded: the project
 * index's are kept for the transforms, which spares starting them again (each loads the codemod
 * and its parser). `closeThreads` ends them.
 */
export interface Threads {
  setup: WorkerSetup;
  /** The codemod's grammars, registered in this process before a thread starts. */
  languages: DynamicLangRegistrations | undefined;
  idle: Worker[];
}

/** Threads to share between the runs of one scan of `codemod` (none is started until a run needs it). */
export function sharedThreads(codemod: PreparedCodemod): Threads {
  return { setup: { source: codemod.source }, languages: codemod.codemod.meta.languages, idle: [] };
}

/**
 * Starts the threads a run of `jobs` takes, left idle for it: each loads the codemod and its
 * parser meanwhile (a few hundred milliseconds), for instance while discovery walks the tree. A
 * run of one job stays in this thread and starts none; threads already started count.
 */
export function startThreads(threads: Threads, jobs: number): void {
  if (jobs <= 1) return;
  while (threads.idle.length < jobs) leaveIdle(startWorker(threads), threads);
}

/** Ends the idle threads of `threads`. */
export async function closeThreads(threads: Threads): Promise<void> {
  const idle = threads.idle.splice(0);
  await Promise.all(idle.map((worker) => worker.terminate()));
}

/**
 * Runs the codemod on every file and returns the outcomes in the order of `files`, whatever order
 * they finish in: in this thread when `jobs` is 1, else on `jobs` worker threads (plain
 * worker_threads that yield between batches; no Atomics.wait, so parse trees are freed).
 */
export async function runFiles(files: FileTask[], codemod: PreparedCodemod, options: TaskOptions, jobs: number, hooks: RunHooks = {}): Promise<FileOutcome[]> {
  const outcomes = new Array<FileOutcome>(files.length);
  let done = 0;
  const record = (index: number, outcome: FileOutcome): void => {
    outcomes[index] = outcome;
    hooks.onProgress?.(++done, files.length);
  };
  if (jobs <= 1 || files.length <= 1) {
    // As a worker does: a full collection every few files frees the trees (see worker.ts).
    const recordAndCollect = (index: number, outcome: FileOutcome): void => {
      record(index, outcome);
      if (done % FILES_BETWEEN_COLLECTIONS === 0) collectGarbage();
    };
    await withConsoleOnStderr(() => processFiles(files, codemod.codemod, options, recordAndCollect));
  } else {
    const fail = (index: number, reason: string): FileOutcome => failedOutcome(files[index]!, `worker thread stopped: ${reason}`);
    await runInWorkers(
      files,
      (id, batch) => ({ id, task: 'transform', files: batch, options }),
      hooks.threads ?? sharedThreads(codemod),
      hooks.threads !== undefined,
      jobs,
      (index, result) => record(index, revive(result as FileOutcome)),
      fail,
      hooks.onWorkerOutput,
    );
  }
  return outcomes;
}

/**
 * Runs the codemod's `index` step on every file (the project index's first half) and returns
 * what it found in each, in the order of `files`, each also handed to `onIndexed` as it comes;
 * with `hash`, each file's bytes are hashed too (for the cache). Never fails: a file lost with its
 * worker indexes as importing nothing.
 */
export async function indexAll(
  files: IndexTask[],
  names: ReadonlySet<string>,
  codemod: PreparedCodemod,
  jobs: number,
  hash: boolean,
  hooks: RunHooks = {},
  onIndexed?: (index: number, indexed: IndexedFile) => void,
): Promise<IndexedFile[]> {
  const indexed = Array.from<IndexedFile>({ length: files.length }).fill({});
  if (!codemod.codemod.index || files.length === 0) return indexed;
  const record = (index: number, value: IndexedFile): void => {
    indexed[index] = value;
    onIndexed?.(index, value);
  };
  if (jobs <= 1 || files.length <= 1) {
    await withConsoleOnStderr(() => indexFiles(files, codemod.codemod, hash, record, names));
  } else {
    await runInWorkers(
      files,
      (id, batch, first) => ({ id, task: 'index', files: batch, hash, ...(first ? { names } : {}) }),
      hooks.threads ?? sharedThreads(codemod),
      hooks.threads !== undefined,
      jobs,
      (index, value) => record(index, value as IndexedFile),
      () => ({}),
      hooks.onWorkerOutput,
      INDEX_BATCH_SIZE,
    );
  }
  return indexed;
}

/** What a codemod prints must not mix with diffs on stdout: as from a worker, it goes to stderr. */
async function withConsoleOnStderr(task: () => Promise<void>): Promise<void> {
  const { log, info, debug } = console;
  // biome-ignore lint/suspicious/noConsole: the one place that redirects a codemod's console in-process, as workers do
  console.log = console.info = console.debug = console.error;
  try {
    await task();
  } finally {
    Object.assign(console, { log, info, debug });
  }
}

/** A Buffer again: structured cloning turns Buffers into plain Uint8Arrays. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** An outcome as posted by a worker, with its bytes as Buffers again. */
function revive(outcome: FileOutcome): FileOutcome {
  if (outcome.status !== 'changed') return outcome;
  const patch = outcome.patch === undefined ? {} : { patch: asBuffer(outcome.patch) };
  return { ...outcome, original: asBuffer(outcome.original), data: asBuffer(outcome.data), ...patch };
}

/**
 * Runs the batches of `files` on `jobs` threads, idle ones of `threads` first, and replaces a
 * thread that dies. At the end, those alive are left idle in `threads` when they are `shared`
 * (the caller ends them), else ended.
 */
function runInWorkers<F, T>(
  files: F[],
  request: (id: number, files: F[], first: boolean) => BatchRequest,
  threads: Threads,
  shared: boolean,
  jobs: number,
  record: (index: number, result: BatchResult['results'][number]) => void,
  failed: (index: number, reason: string) => T,
  onWorkerOutput: ((text: string) => void) | undefined,
  batchSize = BATCH_SIZE,
): Promise<void> {
  const batches: number[][] = [];
  for (let start = 0; start < files.length; start += batchSize) {
    batches.push(files.slice(start, start + batchSize).map((_, i) => start + i));
  }
  let nextBatch = 0;
  let unfinished = batches.length;
  let restarts = 0;
  const workers = new Set<Worker>();
  const fail = (index: number, reason: string): void => {
    record(index, failed(index, reason) as BatchResult['results'][number]);
  };

  return new Promise<void>((resolve) => {
    const finish = (): void => {
      for (const worker of workers) {
        if (shared) leaveIdle(worker, threads);
        else void worker.terminate();
      }
      workers.clear();
      resolve();
    };

    const start = (): void => {
      const worker = takeIdle(threads) ?? startWorker(threads);
      workers.add(worker);
      const inFlight = new Map<number, number[]>();
      for (const stream of [worker.stdout, worker.stderr]) stream.on('data', (text: string) => onWorkerOutput?.(text));

      let first = true;
      const feed = (): void => {
        while (inFlight.size < BATCHES_IN_FLIGHT && nextBatch < batches.length) {
          const id = nextBatch++;
          inFlight.set(id, batches[id]!);
          worker.postMessage(
            request(
              id,
              batches[id]!.map((index) => files[index]!),
              first,
            ),
          );
          first = false;
        }
      };

      worker.on('message', (result: BatchResult) => {
        const indices = inFlight.get(result.id)!;
        inFlight.delete(result.id);
        unfinished--;
        // The next batch first: recording can take a while (the index resolves as it records).
        if (unfinished > 0) feed();
        result.results.forEach((value, i) => {
          record(indices[i]!, value);
        });
        if (unfinished === 0) finish();
      });

      // A worker that dies (a bug, a native crash it survived, memory) fails the files it held;
      // the run goes on with a replacement.
      const lost = (reason: string): void => {
        if (!workers.delete(worker)) return;
        for (const indices of inFlight.values()) {
          for (const index of indices) fail(index, reason);
          unfinished--;
        }
        inFlight.clear();
        if (unfinished === 0) return finish();
        if (nextBatch < batches.length && restarts < MAX_RESTARTS) {
          restarts++;
          start();
        } else if (workers.size === 0) {
          // Out of restarts with files left: fail them rather than wait forever.
          while (nextBatch < batches.length) {
            for (const index of batches[nextBatch++]!) fail(index, reason);
            unfinished--;
          }
          finish();
        }
      };
      worker.on('error', (error) => lost(error.message));
      worker.on('exit', (code) => lost(`exited with code ${code}`));
      feed();
    };

    for (let i = 0; i < Math.min(jobs, batches.length); i++) start();
  });
}

function startWorker(threads: Threads): Worker {
  // Registration is process-wide: done before the thread starts, it need not repeat it.
  registerLanguages(threads.languages);
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: threads.setup, stdout: true, stderr: true });
  for (const stream of [worker.stdout, worker.stderr]) stream.setEncoding('utf8');
  return worker;
}

/** An idle thread of `threads`, no longer listened to as idle; undefined when none is left. */
function takeIdle(threads: Threads): Worker | undefined {
  const worker = threads.idle.shift();
  if (worker) forget(worker);
  return worker;
}

/** Leaves a thread idle in `threads`, heard by no run: one that ends meanwhile is dropped. */
function leaveIdle(worker: Worker, threads: Threads): void {
  forget(worker);
  const drop = (): void => {
    const at = threads.idle.indexOf(worker);
    if (at !== -1) threads.idle.splice(at, 1);
  };
  worker.on('error', drop);
  worker.on('exit', drop);
  threads.idle.push(worker);
}

// Only the events a run listens to: the worker's own listeners (which keep its port referenced) stay.
function forget(worker: Worker): void {
  for (const event of ['message', 'error', 'exit']) worker.removeAllListeners(event);
  for (const stream of [worker.stdout, worker.stderr]) stream.removeAllListeners('data');
}
