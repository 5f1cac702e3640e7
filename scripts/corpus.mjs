// Prints, for the standard library of every local Python, what `mainguard fix` does with each file:
// the figures of the README's "How it behaves on real code". With folders as arguments
// (`npm run corpus -- ../shared/corpora/amazing`), the same figures for each of those instead.
// Run `npm run build` first.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import mainGuard from '../dist/codemods/main-guard/index.js';
import { discoverFiles } from '../dist/src/files/discover.js';
import { processAll } from '../dist/src/run/pipeline.js';

const root = (() => {
  try {
    return execFileSync('pyenv', ['root'], { encoding: 'utf8' }).trim();
  } catch {
    return '/root/.pyenv';
  }
})();
const versions = existsSync(join(root, 'versions')) ? readdirSync(join(root, 'versions')) : [];
const key = (v) =>
  v
    .split('.')
    .map((n) => n.padStart(3, '0'))
    .join('.');
const reasons = new Map();
const rows = [];
const named = process.argv.slice(2);
const corpora = named.length > 0 ? named.map((dir) => ({ label: dir, dir: resolve(dir) })) : stdlibCorpora();

function stdlibCorpora() {
  const found = [];
  for (const version of versions.sort((a, b) => key(a).localeCompare(key(b)))) {
    const lib = join(root, 'versions', version, 'lib');
    const name = existsSync(lib) && readdirSync(lib).find((n) => /^python\d\.\d+$/.test(n));
    if (name) found.push({ label: version, dir: join(lib, name) });
  }
  return found;
}

for (const { label: version, dir } of corpora) {
  const { files } = await discoverFiles([dir], { cwd: dir, respectGitignore: false });
  const started = performance.now();
  const results = await processAll(files, mainGuard, { codemodOptions: {} });
  const seconds = (performance.now() - started) / 1000;
  const count = (predicate) => results.filter(predicate).length;
  const refused = results.filter((r) => r.status === 'skipped' && r.skipKind === 'refused');
  for (const r of refused) {
    const reason = r.reason.replace(/line \d+ uses \w+, which line \d+/, 'a moved statement uses a name that a later line').replace(/\d+/g, 'N');
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  rows.push(
    `| ${version} | ${results.length} | ${count((r) => r.status === 'changed')} | ${count((r) => r.status === 'unchanged')} | ${count((r) => r.status === 'skipped' && r.skipKind === 'ignored')} | ${refused.length} | ${count((r) => r.status === 'failed')} | ${seconds.toFixed(1)} s |`,
  );
}
console.log(`| ${named.length > 0 ? 'folder' : 'Python'} | files | rewritten | unchanged | skipped (\`__init__.py\`, \`setup.py\`) | refused | syntax/decoding errors | time, 1 thread |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
console.log(`\nRefusals, ${named.length > 0 ? 'all folders' : 'all versions'}:\n`);
for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`- ${n} × ${reason}`);
