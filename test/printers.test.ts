import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FixMode, PRINTERS, type PrinterIo } from '../src/commands/printers.js';
import type { ChangeOutcome } from '../src/run/pipeline.js';
import type { Answer, Question } from '../src/ui/prompt.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Files on disk holding `before-N`, each with a change to `after-N`. */
function changes(count: number): { dir: string; changes: ChangeOutcome[] } {
  const dir = mkdtempSync(join(tmpdir(), 'mainguard-apply-'));
  dirs.push(dir);
  const list = Array.from({ length: count }, (_, i): ChangeOutcome => {
    const absPath = join(dir, `f${i}.py`);
    writeFileSync(absPath, `before-${i}\n`);
    return {
      status: 'changed',
      path: `f${i}.py`,
      absPath,
      findings: [],
      entries: [{ kind: 'moved', message: `lines ${i}` }],
      original: Buffer.from(`before-${i}\n`),
      data: Buffer.from(`after-${i}\n`),
      diff: `diff of f${i}.py\n`,
    };
  });
  return { dir, changes: list };
}

/** An Io that answers from a script and records what was shown and asked. */
function scripted(answers: Answer[], onAsk?: (q: Question) => void): PrinterIo & { shown: string; errors: string; asked: Question[] } {
  const io = {
    shown: '',
    errors: '',
    asked: [] as Question[],
    color: false,
    errorColor: false,
    out: (text: string | Uint8Array) => void (io.shown += Buffer.from(text).toString('utf8')),
    show: async (text: string) => void (io.shown += text),
    err: (text: string) => void (io.errors += text),
    ask: async (q: Question) => {
      io.asked.push(q);
      onAsk?.(q);
      const answer = answers.shift();
      if (!answer) throw new Error(`not expected to ask about ${q.path}`);
      return answer;
    },
  };
  return io;
}

const contents = (list: ChangeOutcome[]): string[] => list.map((c) => readFileSync(c.absPath, 'utf8').trim());

const applyChanges = (list: ChangeOutcome[], mode: FixMode, io: PrinterIo) => PRINTERS[mode].handle(list, io);

describe('the printers of fix: dry run, --yes, interactive', () => {
  it('--dry-run prints every patch on stdout and the reports on stderr, and writes nothing', async () => {
    const { changes: list } = changes(2);
    const patched = list.map((c) => ({ ...c, patch: Buffer.from(`patch of ${c.path}\n`) }));
    const io = scripted([]);
    const result = await applyChanges(patched, 'dry-run', io);
    expect({ fates: result.applied.map((a) => a.fate), files: contents(list), shown: io.shown, errors: io.errors }).toEqual({
      fates: ['pending', 'pending'],
      files: ['before-0', 'before-1'],
      shown: 'patch of f0.py\npatch of f1.py\n',
      errors: 'f0.py\n  moved: lines 0\nf1.py\n  moved: lines 1\n',
    });
  });

  it('each printer asks the pipeline for the diff it shows: a patch, none, a text', () => {
    expect([PRINTERS['dry-run'].diff, PRINTERS.yes.diff, PRINTERS.interactive.diff]).toEqual([{ form: 'patch' }, undefined, { form: 'text' }]);
  });

  it('--yes writes every change without asking', async () => {
    const { changes: list } = changes(3);
    const io = scripted([]);
    const result = await applyChanges(list, 'yes', io);
    expect({ fates: result.applied.map((a) => a.fate), files: contents(list), asked: io.asked }).toEqual({
      fates: ['written', 'written', 'written'],
      files: ['after-0', 'after-1', 'after-2'],
      asked: [],
    });
    expect(io.errors).toBe('f0.py\n  moved: lines 0\nf1.py\n  moved: lines 1\nf2.py\n  moved: lines 2\n');
  });

  it('interactive: y, n, q — shows each diff and report with a count; writes only after y', async () => {
    const { changes: list } = changes(4);
    const io = scripted(['yes', 'no', 'quit']);
    const result = await applyChanges(list, 'interactive', io);
    expect({ result: { quit: result.quit, interrupted: result.interrupted }, fates: result.applied.map((a) => a.fate), files: contents(list) }).toEqual({
      result: { quit: true, interrupted: false },
      fates: ['written', 'declined', 'not-asked', 'not-asked'],
      files: ['after-0', 'before-1', 'before-2', 'before-3'],
    });
    expect(io.asked.map((q) => `${q.index}/${q.total} ${q.path}`)).toEqual(['1/4 f0.py', '2/4 f1.py', '3/4 f2.py']);
    expect(io.shown).toContain('\n(1/4) f0.py\ndiff of f0.py\n  moved: lines 0\n');
    expect(io.shown).toContain('wrote f0.py\n');
  });

  it('interactive: a applies this one and the rest without asking again', async () => {
    const { changes: list } = changes(3);
    const io = scripted(['no', 'all']);
    const result = await applyChanges(list, 'interactive', io);
    expect({ fates: result.applied.map((a) => a.fate), asked: io.asked.length, files: contents(list) }).toEqual({
      fates: ['declined', 'written', 'written'],
      asked: 2,
      files: ['before-0', 'after-1', 'after-2'],
    });
  });

  it('a file changed while the question waits is left untouched and reported', async () => {
    const { changes: list } = changes(2);
    const io = scripted(['yes', 'yes'], (q) => {
      if (q.index === 1) writeFileSync(list[0]!.absPath, 'edited by someone\n');
    });
    const result = await applyChanges(list, 'interactive', io);
    expect({ fates: result.applied.map((a) => a.fate), files: contents(list), message: result.applied[0]!.message }).toEqual({
      fates: ['conflict', 'written'],
      files: ['edited by someone', 'after-1'],
      message: 'changed since it was read; left untouched',
    });
    expect(io.errors).toBe('f0.py: conflict: changed since it was read; left untouched\n');
  });

  it('a file deleted while the question waits is not recreated, and is reported', async () => {
    const { dir, changes: list } = changes(2);
    const io = scripted(['yes', 'yes'], (q) => {
      if (q.index === 1) rmSync(list[0]!.absPath);
    });
    const result = await applyChanges(list, 'interactive', io);
    expect({ fates: result.applied.map((a) => a.fate), files: readdirSync(dir).sort() }).toEqual({ fates: ['failed', 'written'], files: ['f1.py'] });
    expect(io.errors).toMatch(/^f0\.py: failed: ENOENT: no such file or directory/);
  });

  it('an interrupt (Ctrl-C at the question) writes nothing more', async () => {
    const { changes: list } = changes(3);
    const result = await applyChanges(list, 'interactive', scripted(['yes', 'interrupt']));
    expect({ interrupted: result.interrupted, fates: result.applied.map((a) => a.fate), files: contents(list) }).toEqual({
      interrupted: true,
      fates: ['written', 'interrupted', 'interrupted'],
      files: ['after-0', 'before-1', 'before-2'],
    });
  });

  it('an aborted signal (SIGINT) stops before the next file', async () => {
    const { changes: list } = changes(3);
    const controller = new AbortController();
    const io = { ...scripted([]), err: (text: string) => void (text.startsWith('f0.py') && controller.abort()), signal: controller.signal };
    const result = await applyChanges(list, 'yes', io);
    expect({ interrupted: result.interrupted, fates: result.applied.map((a) => a.fate) }).toEqual({ interrupted: true, fates: ['written', 'interrupted', 'interrupted'] });
  });

  it('removes stale temporary files before the first write, and not when nothing is written', async () => {
    const stale = '.f0.py.mainguard-99999-abcdef012345.tmp';
    const first = changes(1);
    writeFileSync(join(first.dir, stale), 'half');
    await applyChanges(first.changes, 'interactive', scripted(['no']));
    expect(readdirSync(first.dir).sort()).toEqual([stale, 'f0.py']);
    await applyChanges(first.changes, 'interactive', scripted(['yes']));
    expect(readdirSync(first.dir)).toEqual(['f0.py']);
  });
});
