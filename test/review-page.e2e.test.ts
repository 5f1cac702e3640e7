// `fix --dry-run --format html|json`: the review of a run, checked as a reviewer meets it — the
// page opened offline in headless Chromium — against the run's own summary line and JSON.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, openOffline, SKIP_BROWSER_TESTS } from './helpers/browser.js';
import { BIN, cliEnv, makeTree, removeTrees, runCli } from './helpers/cli.js';
import { py } from './helpers/dedent.js';
import { FIXTURE_DIR, REPO_ROOT } from './helpers/fixtures.js';
import { findStdlibCorpora } from './helpers/stdlib.js';

afterAll(removeTrees);

/** Where the run's screenshot goes, for a person to look at. */
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output');

/** examples/project, plus a refusal, a file that does not parse, a pool whose worker reads a main-only global, and a library with its importer. */
function reviewTree(): Record<string, string | Buffer> {
  const spec: Record<string, string | Buffer> = {};
  const example = path.join(REPO_ROOT, 'examples', 'project');
  for (const entry of readdirSync(example, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) spec[path.relative(example, path.join(entry.parentPath, entry.name))] = readFileSync(path.join(entry.parentPath, entry.name));
  }
  spec['refused.py'] = readFileSync(path.join(FIXTURE_DIR, 'refuse-guard-with-else.py'));
  spec['mp/worker.py'] = readFileSync(path.join(FIXTURE_DIR, 'mp-warn-worker-reads-main-global.py'));
  spec['broken.py'] = 'print("hello"\nx = = 1\n';
  // A name that is markup: the page must show it as text.
  spec['odd/a<b>&c.py'] = 'print("</script>")\n';
  spec['lib/greeting.py'] = py`
    import atexit

    _seen = []

    def greet(name):
        _seen.append(name)
        return "hello " + name

    atexit.register(print, _seen)
  `;
  spec['app/hello.py'] = py`
    from lib.greeting import greet

    print(greet("world"))
  `;
  return spec;
}

/** The counts of the terminal summary line: `Scanned 7 files in 0.1s: 3 would change, 3 unchanged, 1 skipped (1 ignored), 0 failed.` */
function parseSummaryLine(stderr: string): Record<string, number> {
  const match = /Scanned (\d+) files? in [\d.]+s: (\d+) would change, (\d+) unchanged, (\d+) skipped(?: \(([^)]*)\))?, (\d+) failed\./.exec(stderr);
  if (!match) throw new Error(`no summary line in:\n${stderr}`);
  const reasons = Object.fromEntries(
    (match[5] ?? '')
      .split(', ')
      .filter(Boolean)
      .map((part) => [part.replace(/^\d+ /, ''), Number(part.split(' ')[0])]),
  );
  return {
    files: Number(match[1]),
    changed: Number(match[2]),
    unchanged: Number(match[3]),
    skipped: Number(match[4]),
    refused: reasons.refused ?? 0,
    ignored: reasons.ignored ?? 0,
    failed: Number(match[6]),
  };
}

interface ReviewJson {
  version: number;
  summary: {
    text: string;
    files: number;
    changed: number;
    unchanged: number;
    skipped: { refused: number; ignored: number };
    failed: number;
    kinds: Record<string, number>;
    findings: number;
    byCode: Record<string, number>;
  };
  files: Array<{
    path: string;
    status: string;
    kind?: string;
    skip?: { kind: string; reason: string; line?: number };
    findings: Array<{ code: string }>;
    entries: Array<{ kind: string; message: string }>;
    importedBy: Array<{ path: string }>;
    diff?: string;
    advice: string[];
  }>;
}

let tree: string;
let htmlRun: ReturnType<typeof runCli>;
let jsonRun: ReturnType<typeof runCli>;
let review: ReviewJson;
let pageFile: string;

beforeAll(async () => {
  tree = await makeTree(reviewTree(), 'mainguard-review-');
  pageFile = path.join(tree, 'review.html');
  htmlRun = runCli(['fix', '--dry-run', '--format', 'html', '--output', pageFile, '.'], tree);
  jsonRun = runCli(['fix', '--dry-run', '--format', 'json', '.'], tree);
  review = JSON.parse(jsonRun.stdout) as ReviewJson;
});

const pathsWhere = (test: (f: ReviewJson['files'][number]) => boolean): string[] => review.files.filter(test).map((f) => f.path);

describe('fix --dry-run --format json', () => {
  it('prints the review on stdout and exits 1, as a dry run with changes does', () => {
    expect(jsonRun.code).toBe(1);
    expect(review.version).toBe(1);
    expect(jsonRun.stderr.split('\n')).toContain(review.summary.text);
  });

  it('counts what the terminal summary line counts', () => {
    const line = parseSummaryLine(jsonRun.stderr);
    const s = review.summary;
    expect({ files: s.files, changed: s.changed, unchanged: s.unchanged, refused: s.skipped.refused, ignored: s.skipped.ignored, failed: s.failed }).toEqual({
      files: line.files,
      changed: line.changed,
      unchanged: line.unchanged,
      refused: line.refused,
      ignored: line.ignored,
      failed: line.failed,
    });
    expect(s.files).toBe(review.files.length);
  });

  it('gives each file what it is, and the library the file that imports it', () => {
    const greeting = review.files.find((f) => f.path === 'lib/greeting.py')!;
    expect(greeting.kind).toBe('library');
    expect(greeting.importedBy.map((i) => i.path)).toEqual(['app/hello.py']);
    expect(review.files.find((f) => f.path === 'app/hello.py')!.status).toBe('changed');
  });

  it('gives a refused file its reason, its line and what to do', () => {
    const refused = review.files.find((f) => f.path === 'refused.py')!;
    expect(refused.status).toBe('skipped');
    expect(refused.skip?.kind).toBe('refused');
    expect(refused.skip?.reason).toContain('else');
    expect(refused.advice.join(' ')).toContain('# mainguard: keep');
  });

  it('gives each change its diff, as git would show it', () => {
    const changed = review.files.filter((f) => f.status === 'changed');
    expect(changed.length).toBeGreaterThan(0);
    for (const f of changed) expect(f.diff).toMatch(new RegExp(`^--- a/${f.path}\\n\\+\\+\\+ b/${f.path}\\n@@ `));
  });
});

describe('fix --format json|html: what it refuses', () => {
  it('needs --dry-run: the review is read before anything is written', () => {
    const run = runCli(['fix', '--yes', '--format', 'html', '--output', 'x.html', '.'], tree);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--format html reviews a dry run');
    expect(run.stderr).toContain('hint: mainguard fix --dry-run --format html --output review.html');
  });

  it('needs --output for a page', () => {
    const run = runCli(['fix', '--dry-run', '--format', 'html', '.'], tree);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--format html writes a page: name its file with --output');
    expect(run.stdout).toBe('');
  });

  it('takes --output only with a review', () => {
    const run = runCli(['fix', '--dry-run', '--output', 'x.patch', '.'], tree);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--output goes with --format json or html');
  });

  it('says so when the page cannot be written', () => {
    const run = runCli(['fix', '--dry-run', '--format', 'html', '--output', 'no/such/folder/review.html', '.'], tree);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot write no/such/folder/review.html: ENOENT');
  });
});

describe.skipIf(SKIP_BROWSER_TESTS)('the review page in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let requests: string[];

  beforeAll(async () => {
    expect(htmlRun.code).toBe(1);
    expect(htmlRun.stderr).toMatch(/Wrote the review of \d+ files to .*review\.html \(\d+ KB\)\./);
    browser = await launchChromium();
    ({ page, errors, requests } = await openOffline(browser, pageFile));
  });

  afterAll(async () => {
    if (!browser) return;
    // The one screenshot of the run: the pool whose worker reads a global set only in main().
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const { page: fresh, context } = await openOffline(browser, pageFile, { width: 1400, height: 900 });
    await fresh.click('#file-list li[data-path="mp/worker.py"]');
    await fresh.screenshot({ path: path.join(OUTPUT_DIR, 'review-page.png') });
    await context.close();
    await browser.close();
  });

  const shownPaths = (p: Page): Promise<string[]> => p.$$eval('#file-list li.file:not([hidden])', (rows) => rows.map((row) => (row as HTMLElement).dataset.path!));
  const card = async (p: Page, key: string): Promise<number> => Number(await p.textContent(`[data-summary="${key}"] dd`));

  // Each test starts from the whole list, whatever the one before it left.
  beforeEach(async () => {
    if (!page) return;
    await page.fill('#search', '');
    await page.click('[data-filter="all"]');
  });

  it('loads with the network off, asks for nothing beyond the file, and logs no error', () => {
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows the summary numbers of the run: its summary line and its JSON', async () => {
    const line = parseSummaryLine(htmlRun.stderr);
    const shown = {
      files: await card(page, 'files'),
      changed: await card(page, 'changed'),
      unchanged: await card(page, 'unchanged'),
      refused: await card(page, 'refused'),
      ignored: await card(page, 'ignored'),
      failed: await card(page, 'failed'),
    };
    expect(shown).toEqual({ files: line.files, changed: line.changed, unchanged: line.unchanged, refused: line.refused, ignored: line.ignored, failed: line.failed });
    expect(await page.textContent('#summary-line')).toBe(htmlRun.stderr.split('\n').find((l) => l.startsWith('Scanned '))!);
    for (const [kind, n] of Object.entries(review.summary.kinds)) expect(await card(page, `kind-${kind}`)).toBe(n);
    for (const [code, n] of Object.entries(review.summary.byCode)) expect(await card(page, `code-${code}`)).toBe(n);
    expect(await page.$$eval('#file-list li.file', (rows) => rows.length)).toBe(line.files);
  });

  it('filters the list by outcome, warnings and process starts', async () => {
    const expected: Record<string, { paths: string[]; includes: string[] }> = {
      changed: { paths: pathsWhere((f) => f.status === 'changed'), includes: ['app/hello.py', 'tools/squares.py'] },
      refused: { paths: pathsWhere((f) => f.skip?.kind === 'refused'), includes: ['refused.py'] },
      'left-alone': { paths: pathsWhere((f) => f.status === 'unchanged' || f.skip?.kind === 'ignored'), includes: ['lib/greeting.py', 'mylib/__init__.py', 'tools/already.py'] },
      failed: { paths: pathsWhere((f) => f.status === 'failed'), includes: ['broken.py'] },
      warnings: { paths: pathsWhere((f) => f.entries.some((e) => e.kind === 'warning')), includes: ['mp/worker.py'] },
      mg002: { paths: pathsWhere((f) => f.findings.some((x) => x.code === 'MG002')), includes: ['mp/worker.py'] },
    };
    for (const [filter, { paths, includes }] of Object.entries(expected)) {
      await page.click(`[data-filter="${filter}"]`);
      const shown = await shownPaths(page);
      expect(shown, filter).toEqual(paths);
      expect(shown, filter).toEqual(expect.arrayContaining(includes));
      expect(Number(await page.textContent(`[data-filter="${filter}"] .count`)), filter).toBe(paths.length);
    }
    await page.click('[data-filter="all"]');
    expect(await shownPaths(page)).toEqual(review.files.map((f) => f.path));
  });

  it('searches by path, within the filter', async () => {
    await page.fill('#search', 'TOOLS/');
    expect(await shownPaths(page)).toEqual(pathsWhere((f) => f.path.startsWith('tools/')));
    await page.click('[data-filter="changed"]');
    expect(await shownPaths(page)).toEqual(pathsWhere((f) => f.path.startsWith('tools/') && f.status === 'changed'));
    await page.fill('#search', 'no such file');
    expect(await shownPaths(page)).toEqual([]);
    await page.fill('#search', '');
    await page.click('[data-filter="all"]');
  });

  it('shows a name that is markup as text, and its diff too', async () => {
    await page.click('#file-list li[data-path="odd/a<b>&c.py"]');
    expect(await page.textContent('.detail-path')).toBe('odd/a<b>&c.py');
    expect(await page.textContent('#file-list li.selected .path')).toBe('odd/a<b>&c.py');
    expect(await page.textContent('.diff')).toContain('print("</script>")');
    expect(errors).toEqual([]);
  });

  it('shows a refused file with its reason, its line in the source and what to do', async () => {
    await page.click('#file-list li[data-path="refused.py"]');
    const refused = review.files.find((f) => f.path === 'refused.py')!;
    expect(await page.textContent('.detail-path')).toBe('refused.py');
    expect(await page.textContent('.reason')).toContain(refused.skip!.reason);
    expect(await page.textContent('.src-line.hit .ln')).toBe(String(refused.skip!.line));
    // The fixture's guard, on line 5, is the one with the else branch.
    expect(await page.textContent('.src-line.hit .src')).toBe('if __name__ == "__main__":');
    expect(await page.textContent('.excerpt')).toContain('else:');
    expect(await page.textContent('.advice')).toContain('# mainguard: keep');
  });

  it('shows a change as a highlighted diff, unified or side by side, beside what the rewrite did', async () => {
    await page.click('#file-list li[data-path="mp/worker.py"]');
    expect(await page.textContent('.report')).toContain('Warnings');
    expect(await page.$$eval('.report .entry-moved + ul li', (items) => items.length)).toBeGreaterThan(0);
    expect(await page.$$eval('.diff .d2h-file-side-diff', (sides) => sides.length)).toBe(0);
    expect(await page.$$eval('.diff .d2h-ins .hljs-keyword', (tokens) => tokens.map((t) => t.textContent))).toContain('def');
    await page.click('[data-view="side-by-side"]');
    expect(await page.$$eval('.diff .d2h-file-side-diff', (sides) => sides.length)).toBe(2);
    await page.click('[data-view="line-by-line"]');
    expect(await page.$$eval('.diff .d2h-file-side-diff', (sides) => sides.length)).toBe(0);
  });

  it('moves between the files shown with j/k and n/p', async () => {
    await page.click('[data-filter="changed"]');
    const changed = pathsWhere((f) => f.status === 'changed');
    await page.click(`#file-list li[data-path="${changed[0]}"]`);
    const selectedPath = (): Promise<string | null> => page.textContent('.detail-path');
    await page.keyboard.press('j');
    expect(await selectedPath()).toBe(changed[1]);
    await page.keyboard.press('n');
    expect(await selectedPath()).toBe(changed[2]);
    await page.keyboard.press('k');
    expect(await selectedPath()).toBe(changed[1]);
    await page.keyboard.press('p');
    expect(await selectedPath()).toBe(changed[0]);
    await page.keyboard.press('p');
    expect(await selectedPath()).toBe(changed[0]);
    await page.click('[data-filter="all"]');
  });

  it('keeps the reviewed box of a file across a reload', async () => {
    await page.click('#file-list li[data-path="tools/report.py"]');
    await page.check('#reviewed-box');
    expect(await page.getAttribute('#file-list li[data-path="tools/report.py"]', 'class')).toContain('reviewed');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.textContent('#reviewed-count')).toBe(`1 of ${review.files.length} reviewed`);
    await page.click('#file-list li[data-path="tools/report.py"]');
    expect(await page.isChecked('#reviewed-box')).toBe(true);
    await page.click('#file-list li[data-path="tools/squares.py"]');
    expect(await page.isChecked('#reviewed-box')).toBe(false);
    await page.click('[data-filter="unreviewed"]');
    expect(await shownPaths(page)).not.toContain('tools/report.py');
    await page.click('[data-filter="all"]');
    expect(errors).toEqual([]);
  });

  it('draws every file in the import graph, one box per folder, and the library as a library', async () => {
    const nodes = await page.$$eval('#graph .node', (marks) => marks.length);
    expect(nodes).toBe(review.files.length);
    const folders = new Set(review.files.map((f) => (f.path.includes('/') ? path.posix.dirname(f.path) : '.')));
    expect(await page.$$eval('#graph .folder', (boxes) => boxes.length)).toBe(folders.size);
    const greeting = review.files.findIndex((f) => f.path === 'lib/greeting.py');
    expect(await page.getAttribute(`#graph .node[data-index="${greeting}"]`, 'class')).toContain('kind-library');
    // One line per pair of folders with an import between them; app/hello.py imports lib/greeting.py.
    const folderOf = (p: string): string => (p.includes('/') ? path.posix.dirname(p) : '.');
    const pairs = new Set(review.files.flatMap((f) => f.importedBy.map((i) => `${folderOf(i.path)} -> ${folderOf(f.path)}`)).filter((pair) => !/^(.*) -> \1$/.test(pair)));
    const drawn = await page.$$eval('#graph .edges line', (lines) => lines.map((l) => `${l.getAttribute('data-from')} -> ${l.getAttribute('data-to')}`));
    expect(drawn.sort()).toEqual([...pairs].sort());
    expect(drawn).toContain('app -> lib');
    await page.click(`#graph .node[data-index="${greeting}"]`);
    expect(await page.textContent('.detail-path')).toBe('lib/greeting.py');
    expect(await page.$$eval('#graph .focus-edges .importer', (lines) => lines.length)).toBe(1);
  });
});

/** The page of a whole standard library: 3.11's where there is one, else the newest local Python 3's. */
const corpus = findStdlibCorpora()
  .filter((c) => c.version.startsWith('3.'))
  .sort((a, b) => Number(a.version.startsWith('3.11.')) - Number(b.version.startsWith('3.11.')))
  .at(-1);

/** The size the review page of a standard library stays under (README, BENCHMARKS.md). */
const STDLIB_PAGE_LIMIT = 2 * 1024 * 1024;

describe.skipIf(SKIP_BROWSER_TESTS || corpus === undefined)('the review page of a standard library', () => {
  it('stays under 2 MB and loads offline in under 3 s, every file listed and drawn', { timeout: 600_000 }, async () => {
    const dir = await makeTree({}, 'mainguard-review-stdlib-');
    const pageFile = path.join(dir, 'stdlib.html');
    // A dry run writes nothing: the library itself is read, not a copy.
    const run = spawnSync(process.execPath, [BIN, 'fix', '--dry-run', '--format', 'html', '--output', pageFile, corpus!.libDir], { cwd: dir, env: cliEnv(), encoding: 'utf8', timeout: 480_000 });
    expect(run.status, run.stderr.slice(-2000)).toBe(1);
    const line = parseSummaryLine(run.stderr);
    expect(line.changed).toBeGreaterThan(20);
    expect(statSync(pageFile).size).toBeLessThan(STDLIB_PAGE_LIMIT);
    const browser = await launchChromium();
    try {
      const loads: number[] = [];
      for (let i = 0; i < 3; i++) {
        const opened = await openOffline(browser, pageFile);
        loads.push(opened.loadMs);
        if (i === 0) {
          expect(opened.errors).toEqual([]);
          expect(opened.requests).toEqual([]);
          expect(await opened.page.$$eval('#file-list li.file', (rows) => rows.length)).toBe(line.files);
          expect(await opened.page.$$eval('#graph .node', (marks) => marks.length)).toBe(line.files);
          expect(Number(await opened.page.textContent('[data-summary="changed"] dd'))).toBe(line.changed);
        }
        await opened.context.close();
      }
      expect(loads.sort((a, b) => a - b)[1]).toBeLessThan(3000);
    } finally {
      await browser.close();
    }
  });
});
