import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import mainGuard from '../codemods/main-guard/index.js';
import { discoverFiles } from '../src/files/discover.js';
import { decodePythonSource } from '../src/files/source.js';
import { runCodemod } from '../src/run/pipeline.js';
import { parsePython } from './helpers/parse.js';
import { findPython2 } from './helpers/python.js';
import { filesThatDoNotCompile, findStdlibCorpora } from './helpers/stdlib.js';

// Real files broken at random: lines and tokens deleted or duplicated, a few thousand times, with
// a fixed seed (MAINGUARD_FUZZ_SEED picks another; MAINGUARD_FUZZ_CASES another count;
// MAINGUARD_FUZZ_KEEP=1 keeps the damaged files a failure message names). The tool
// must never crash, never hang (the test's time limit), never write output that parses worse than
// its input, never rewrite a file that no local Python compiles, and be stable on its own output.

const SEED = Number(process.env.MAINGUARD_FUZZ_SEED ?? 20261201);
const CASES = Number(process.env.MAINGUARD_FUZZ_CASES ?? 4000);
const MAX_FILE_BYTES = 60_000;

/** mulberry32: a small seeded generator, so that a failing case can be replayed. */
function seededRandom(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKEN = /[A-Za-z_]\w*|\d+(?:\.\d+)?|"[^"\n]*"|'[^'\n]*'|\*\*|\/\/|==|!=|<=|>=|->|:=|[^\s\w]/g;
const OPERATIONS = ['delete a line', 'duplicate a line', 'delete a token', 'duplicate a token'] as const;

/** One random damage to `source`, and what it was (for the failure message). */
function mutate(source: string, random: () => number): { source: string; what: string } {
  const below = (n: number): number => Math.floor(random() * n);
  const lines = source.split('\n');
  const operation = OPERATIONS[below(OPERATIONS.length)]!;
  const at = below(lines.length);
  if (operation === 'delete a line') lines.splice(at, 1);
  else if (operation === 'duplicate a line') lines.splice(at, 0, lines[below(lines.length)]!);
  else {
    const tokens = [...lines[at]!.matchAll(TOKEN)];
    if (tokens.length > 0) {
      const token = tokens[below(tokens.length)]!;
      const line = lines[at]!;
      const cut = token.index + (operation === 'delete a token' ? token[0].length : 0);
      lines[at] = line.slice(0, token.index) + (operation === 'duplicate a token' ? `${token[0]} ` : '') + line.slice(cut);
    }
  }
  return { source: lines.join('\n'), what: `${operation} at line ${at + 1}` };
}

const corpus = findStdlibCorpora()
  .filter((c) => c.version.startsWith('3.'))
  .at(-1);
const python2 = findPython2();
const scratch = mkdtempSync(join(tmpdir(), 'mainguard-fuzz-'));
afterAll(() => {
  if (!process.env.MAINGUARD_FUZZ_KEEP) rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(corpus === undefined)(`fuzzing on damaged standard-library files (seed ${SEED}, ${CASES} cases)`, () => {
  it('no crash, stable output that parses, and no rewrite of a file no Python compiles', async () => {
    const random = seededRandom(SEED);
    const discovery = await discoverFiles([corpus!.libDir], { cwd: corpus!.libDir, respectGitignore: false });
    const sources: Array<{ path: string; text: string }> = [];
    for (const file of discovery.files) {
      const bytes = readFileSync(file.absPath);
      if (bytes.length > MAX_FILE_BYTES) continue;
      const read = decodePythonSource(bytes);
      if (read.ok) sources.push({ path: file.path, text: read.text });
    }
    expect(sources.length).toBeGreaterThan(1000);

    const statuses: Record<string, number> = {};
    const problems: string[] = [];
    const rewritten: Array<{ input: string; output: string; what: string }> = [];
    for (let n = 0; n < CASES; n++) {
      const original = sources[Math.floor(random() * sources.length)]!;
      const damaged = mutate(original.text, random);
      const what = `${original.path}: ${damaged.what}`;
      const result = runCodemod(mainGuard, { path: original.path, source: damaged.source });
      statuses[result.status] = (statuses[result.status] ?? 0) + 1;
      if (result.status === 'failed' && /crashed/.test(result.reason)) problems.push(`${what}: ${result.reason}`);
      if (result.status !== 'changed') continue;
      const output = result.output!;
      if (
        parsePython(output)
          .root()
          .find({ rule: { kind: 'ERROR' } })
      )
        problems.push(`${what}: the output has a syntax error`);
      const again = runCodemod(mainGuard, { path: original.path, source: output });
      if (again.status !== 'unchanged') problems.push(`${what}: a second run gives ${again.status}`);
      const input = join(scratch, `${n}.in.py`);
      const written = join(scratch, `${n}.out.py`);
      writeFileSync(input, damaged.source);
      writeFileSync(written, output);
      rewritten.push({ input, output: written, what });
    }
    expect(problems).toEqual([]);
    // Most damage is caught as a syntax error; some leaves a valid program, which is rewritten.
    expect(statuses.failed).toBeGreaterThan(CASES / 10);
    expect(rewritten.length).toBeGreaterThan(20);

    // The interpreters' verdicts: an output compiles wherever its input does; an input no Python
    // compiles gives an output none compiles (a broken program never becomes one that runs); and
    // every input that was rewritten parses with at least one of them (no hidden syntax error).
    const interpreters = [corpus!.python, ...(python2 ? [python2] : [])];
    const files = rewritten.flatMap((r) => [r.input, r.output]);
    const pathsOf = (lines: string[]): Set<string> => new Set(lines.map((l) => l.split('\t')[0]!));
    const rejected = interpreters.map((python) => pathsOf(filesThatDoNotCompile(python, files)));
    const unparsed = interpreters.map((python) =>
      pathsOf(
        filesThatDoNotCompile(
          python,
          rewritten.map((r) => r.input),
          'parse',
        ),
      ),
    );
    for (const r of rewritten) {
      rejected.forEach((fails, i) => {
        if (!fails.has(r.input) && fails.has(r.output)) problems.push(`${r.what}: compiles with ${interpreters[i]} before the rewrite, not after (${r.input})`);
      });
      if (rejected.every((fails) => fails.has(r.input)) && !rejected.every((fails) => fails.has(r.output))) problems.push(`${r.what}: compiles only after the rewrite (${r.input})`);
      if (python2 && unparsed.every((fails) => fails.has(r.input))) problems.push(`${r.what}: rewritten, but no Python parses the input (${r.input})`);
    }
    expect(problems).toEqual([]);
    console.log(`fuzz seed ${SEED}: ${JSON.stringify(statuses)}; ${rewritten.length} rewrites compiled with ${interpreters.length} interpreters`);
  }, 900_000);
});
