import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, makeTree, removeTrees, runCli } from './helpers/cli.js';
import { py } from './helpers/dedent.js';
import { hasPty, type PtyStep, runInPty, stripAnsi } from './helpers/pty.js';

// Interactive approval through a real pseudo-terminal (python3's pty module): stdin, stdout and
// stderr are the terminal, as when a user runs `mainguard fix .`.

const script = (word: string): string => py`
  import sys

  print("${word}", len(sys.argv))
`;
const FILES = { 'a.py': script('a'), 'b.py': script('b'), 'lib.py': 'import os\n\nSEP = os.sep\n', 'sub/c.py': script('c'), 'sub/d.py': script('d') };
const CHANGED = ['a.py', 'b.py', 'sub/c.py', 'sub/d.py'];

afterAll(removeTrees);

/** Which of the four scripts were rewritten; the others must still hold their original bytes. */
async function rewritten(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const file of CHANGED) {
    const text = await readFile(path.join(dir, file), 'utf8');
    if (text.includes('def main():')) out.push(file);
    else expect(text.startsWith(FILES[file as keyof typeof FILES])).toBe(true);
  }
  return out;
}

/** The regex of the n-th question, as the prompt first draws it. */
const question = (n: number): string => String.raw`\(${n}/4\) Apply this change to [^\r\n]*\[y,n,a,q,\?\]\?`;

async function session(dir: string, steps: PtyStep[], options: { args?: string[]; env?: Record<string, string | undefined>; rows?: number } = {}) {
  const env = cliEnv({ TERM: 'xterm', ...options.env });
  const run = await runInPty([process.execPath, BIN, ...(options.args ?? ['fix', '.'])], { cwd: dir, env, steps, rows: options.rows });
  return { ...run, text: stripAnsi(run.output) };
}

/** The summary line of a session's output. */
const summary = (text: string): string | undefined => /Scanned \d+ files?[^\n]*/.exec(text)?.[0];

describe.skipIf(!hasPty())('fix on a terminal: approve file by file', () => {
  it('y, n, then q: writes the first file only, shows each diff and report with a count, exit 0', async () => {
    const dir = await makeTree(FILES);
    const run = await session(dir, [
      { wait: question(1), send: 'y' },
      { wait: question(2), send: 'n' },
      { wait: question(3), send: 'q' },
    ]);
    expect({ code: run.code, timedOut: run.timedOut, written: await rewritten(dir) }).toEqual({ code: 0, timedOut: false, written: ['a.py'] });
    expect(run.text).toContain('(1/4) a.py\n--- a/a.py\n+++ b/a.py\n');
    expect(run.text).toContain('  moved: 1 statement into main(): line 3\n');
    expect(run.text).toContain('wrote a.py');
    expect(run.text).toContain('(3/4) sub/c.py\n');
    expect(run.text).not.toContain('(4/4)');
    expect(summary(run.text)).toMatch(/^Scanned 5 files in \d+\.\ds: 1 changed, 1 unchanged, 3 skipped \(1 declined, 2 not asked\), 0 failed\.$/);
  });

  it('n, then a: applies that one and all remaining without asking', async () => {
    const dir = await makeTree(FILES);
    const run = await session(dir, [
      { wait: question(1), send: 'n' },
      { wait: question(2), send: 'a' },
    ]);
    expect({ code: run.code, written: await rewritten(dir) }).toEqual({ code: 0, written: ['b.py', 'sub/c.py', 'sub/d.py'] });
    expect(run.text).not.toMatch(/\(3\/4\) Apply/);
    expect(run.text).toContain('wrote sub/d.py');
    expect(summary(run.text)).toMatch(/: 3 changed, 1 unchanged, 1 skipped \(1 declined\), 0 failed\.$/);
  });

  it('? prints the help, Enter answers no (the safe default), other keys are refused', async () => {
    const dir = await makeTree(FILES);
    const run = await session(dir, [
      { wait: question(1), send: '?' },
      { wait: 'q - quit; write nothing more', send: 'x' },
      { wait: 'press y, n, a or q', send: '\r' },
      { wait: question(2), send: 'y' },
      { wait: question(3), send: 'q' },
    ]);
    expect({ code: run.code, unused: run.unusedSteps, written: await rewritten(dir) }).toEqual({ code: 0, unused: 0, written: ['b.py'] });
    expect(run.text).toContain('y - apply this change\nn - leave this file as it is (also Enter)\na - apply this change and all the remaining ones without asking\n');
  });

  it('Ctrl-C at the prompt writes nothing more: exit 130', async () => {
    const dir = await makeTree(FILES);
    const run = await session(dir, [
      { wait: question(1), send: 'y' },
      { wait: question(2), send: '\x03' },
    ]);
    expect({ code: run.code, written: await rewritten(dir) }).toEqual({ code: 130, written: ['a.py'] });
    expect(summary(run.text)).toMatch(/: 1 changed, 1 unchanged, 3 skipped \(3 interrupted\), 0 failed\.$/);
  });

  it('SIGINT (not a key) while the prompt waits ends it: nothing more written, exit 130', async () => {
    const dir = await makeTree(FILES);
    const run = await session(dir, [
      { wait: question(1), send: 'y' },
      { wait: question(2), kill: 'INT' },
    ]);
    expect({ code: run.code, timedOut: run.timedOut, written: await rewritten(dir) }).toEqual({ code: 130, timedOut: false, written: ['a.py'] });
  });

  it('a file edited while the prompt waits is left alone and reported; the run goes on', async () => {
    const dir = await makeTree(FILES);
    const edit = '# edited meanwhile\n';
    const run = await session(dir, [
      { wait: question(1), append: { path: path.join(dir, 'a.py'), text: edit }, send: 'y' },
      { wait: question(2), send: 'a' },
    ]);
    expect({
      code: run.code,
      a: await readFile(path.join(dir, 'a.py'), 'utf8'),
      reported: run.text.includes('a.py: conflict: changed since it was read; left untouched'),
    }).toEqual({ code: 1, a: FILES['a.py'] + edit, reported: true });
    expect((await rewritten(dir)).sort()).toEqual(['b.py', 'sub/c.py', 'sub/d.py']);
    expect(summary(run.text)).toMatch(/: 3 changed, 1 unchanged, 1 skipped \(1 conflict\), 0 failed\.$/);
  });

  it('nothing to change: no question, exit 0', async () => {
    const dir = await makeTree({ 'lib.py': FILES['lib.py'] });
    const run = await session(dir, []);
    expect({ code: run.code, asked: run.text.includes('Apply'), summary: summary(run.text) }).toEqual({
      code: 0,
      asked: false,
      summary: expect.stringMatching(/: 0 changed, 1 unchanged, 0 skipped, 0 failed\.$/) as unknown as string,
    });
  });
});

// A script whose diff is taller than a 24-row terminal: 30 statements move into main().
const LONG = `import sys\n\n${Array.from({ length: 30 }, (_, i) => `print(${i}, len(sys.argv))\n`).join('')}`;
// A pager that says what it was given, instead of showing it.
const FAKE_PAGER =
  "let text = '';\nprocess.stdin.on('data', (c) => (text += c));\nprocess.stdin.on('end', () => process.stdout.write(`[paged ${text.split('\\n').length - 1} lines, first: ${text.split('\\n')[1]}]\\n`));\n";
const REFUSED = 'import sys\n\nprint("name before", __name__)\n__name__ = "renamed"\nprint("name after", __name__, file=sys.stdout)\n';

describe.skipIf(!hasPty())('fix on a terminal: long diffs, refusals, help', () => {
  it('a diff taller than the terminal goes through $PAGER, then the question; a short one is printed', async () => {
    const dir = await makeTree({ 'a.py': FILES['a.py'], 'long.py': LONG, 'pager.mjs': FAKE_PAGER });
    const pager = `${process.execPath} ${path.join(dir, 'pager.mjs')}`;
    const run = await session(
      dir,
      [
        { wait: String.raw`\(1/2\) Apply`, send: 'n' },
        { wait: String.raw`\(2/2\) Apply`, send: 'n' },
      ],
      { rows: 24, env: { PAGER: pager } },
    );
    const paged = /\[paged (\d+) lines, first: (.*)\]/.exec(run.text);
    expect({ code: run.code, paged: paged?.slice(1), shortPrinted: run.text.includes('(1/2) a.py\n--- a/a.py\n') }).toEqual({
      code: 0,
      paged: [expect.stringMatching(/^\d+$/), '(2/2) long.py'],
      shortPrinted: true,
    });
    expect(Number(paged![1])).toBeGreaterThan(24);
    // The long diff itself was handed to the pager, not printed.
    expect(run.text).not.toContain('+    print(29, len(sys.argv))');
    expect(run.text.indexOf('[paged ')).toBeLessThan(run.text.indexOf('(2/2) Apply'));
  });

  it('with less, the default pager: the diff is shown a screen at a time, q returns to the question', async () => {
    const dir = await makeTree({ 'long.py': LONG });
    const run = await session(
      dir,
      [
        { wait: String.raw`\(1/1\) long\.py`, send: 'q' },
        { wait: String.raw`\(1/1\) Apply`, send: 'y' },
      ],
      { rows: 24, env: { PAGER: undefined, LESS: undefined } },
    );
    expect({ code: run.code, unused: run.unusedSteps, written: (await readFile(path.join(dir, 'long.py'), 'utf8')).includes('def main():') }).toEqual({ code: 0, unused: 0, written: true });
  });

  it('refused files are listed before the first question; answering every file then exits 0', async () => {
    const dir = await makeTree({ 'a.py': FILES['a.py'], 'odd.py': REFUSED });
    const run = await session(dir, [{ wait: String.raw`\(1/1\) Apply`, send: 'y' }]);
    const refused = 'odd.py:4: refused: ';
    expect({ code: run.code, before: run.text.indexOf(refused) < run.text.indexOf('(1/1) a.py'), listed: run.text.includes(refused) }).toEqual({ code: 0, before: true, listed: true });
    expect(summary(run.text)).toMatch(/: 1 changed, 0 unchanged, 1 skipped \(1 refused\), 0 failed\.$/);
  });

  it('after ?, the help and then the question again, on the last line', async () => {
    const dir = await makeTree({ 'a.py': FILES['a.py'] });
    const run = await session(dir, [
      { wait: String.raw`\(1/1\) Apply`, send: '?' },
      { wait: String.raw`\? - print this help[\s\S]*\(1/1\) Apply this change`, send: 'n' },
    ]);
    expect({ code: run.code, unused: run.unusedSteps }).toEqual({ code: 0, unused: 0 });
  });
});

describe.skipIf(!hasPty())('on a terminal: progress and colors', () => {
  it('shows the scanning progress on a terminal, not in CI', async () => {
    const dir = await makeTree(FILES);
    const local = await session(dir, [], { args: ['fix', '--dry-run', '.'] });
    const ci = await session(dir, [], { args: ['fix', '--dry-run', '.'], env: { CI: 'true' } });
    expect({ local: local.text.includes('Scanning'), ci: ci.text.includes('Scanning') }).toEqual({ local: true, ci: false });
  });

  it('shows no progress when stderr is piped', async () => {
    const dir = await makeTree(FILES);
    expect(runCli(['fix', '--dry-run', '.'], dir, { env: cliEnv({ NO_COLOR: undefined }) }).stderr).not.toContain('Scanning');
  });

  it('colors the diff on a terminal, unless NO_COLOR is set', async () => {
    const dir = await makeTree({ 'a.py': FILES['a.py'] });
    const colored = await session(dir, [], { args: ['fix', '--dry-run', '.'], env: { NO_COLOR: undefined } });
    const plain = await session(dir, [], { args: ['fix', '--dry-run', '.'] });
    const red = '\x1b[31m-print("a", len(sys.argv))';
    expect({ colored: colored.output.includes(red), plain: plain.output.includes(red), plainDiff: plain.output.includes('\n-print("a", len(sys.argv))') }).toEqual({
      colored: true,
      plain: false,
      plainDiff: true,
    });
  });
});
