import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mainGuard from '../codemods/main-guard/index.js';
import { runCodemod } from '../src/runner.js';
import { TEMP_FILE_PATTERN } from '../src/write.js';
import { BIN, cliEnv, makeTree, removeTrees, runCli } from './helpers/cli.js';

// `fix --yes` killed with SIGKILL (or interrupted) at random moments on a tree of a few thousand
// small files: every file must hold either its original bytes or its complete rewrite, never a
// mix, and a later run must finish the job.

const FILES = 1500;
const FOLDERS = 15;
const N = '424242';
const template = (n: string): string => `import sys\n\nVALUE = ${n}\nprint("file ${n}", VALUE, len(sys.argv))\n`;
const fileName = (i: number): string => `d${String(i % FOLDERS).padStart(2, '0')}/f${String(i).padStart(4, '0')}.py`;

let rewriteOf: (i: number) => string;
afterAll(removeTrees);
beforeAll(() => {
  const result = runCodemod(mainGuard, { path: 'f.py', source: template(N) });
  expect(result.status).toBe('changed');
  rewriteOf = (i) => result.output!.replaceAll(N, String(i));
});

async function bigTree(): Promise<string> {
  const spec: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) spec[fileName(i)] = template(String(i));
  return makeTree(spec, 'mainguard-kill-');
}

/** How many files hold their original bytes and how many their rewrite; anything else is a torn file. */
async function census(dir: string): Promise<{ original: number; rewritten: number; torn: string[]; temp: number }> {
  const counts = { original: 0, rewritten: 0, torn: [] as string[], temp: 0 };
  for (let i = 0; i < FILES; i++) {
    const text = await readFile(path.join(dir, fileName(i)), 'utf8');
    if (text === template(String(i))) counts.original++;
    else if (text === rewriteOf(i)) counts.rewritten++;
    else counts.torn.push(fileName(i));
  }
  for (const folder of await readdir(dir)) counts.temp += (await readdir(path.join(dir, folder))).filter((n) => TEMP_FILE_PATTERN.test(n)).length;
  return counts;
}

/**
 * Starts `fix --yes .` and sends it `signal` `delayMs` after it starts, or after it has written its
 * first file (it reports each file on stderr as it goes). Resolves with the exit code or signal.
 */
function startAndStop(
  dir: string,
  signal: NodeJS.Signals,
  delayMs: number,
  from: 'start' | 'first-write',
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'fix', '--yes', '.'], { cwd: dir, env: cliEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let armed = from === 'start';
    if (armed) setTimeout(() => child.kill(signal), delayMs);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (!armed && stderr.includes('  moved: ')) {
        armed = true;
        setTimeout(() => child.kill(signal), delayMs);
      }
    });
    child.on('error', reject);
    child.on('close', (code, sig) => resolve({ code, signal: sig, stderr }));
  });
}

describe('fix --yes killed or interrupted at any moment', () => {
  it('kill -9 at random moments: every file is its original or its complete rewrite; a re-run finishes', async () => {
    const dir = await bigTree();
    const seen: Array<{ delay: number; from: string; rewritten: number; temp: number }> = [];
    // Two moments while files are being written, one anywhere in the run (scanning included).
    const moments = [
      { delay: Math.floor(Math.random() * 10), from: 'first-write' as const },
      { delay: Math.floor(Math.random() * 400), from: 'first-write' as const },
      { delay: Math.floor(Math.random() * 5000), from: 'start' as const },
    ];
    for (const { delay, from } of moments) {
      const run = await startAndStop(dir, 'SIGKILL', delay, from);
      const counts = await census(dir);
      expect(counts.torn).toEqual([]);
      seen.push({ delay, from, rewritten: counts.rewritten, temp: counts.temp });
      if (run.signal === null) break; // it finished before the kill
      expect(run.signal).toBe('SIGKILL');
    }
    // The kills did land while files were being written: some were, not all.
    expect(seen[0]!.rewritten, JSON.stringify(seen)).toBeGreaterThan(0);
    expect(seen[0]!.rewritten, JSON.stringify(seen)).toBeLessThan(FILES);

    const last = runCli(['fix', '--yes', '.'], dir);
    expect(last.code).toBe(0);
    expect(await census(dir)).toEqual({ original: 0, rewritten: FILES, torn: [], temp: 0 });
  }, 120_000);

  it('SIGINT while writing: finishes the file under way, writes nothing more, exit 130, no temporary file left', async () => {
    const dir = await bigTree();
    const run = await startAndStop(dir, 'SIGINT', 20, 'first-write');
    const counts = await census(dir);
    expect({ code: run.code, torn: counts.torn, temp: counts.temp }).toEqual({ code: 130, torn: [], temp: 0 });
    expect(counts.rewritten).toBeGreaterThan(0);
    expect(counts.rewritten).toBeLessThan(FILES);
    expect(run.stderr).toMatch(new RegExp(`Scanned ${FILES} files in \\d+\\.\\ds: ${counts.rewritten} changed, 0 unchanged, ${counts.original} skipped \\(${counts.original} interrupted\\), 0 failed\\.`));
    expect(runCli(['fix', '--yes', '.'], dir).code).toBe(0);
    expect((await census(dir)).rewritten).toBe(FILES);
  }, 120_000);
});
