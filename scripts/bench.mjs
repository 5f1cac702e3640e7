// `npm run bench`: how fast mainguard is next to the parser it is built on, on the standard
// libraries of the local Pythons 3.8–3.13. Every figure is a median of several runs taken in
// alternation (A B A B ...), and shown as a ratio to the floor measured in the same run: timing on
// a shared machine is noisy, ratios much less so. Writes the table to BENCHMARKS.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
  return { seconds: elapsed, rssMb: kilobytes / 1024, status: result.status };
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

const subjects = [
  { name: 'floor: bare napi parse, 1 thread', command: process.execPath, args: [join(repo, 'scripts', 'bench-floor.mjs'), listFile] },
  { name: 'mainguard check --jobs 1', command: process.execPath, args: [bin, 'check', '--jobs', '1', '.'] },
  { name: 'mainguard check --jobs 2', command: process.execPath, args: [bin, 'check', '--jobs', '2', '.'] },
  { name: 'mainguard fix --dry-run --jobs 2', command: process.execPath, args: [bin, 'fix', '--dry-run', '--jobs', '2', '.'] },
  ...(existsSync(astGrep) ? [{ name: 'ast-grep scan -j 2 (module-level expressions)', command: astGrep, args: ['scan', '-r', rule, '-j', '2', '--json=compact', '.'] }] : []),
];

const samples = new Map(subjects.map((s) => [s.name, []]));
for (let run = 0; run < runs; run++) {
  for (const subject of subjects) {
    const m = measure(subject.command, subject.args, corpus);
    samples.get(subject.name).push(m);
    console.error(`run ${run + 1}/${runs}: ${subject.name}: ${m.seconds.toFixed(2)} s, ${m.rssMb.toFixed(0)} MB`);
  }
}

const floor = median(samples.get(subjects[0].name).map((m) => m.seconds));
const rows = subjects.map((subject) => {
  const list = samples.get(subject.name);
  const seconds = median(list.map((m) => m.seconds));
  const rss = Math.max(...list.map((m) => m.rssMb));
  return `| ${subject.name} | ${seconds.toFixed(2)} s | ${(seconds / floor).toFixed(2)}× | ${(files.length / seconds).toFixed(0)} | ${(megabytes / seconds).toFixed(1)} | ${rss.toFixed(0)} MB |`;
});
const cpu = cpus();
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
  `Corpus: the standard libraries of Python 3.8–3.13 (${files.length} files, ${megabytes.toFixed(0)} MB, site-packages excluded); median of ${runs} runs each, taken in alternation.`,
  '',
  '| command | time | vs floor | files/s | MB/s | peak RSS |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows,
].join('\n');
console.log(table);

// The targets, judged on the medians of this run.
const timeOf = (name) => median(samples.get(name).map((m) => m.seconds));
const peakOf = (name) => Math.max(...samples.get(name).map((m) => m.rssMb));
const check2 = timeOf('mainguard check --jobs 2');
const dryRun = timeOf('mainguard fix --dry-run --jobs 2');
const astGrepName = subjects.find((s) => s.name.startsWith('ast-grep'))?.name;
const verdict = (met, detail) => `${met ? 'met' : '**not met**'}: ${detail}`;
const peak = Math.max(...subjects.filter((s) => s.name.startsWith('mainguard')).map((s) => peakOf(s.name)));
const targets = [
  '| target | status |',
  '| --- | --- |',
  `| check with 2 workers at least 1.3× faster than the one-thread parse floor | ${verdict(floor / check2 >= 1.3, `check takes ${(check2 / floor).toFixed(2)}× the floor's time`)} |`,
  astGrepName
    ? `| check with 2 workers no slower than the ast-grep CLI with 2 threads | ${verdict(check2 <= timeOf(astGrepName), `${(check2 / timeOf(astGrepName)).toFixed(2)}× its time`)} |`
    : '| check with 2 workers no slower than the ast-grep CLI with 2 threads | not measured (no ast-grep CLI) |',
  `| dry-run within 1.2× of check | ${verdict(dryRun / check2 <= 1.2, `${(dryRun / check2).toFixed(2)}×`)} |`,
  `| peak RSS under 500 MB | ${verdict(peak < 500, `${peak.toFixed(0)} MB at most, over every mainguard run`)} |`,
].join('\n');
console.log(targets);
const notes = existsSync(join(repo, 'scripts', 'bench-notes.md')) ? `\n${readFileSync(join(repo, 'scripts', 'bench-notes.md'), 'utf8')}` : '';
writeFileSync(
  join(repo, 'BENCHMARKS.md'),
  `# Benchmarks\n\n${table}\n\nReproduce with \`npm run bench\` (\`BENCH_RUNS=5\` for more runs). Corpus folder: \`${relative(repo, corpus)}\`.\n\n## Against the targets\n\n${targets}\n${notes}`,
);
