import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './fixtures.js';
import { commandFor, removeCopy } from './install-copy.js';

/** The built CLI's entry point (dist/ is built by test/global-setup.ts). */
export const BIN = path.join(REPO_ROOT, 'bin', 'mainguard.js');

/** What one run of the CLI did. */
export interface CliRun {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** The environment of a CLI run: the caller's, NO_COLOR=1, no FORCE_COLOR and no CI, plus `extra`. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.CI;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * Runs `node bin/mainguard.js ARGS` in `cwd`, stdin from `input` (or empty), stdout/stderr piped;
 * as the user `nobody` with `asNobody` (so that file permissions apply when the tests run as root).
 */
export function runCli(args: string[], cwd: string, options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; asNobody?: boolean; timeout?: number } = {}): CliRun {
  const [command, argv] = options.asNobody
    ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, commandFor('nobody', REPO_ROOT), ...args]]
    : [process.execPath, [BIN, ...args]];
  const result = spawnSync(command as string, argv as string[], {
    cwd,
    env: options.env ?? cliEnv(),
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { stdout: result.stdout, stderr: result.stderr, code: result.status };
}

/** Temp folders made by makeTree, removed by removeTrees. */
const made: string[] = [];

/**
 * A fresh temp folder holding the given files (text or bytes), with its real path; names ending
 * in `/` are folders. Everyone may enter it, so that a run as `nobody` can read it.
 */
export async function makeTree(spec: Record<string, string | Buffer>, prefix = 'mainguard-fix-'): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), prefix)));
  made.push(dir);
  await chmod(dir, 0o755);
  for (const [name, content] of Object.entries(spec)) {
    const target = path.join(dir, name);
    if (name.endsWith('/')) {
      await mkdir(target, { recursive: true });
    } else {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content);
    }
  }
  return dir;
}

/** Removes every folder makeTree made, and the copy of the command made for `nobody`. */
export async function removeTrees(): Promise<void> {
  removeCopy();
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
}

/** The results cache folder that check and fix keep next to the project (see test/cache.e2e.test.ts). */
export const CACHE_FOLDER = '.mainguard_cache';

/**
 * Every file under `dir` with its bytes (base64), keyed by relative path, sorted; the user's files
 * only: the results cache, which every run may update, is left out.
 */
export async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries.sort((a, b) => path.join(a.parentPath, a.name).localeCompare(path.join(b.parentPath, b.name)))) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (path.relative(dir, file).split(path.sep)[0] === CACHE_FOLDER) continue;
    out[path.relative(dir, file)] = (await readFile(file)).toString('base64');
  }
  return out;
}

/** The summary line's time, which varies between runs, replaced by `Ts`. */
export function maskTime(text: string): string {
  return text.replace(/ in \d+\.\ds:/g, ' in Ts:');
}

/** Like runCli, with stdout as bytes: a patch holds each file's own encoding. */
export function runCliRaw(args: string[], cwd: string, options: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): { stdout: Buffer; stderr: string; code: number | null } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: options.env ?? cliEnv(),
    input: options.input ?? '',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { stdout: result.stdout, stderr: result.stderr.toString('utf8'), code: result.status };
}

/** Copies every file of `from` into a new temp folder (see makeTree) and returns it. */
export async function copyTree(from: string): Promise<string> {
  const spec: Record<string, Buffer> = {};
  for (const [name, base64] of Object.entries(await snapshotTree(from))) spec[name] = Buffer.from(base64, 'base64');
  return makeTree(spec);
}
