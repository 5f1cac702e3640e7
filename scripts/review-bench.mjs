// `npm run review-bench`: the review page of a whole standard library — its size, and how long
// headless Chromium takes to open it offline, from navigation until the page's script has drawn
// the list, the graph and the first change. Copies the newest local Python 3.11 standard library
// (else the newest 3.x), runs the built `fix --dry-run --format html` on the copy, then opens the
// page several times (median and slowest). Does the same for a made-up tree of 1,000 scripts that
// all change (1,000 diffs in one page). Prints a Markdown table for BENCHMARKS.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const repo = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const executablePath = process.env.MAINGUARD_CHROMIUM ?? '/usr/bin/chromium';

function pyenvRoot() {
  try {
    return execFileSync('pyenv', ['root'], { encoding: 'utf8' }).trim();
  } catch {
    return '/root/.pyenv';
  }
}

function findStdlib() {
  const versions = join(pyenvRoot(), 'versions');
  const found = (existsSync(versions) ? readdirSync(versions) : [])
    .filter((v) => /^3\.\d+\.\d+$/.test(v))
    .map((v) => ({ version: v, minor: Number(v.split('.')[1]), lib: join(versions, v, 'lib', `python3.${v.split('.')[1]}`) }))
    .filter((v) => existsSync(v.lib))
    .sort((a, b) => (a.minor === 11 ? -1 : b.minor === 11 ? 1 : b.minor - a.minor));
  if (found.length === 0) throw new Error(`no Python 3 standard library under ${versions}`);
  return found[0];
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A tree of `count` scripts in folders of 50, each reading argv, looping and printing at import time. */
function writeScripts(dir, count) {
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `pkg${Math.floor(i / 50)}`);
    mkdirSync(folder, { recursive: true });
    const body = `import sys\n\n\ndef square(x):\n    return x * x\n\n\nlimit = int(sys.argv[1]) if len(sys.argv) > 1 else ${i}\ntotal = 0\nfor n in range(limit):\n    total += square(n)\nprint("script ${i}", total)\n`;
    writeFileSync(join(folder, `script_${i}.py`), body);
  }
}

/** Runs the built `fix --dry-run --format html` on `tree` (a folder name under `work`), then opens the page `runs` times. */
async function measure(browser, work, tree) {
  const page = join(work, `${tree}.html`);
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(repo, 'bin', 'mainguard.js'), 'fix', '--dry-run', '--format', 'html', '--output', page, tree], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 1 || !existsSync(page)) throw new Error(`fix --format html failed (exit ${run.status}):\n${run.stderr}`);
  const summary = run.stderr.split('\n').find((line) => line.startsWith('Scanned '));
  const loads = [];
  const errors = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 1000 } });
    const tab = await context.newPage();
    tab.on('pageerror', (error) => errors.push(error.message));
    const t0 = performance.now();
    await tab.goto(pathToFileURL(page).href);
    await tab.waitForSelector('body[data-ready="true"]');
    loads.push(performance.now() - t0);
    await context.close();
  }
  return { summary, seconds, errors, loads, kb: (statSync(page).size / 1024).toFixed(0) };
}

const stdlib = findStdlib();
const work = mkdtempSync(join(tmpdir(), 'mainguard-review-bench-'));
try {
  const copy = `python${stdlib.version}`;
  cpSync(stdlib.lib, join(work, copy), { recursive: true, filter: (src) => !/site-packages|__pycache__/.test(src) });
  writeScripts(join(work, 'scripts-1000'), 1000);
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  const rows = [];
  for (const [tree, label] of [
    [copy, `Python ${stdlib.version} standard library (a copy)`],
    ['scripts-1000', '1,000 scripts, every one rewritten'],
  ]) {
    const m = await measure(browser, work, tree);
    console.log(`${label}: ${m.summary}`);
    console.log(`  fix --dry-run --format html: ${m.seconds.toFixed(1)} s; page errors: ${m.errors.length}`);
    const files = /Scanned (\d+) files/.exec(m.summary ?? '')?.[1] ?? '?';
    const changed = /(\d+) would change/.exec(m.summary ?? '')?.[1] ?? '?';
    rows.push(`| ${label} | ${files} | ${changed} | ${m.kb} KB | ${(median(m.loads) / 1000).toFixed(2)} s | ${(Math.max(...m.loads) / 1000).toFixed(2)} s | ${runs} |`);
  }
  await browser.close();
  console.log('');
  console.log('| tree | files | diffs | page size | load, median | load, slowest | runs |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
} finally {
  rmSync(work, { recursive: true, force: true });
}
