import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Time limit of one Python process; a fixture takes well under a second. */
export const PYTHON_TIMEOUT_MS = 20_000;

/** The `-c` program that imports a file the way another module would, without running it as a script. */
export const IMPORT_PROGRAM = "import runpy,sys; runpy.run_path(sys.argv[1], run_name='imported')";

/** The body of a `sitecustomize.py` that makes every multiprocessing start use spawn, as on macOS/Windows. */
export const SPAWN_SITECUSTOMIZE = 'import multiprocessing; multiprocessing.set_start_method("spawn", force=True)\n';

/** What one Python process did. */
export interface PythonRun {
  /** Exit code, or null when the process was killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  /** Whether the process read from stdin; only measured with `detectStdinRead`, else false. */
  stdinRead: boolean;
}

/** How to run one Python process. */
export interface RunOptions {
  /** Working directory. */
  cwd: string;
  /** Extra environment variables on top of `pythonEnv()`. */
  env?: Record<string, string>;
  /** Kill the process (group) after this long; defaults to PYTHON_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Give stdin a sentinel file instead of /dev/null and report whether any of it was consumed. */
  detectStdinRead?: boolean;
}

/** Resolves `python3` on PATH to the real interpreter (skips pyenv shims), or undefined when absent. */
export function findPython3(): string | undefined {
  return resolveInterpreter('python3');
}

/** The pyenv Python 2.7.18 interpreter (`$(pyenv root)/versions/2.7.18/bin/python`), or undefined. */
export function findPython2(): string | undefined {
  let root = '/root/.pyenv';
  try {
    root = execFileSync('pyenv', ['root'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || root;
  } catch {
    // no pyenv on PATH: keep the conventional root
  }
  const python = join(root, 'versions', '2.7.18', 'bin', 'python');
  return existsSync(python) ? python : undefined;
}

function resolveInterpreter(command: string): string | undefined {
  try {
    const executable = execFileSync(command, ['-c', 'import sys; print(sys.executable)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: PYTHON_TIMEOUT_MS,
    }).trim();
    return executable || undefined;
  } catch {
    return undefined;
  }
}

/** The environment of every run: the caller's minus PYTHON* variables, with a fixed hash seed and no .pyc files. */
export function pythonEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PYTHON') && !key.startsWith('MG_FIXTURE_')) env[key] = value;
  }
  return { ...env, PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1', ...extra };
}

const STDIN_SENTINEL = `${'mainguard stdin sentinel '.repeat(8)}\n`;

/**
 * Runs `python args...` in its own process group with stdin from /dev/null (or a sentinel file), killing the
 * whole group on timeout and reaping whatever it left behind (orphaned multiprocessing workers).
 */
export function runPython(python: string, args: string[], options: RunOptions): Promise<PythonRun> {
  const timeoutMs = options.timeoutMs ?? PYTHON_TIMEOUT_MS;
  let stdinDir: string | undefined;
  let stdinFd: number | undefined;
  if (options.detectStdinRead) {
    stdinDir = mkdtempSync(join(tmpdir(), 'mainguard-stdin-'));
    const stdinPath = join(stdinDir, 'stdin.txt');
    writeFileSync(stdinPath, STDIN_SENTINEL);
    stdinFd = openSync(stdinPath, 'r');
  }
  const started = Date.now();
  return new Promise<PythonRun>((resolve, reject) => {
    const child = spawn(python, args, {
      cwd: options.cwd,
      env: pythonEnv(options.env),
      stdio: [stdinFd ?? 'ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    let exit: { code: number | null; signal: NodeJS.Signals | null; durationMs: number } | undefined;
    child.on('exit', (code, signal) => {
      exit = { code, signal, durationMs: Date.now() - started };
      // Leftover children of the script (e.g. pool workers that outlive a crash) would keep the pipes open.
      killGroup();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      cleanUpStdin();
      reject(error);
    });
    child.on('close', () => {
      clearTimeout(timer);
      const stdinRead = cleanUpStdin();
      resolve({
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
        durationMs: exit?.durationMs ?? Date.now() - started,
        stdinRead,
      });
    });
  });

  function cleanUpStdin(): boolean {
    if (stdinFd === undefined || stdinDir === undefined) return false;
    // The child shared our open file description: if it read anything, the offset moved.
    const rest = Buffer.alloc(STDIN_SENTINEL.length + 1);
    const unread = readSync(stdinFd, rest, 0, rest.length, null);
    closeSync(stdinFd);
    rmSync(stdinDir, { recursive: true, force: true });
    stdinFd = undefined;
    return unread !== Buffer.byteLength(STDIN_SENTINEL);
  }
}

/** Runs `python file` as a script in the file's folder. */
export function runScript(python: string, folder: string, fileName: string, env?: Record<string, string>): Promise<PythonRun> {
  return runPython(python, [fileName], { cwd: folder, env });
}

/** Loads `file` with runpy under the name `imported` (as an import would), measuring stdin reads. */
export function importScript(python: string, folder: string, fileName: string): Promise<PythonRun> {
  return runPython(python, ['-c', IMPORT_PROGRAM, fileName], { cwd: folder, detectStdinRead: true });
}

/** The exception type on the last line of stderr when stderr holds a traceback, else undefined. */
export function exceptionType(stderr: string): string | undefined {
  if (!stderr.includes('Traceback (most recent call last):')) return undefined;
  const last = stderr.trimEnd().split(/\r?\n/).pop() ?? '';
  return /^([A-Za-z_][\w.]*)(?::|$)/.exec(last)?.[1] ?? last;
}

/** How two script runs differ (exit code, stdout bytes, exception type, timeout); empty when they agree. */
export function describeRunDifferences(before: PythonRun, after: PythonRun): string[] {
  const differences: string[] = [];
  if (before.timedOut || after.timedOut) {
    differences.push(`timed out: before ${before.timedOut}, after ${after.timedOut}`);
  }
  if (before.exitCode !== after.exitCode || before.signal !== after.signal) {
    differences.push(`exit: before ${before.exitCode ?? before.signal}, after ${after.exitCode ?? after.signal}\n` + `stderr after:\n${after.stderr}`);
  }
  if (!before.stdout.equals(after.stdout)) {
    differences.push(`stdout: before ${JSON.stringify(before.stdout.toString('utf8'))}, after ${JSON.stringify(after.stdout.toString('utf8'))}`);
  }
  const beforeType = exceptionType(before.stderr);
  const afterType = exceptionType(after.stderr);
  if (beforeType !== afterType) {
    differences.push(`exception: before ${beforeType ?? 'none'}, after ${afterType ?? 'none'}\nstderr after:\n${after.stderr}`);
  }
  return differences;
}

/** Why an import of a file was not quiet (output, stdin read, failure, slowness); empty when it was. */
export function describeImportNoise(run: PythonRun, budgetMs: number): string[] {
  const noise: string[] = [];
  if (run.timedOut) noise.push('timed out');
  if (run.exitCode !== 0) noise.push(`exit ${run.exitCode ?? run.signal}\nstderr:\n${run.stderr}`);
  if (run.stdout.length > 0) noise.push(`printed ${JSON.stringify(run.stdout.toString('utf8'))}`);
  if (run.stdinRead) noise.push('read stdin');
  if (run.durationMs > budgetMs) noise.push(`took ${run.durationMs} ms (budget ${budgetMs} ms)`);
  return noise;
}

/** Runs async tasks at most `size` at a time, results in task order. */
export async function inBatches<T>(tasks: Array<() => Promise<T>>, size = 2): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < tasks.length; start += size) {
    results.push(...(await Promise.all(tasks.slice(start, start + size).map((task) => task()))));
  }
  return results;
}
