// `npm run bench`: how fast mainguard is next to the parser it is built on, on the standard
// libraries of the local Pythons 3.8–3.13. Every figure is a median of several runs taken in
// alternation (A B A B ...), and shown as a ratio to the floor measured in the same run: timing on
// a shared machine is noisy, ratios much less so. Writes the table to BENCHMARKS.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const bin = join(repo, 'bin', 'mainguard.js');

function pyenvRoot() {
  try {
    return execFileSync('pyenv', ['root'], { encoding: 'utf8' }).trim();
  } catch {
    return '/root/.pyenv';
  }
}

/** Copies the 3.8–3.13 standard libraries (no site-packages) into one folder, once. */
function buildCorpus() {
  const target = join(tmpdir(), 'mainguard-bench-corpus');
  if (existsSync(join(target, '.complete'))) return target;
  mkdirSync(target, { recursive: true });
  const versions = join(pyenvRoot(), 'versions');
  for (const version of existsSync(versions) ? readdirSync(versions) : []) {
    const [major, minor] = version.split('.').map(Number);
    if (major !== 3 || minor < 8 || minor > 13) continue;
    const lib = join(versions, version, 'lib', `python${major}.${minor}`);
    if (!existsSync(lib)) continue;
    cpSync(lib, join(target, version), { recursive: true, filter: (src) => !/site-packages|__pycache__/.test(src) });
  }
  writeFileSync(join(target, '.complete'), '');
  return target;
}

function listPython(dir) {
  const files = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.py')) files.push(path);
    }
  };
  walk(dir);
  return files.sort();
}

/** Runs a command under GNU time; returns elapsed seconds and peak RSS in MB. */
function measure(command, args, cwd) {
  // Output is not measured, only produced: a dry run of the whole corpus is larger than a JS string.
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [elapsed, kilobytes] = last.split(' ').map(Number);
  if (!Number.isFinite(elapsed)) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.slice(-2000)}`);
  return { seconds: elapsed, rssMb: kilobytes / 1024, status: result.status, phases: phasesOf(result.stderr) };
}

/** The phases `--verbose` times (`time: project index 1.52 s, files 12.31 s`), in seconds; undefined without that line. */
function phasesOf(stderr) {
  const match = /^time: project index ([\d.]+) s, files ([\d.]+) s$/m.exec(stderr);
  return match ? { index: Number(match[1]), files: Number(match[2]) } : undefined;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const corpus = buildCorpus();
const files = listPython(corpus);
const megabytes = files.reduce((sum, f) => sum + statSync(f).size, 0) / 1024 / 1024;
const listFile = join(tmpdir(), 'mainguard-bench-files.txt');
writeFileSync(listFile, files.join('\n'));
const astGrep = join(repo, 'node_modules', '.bin', 'ast-grep');
const rule = join(tmpdir(), 'mainguard-bench-rule.yml');
writeFileSync(rule, 'id: module-level-expression\nlanguage: python\nrule:\n  kind: expression_statement\n  inside:\n    kind: module\n');

const cacheDir = join(tmpdir(), 'mainguard-bench-cache');
const fresh = () => rmSync(cacheDir, { recursive: true, force: true });
const withCache = ['--cache-dir', cacheDir];
const check = (jobs) => ['check', '--jobs', String(jobs), '--format', 'json', ...withCache, '.'];
const dryRun = ['fix', '--dry-run', '--jobs', '2', ...withCache, '.'];
const fill = (args) => () => {
  fresh();
  measure(process.execPath, [bin, ...args], corpus);
};

// 1 % of the files, spread over the corpus: each touched run appends a new comment to them.
const touched = files.filter((_, i) => i % 100 === 0);
const originals = new Map(touched.map((f) => [f, readFileSync(f)]));
let touches = 0;
const touch = (args) => () => {
  fill(args)();
  touches++;
  for (const f of touched) writeFileSync(f, Buffer.concat([originals.get(f), Buffer.from(`\n# touched ${touches}\n`)]));
};
const restore = () => {
  for (const [f, bytes] of originals) writeFileSync(f, bytes);
};

// `before` runs untimed before each timed run: it empties or fills the cache, or touches files.
const subjects = [
  { name: 'floor: bare napi parse, 1 thread', command: process.execPath, args: [join(repo, 'scripts', 'bench-floor.mjs'), listFile] },
  { name: 'check --jobs 1, cold', command: process.execPath, args: [bin, ...check(1)], before: fresh },
  { name: 'check --jobs 2, cold', command: process.execPath, args: [bin, ...check(2)], before: fresh },
  // --verbose: its own timing of the project index and of the files (the index's share).
  { name: 'check --jobs 2 --no-cache', command: process.execPath, args: [bin, 'check', '--jobs', '2', '--format', 'json', '--no-cache', '--verbose', '.'] },
  { name: 'check --jobs 2, warm', command: process.execPath, args: [bin, ...check(2)], before: fill(check(2)) },
  { name: 'check --jobs 2, warm, 1 % of the files touched', command: process.execPath, args: [bin, ...check(2)], before: touch(check(2)) },
  { name: 'fix --dry-run --jobs 2, cold', command: process.execPath, args: [bin, ...dryRun], before: fresh },
  { name: 'fix --dry-run --jobs 2, warm', command: process.execPath, args: [bin, ...dryRun], before: fill(dryRun) },
  ...(existsSync(astGrep) ? [{ name: 'ast-grep scan -j 2 (module-level expressions)', command: astGrep, args: ['scan', '-r', rule, '-j', '2', '--json=compact', '.'] }] : []),
];

const samples = new Map(subjects.map((s) => [s.name, []]));
try {
  for (let run = 0; run < runs; run++) {
    for (const subject of subjects) {
      subject.before?.();
      const m = measure(subject.command, subject.args, corpus);
      restore();
      samples.get(subject.name).push(m);
      console.error(`run ${run + 1}/${runs}: ${subject.name}: ${m.seconds.toFixed(2)} s, ${m.rssMb.toFixed(0)} MB`);
    }
  }
} finally {
  restore();
}

const timeOf = (name) => median(samples.get(name).map((m) => m.seconds));
const peakOf = (name) => Math.max(...samples.get(name).map((m) => m.rssMb));
const floor = timeOf(subjects[0].name);
const astGrepName = subjects.find((s) => s.name.startsWith('ast-grep'))?.name;
const cli = astGrepName ? timeOf(astGrepName) : undefined;
const rows = subjects.map((subject) => {
  const seconds = timeOf(subject.name);
  const versus = cli === undefined ? '–' : `${(seconds / cli).toFixed(2)}×`;
  return `| ${subject.name} | ${seconds.toFixed(2)} s | ${versus} | ${(seconds / floor).toFixed(2)}× | ${(files.length / seconds).toFixed(0)} | ${peakOf(subject.name).toFixed(0)} MB |`;
});
const cpu = cpus();
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
  `Corpus: the standard libraries of Python 3.8–3.13 (${files.length} files, ${megabytes.toFixed(0)} MB, site-packages excluded); median of ${runs} runs each, taken in alternation. Every mainguard command prints JSON (check) or the diff (fix) to /dev/null. Cold: an empty cache (it is written); warm: the same command run just before; touched: ${touched.length} files (1 %) with a new comment since that run.`,
  '',
  '| command | time | vs ast-grep | vs floor | files/s | peak RSS |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows,
].join('\n');
console.log(table);

// The same commands on the corpus copied 2 and 4 times: time per file and peak RSS should stay flat.
const scales = (process.env.BENCH_SCALES ?? '1,2,4').split(',').map(Number);
const scaleRows = [];
const peakAtScale = new Map();
for (const scale of scales) {
  const folder = scale === 1 ? corpus : scaledCorpus(corpus, scale);
  const n = scale * files.length;
  fresh();
  const cold = measure(process.execPath, [bin, ...check(2)], folder);
  const warm = measure(process.execPath, [bin, ...check(2)], folder);
  peakAtScale.set(scale, Math.max(cold.rssMb, warm.rssMb));
  console.error(`${scale}×: cold ${cold.seconds} s, warm ${warm.seconds} s`);
  const perFile = (m) => `${((m.seconds / n) * 1000).toFixed(2)} ms`;
  scaleRows.push(`| ${scale}× (${n} files) | ${perFile(cold)} | ${cold.rssMb.toFixed(0)} MB | ${perFile(warm)} | ${warm.rssMb.toFixed(0)} MB |`);
}
fresh();
const scaling = ['| corpus | cold check --jobs 2, per file | peak RSS | warm check --jobs 2, per file | peak RSS |', '| --- | ---: | ---: | ---: | ---: |', ...scaleRows].join('\n');
console.log(scaling);

// The targets, judged on the medians of this run.
const verdict = (met, detail) => `${met ? 'met' : '**not met**'}: ${detail}`;
const ratio = (name) => (cli === undefined ? undefined : timeOf(name) / cli);
const against = (name, limit, what) => {
  const r = ratio(name);
  return r === undefined ? `| ${what} | not measured (no ast-grep CLI) |` : `| ${what} | ${verdict(r <= limit, `${r.toFixed(2)}× its time`)} |`;
};
const timed = samples
  .get('check --jobs 2 --no-cache')
  .map((m) => m.phases)
  .filter(Boolean);
const indexShare = timed.length > 0 ? median(timed.map((p) => p.index / p.files)) : undefined;
const indexRow =
  indexShare === undefined
    ? '| the project index at most 10 % of the files in check --jobs 2 --no-cache | not measured (no --verbose timing) |'
    : `| the project index at most 10 % of the files in check --jobs 2 --no-cache | ${verdict(indexShare <= 0.1, `${(indexShare * 100).toFixed(0)} % (its own --verbose timing: index ${median(timed.map((p) => p.index)).toFixed(2)} s, files ${median(timed.map((p) => p.files)).toFixed(2)} s, medians)`)} |`;
const peakAt1 = Math.max(...subjects.filter((s) => !s.name.startsWith('floor') && !s.name.startsWith('ast-grep')).map((s) => peakOf(s.name)));
const coldCheck = timeOf('check --jobs 2, cold');
const coldDry = timeOf('fix --dry-run --jobs 2, cold');
const targets = [
  '| target | status |',
  '| --- | --- |',
  against('check --jobs 2, cold', 0.9, 'cold check --jobs 2 at most 0.9× the ast-grep CLI'),
  against('check --jobs 2, warm', 0.15, 'warm check --jobs 2 at most 0.15× the ast-grep CLI'),
  against('check --jobs 2, warm, 1 % of the files touched', 0.25, 'warm check, 1 % touched, at most 0.25× the ast-grep CLI'),
  `| cold fix --dry-run within 1.2× of cold check | ${verdict(coldDry / coldCheck <= 1.2, `${(coldDry / coldCheck).toFixed(2)}×`)} |`,
  indexRow,
  `| peak RSS under 500 MB at 1× | ${verdict(peakAt1 < 500, `${peakAt1.toFixed(0)} MB at most, over every mainguard run`)} |`,
  ...(peakAtScale.has(4) ? [`| peak RSS under 650 MB at 4× | ${verdict(peakAtScale.get(4) < 650, `${peakAtScale.get(4).toFixed(0)} MB at most`)} |`] : []),
].join('\n');
console.log(targets);
const notes = existsSync(join(repo, 'scripts', 'bench-notes.md')) ? `\n${readFileSync(join(repo, 'scripts', 'bench-notes.md'), 'utf8')}` : '';
writeFileSync(
  join(repo, 'BENCHMARKS.md'),
  `# Benchmarks\n\n${table}\n\nReproduce with \`npm run bench\` (\`BENCH_RUNS=5\` for more runs, \`BENCH_SCALES=1,2,4\` for the copies). Corpus folder: \`${relative(repo, corpus)}\`.\n\n## Against the targets\n\n${targets}\n\n## As the tree grows\n\nThe same corpus copied side by side in one folder, cold and warm \`check --jobs 2\`, one run each (the 4× RSS target: under 650 MB):\n\n${scaling}\n${notes}`,
);

/** The corpus copied `scale` times into one folder, once. */
function scaledCorpus(source, scale) {
  const target = join(tmpdir(), `mainguard-bench-corpus-x${scale}`);
  if (existsSync(join(target, '.complete'))) return target;
  rmSync(target, { recursive: true, force: true });
  for (let copy = 0; copy < scale; copy++) cpSync(source, join(target, `copy${copy}`), { recursive: true, filter: (src) => !src.includes('.mainguard_cache') });
  writeFileSync(join(target, '.complete'), '');
  return target;
}
