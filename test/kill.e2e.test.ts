import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mainGuard from '../codemods/main-guard/index.js';
import { TEMP_FILE_PATTERN } from '../src/files/write.js';
import { runCodemod } from '../src/run/pipeline.js';
import { BIN, cliEnv, makeTree, removeTrees, runCli } from './helpers/cli.js';
import { expectStatus } from './helpers/outcomes.js';

// `fix --yes` killed with SIGKILL (or interrupted) at random moments on a tree of 3,000 small
// files: every file must hold either its original bytes or its complete rewrite, never a mix, and
// a later run must finish the job.

const FILES = 3000;
const FOLDERS = 15;
const N = '424242';
const template = (n: string): string => `import sys\n\nVALUE = ${n}\nprint("file ${n}", VALUE, len(sys.argv))\n`;
const fileName = (i: number): string => `d${String(i % FOLDERS).padStart(2, '0')}/f${String(i).padStart(4, '0')}.py`;

let rewriteOf: (i: number) => string;
afterAll(removeTrees);
beforeAll(() => {
  const result = runCodemod(mainGuard, { path: 'f.py', source: template(N) });
  expectStatus(result, 'changed');
  rewriteOf = (i) => result.output.replaceAll(N, String(i));
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

/** When to stop a run: `delayMs` after it starts, or once it has reported `writes` written files. */
type Moment = { from: 'start'; delayMs: number } | { from: 'writes'; writes: number };

/**
 * Starts `fix --yes .` and sends it `signal` at `moment` (the run reports each written file on
 * stderr as it goes). Resolves with the exit code or signal.
 */
function startAndStop(dir: string, signal: NodeJS.Signals, moment: Moment): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'fix', '--yes', '.'], { cwd: dir, env: cliEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sent = false;
    const stop = (): void => {
      if (!sent) child.kill(signal);
      sent = true;
    };
    if (moment.from === 'start') setTimeout(stop, moment.delayMs);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (moment.from === 'writes' && stderr.split('  moved: ').length - 1 > moment.writes) stop();
    });
    child.on('error', reject);
    child.on('close', (code, sig) => resolve({ code, signal: sig, stderr }));
  });
}

const randomBelow = (n: number): number => Math.floor(Math.random() * n);

describe('fix --yes killed or interrupted at any moment', () => {
  it('kill -9 at 10 random moments: every file is its original or its complete rewrite after each; a re-run finishes', async () => {
    const dir = await bigTree();
    // Three moments anywhere in the first seconds of a run (while it scans, or as it starts
    // writing), then seven while files are being written, each after a random number of writes.
    const moments: Moment[] = [
      ...Array.from({ length: 3 }, (): Moment => ({ from: 'start', delayMs: randomBelow(2000) })),
      ...Array.from({ length: 7 }, (): Moment => ({ from: 'writes', writes: randomBelow(200) })),
    ];
    const seen: Array<Moment & { signal: string | null; rewritten: number; temp: number }> = [];
    for (const moment of moments) {
      const run = await startAndStop(dir, 'SIGKILL', moment);
      const counts = await census(dir);
      seen.push({ ...moment, signal: run.signal, rewritten: counts.rewritten, temp: counts.temp });
      expect(counts.torn, JSON.stringify(seen)).toEqual([]);
      // Files are written one at a time, so a kill leaves at most the one in flight; a run cleans
      // them up only when it starts writing, so a kill while scanning keeps those of the last.
      expect(counts.temp, JSON.stringify(seen)).toBeLessThanOrEqual(seen.length);
      expect(run.signal, JSON.stringify(seen)).toBe('SIGKILL');
    }
    // The kills landed while files were being written: the job is part done.
    const last = seen.at(-1)!;
    expect(last.rewritten, JSON.stringify(seen)).toBeGreaterThan(0);
    expect(last.rewritten, JSON.stringify(seen)).toBeLessThan(FILES);

    const rerun = runCli(['fix', '--yes', '.'], dir);
    expect(rerun.code).toBe(0);
    expect(await census(dir)).toEqual({ original: 0, rewritten: FILES, torn: [], temp: 0 });
  }, 600_000);

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s while writing: finishes the file under way, writes nothing more, exit 130, no temporary file left',
    async (signal) => {
      const dir = await bigTree();
      const run = await startAndStop(dir, signal, { from: 'writes', writes: 20 });
      const counts = await census(dir);
      expect({ code: run.code, torn: counts.torn, temp: counts.temp }).toEqual({ code: 130, torn: [], temp: 0 });
      expect(counts.rewritten).toBeGreaterThan(0);
      expect(counts.rewritten).toBeLessThan(FILES);
      expect(run.stderr).toMatch(
        new RegExp(`Scanned ${FILES} files in \\d+\\.\\ds: ${counts.rewritten} changed, 0 unchanged, ${counts.original} skipped \\(${counts.original} interrupted\\), 0 failed\\.`),
      );
      expect(runCli(['fix', '--yes', '.'], dir).code).toBe(0);
      expect((await census(dir)).rewritten).toBe(FILES);
    },
    120_000,
  );
});
