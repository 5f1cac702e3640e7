import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type Answer, askApproval, helpText, questionText } from '../src/ui/prompt.js';

/** Answers the prompt by typing `keys` one at a time into a fake terminal; returns the answer and what was drawn. */
async function answer(keys: string[]): Promise<{ answer: Answer; screen: string }> {
  const input = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode: (on: boolean) => void };
  input.isTTY = true;
  input.setRawMode = () => {};
  const output = new PassThrough();
  let screen = '';
  output.on('data', (chunk: Buffer) => (screen += chunk.toString('utf8')));
  const pending = askApproval({ index: 3, total: 41, path: 'scripts/run.py' }, { color: false, input, output });
  for (const key of keys) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    input.write(key);
  }
  return { answer: await pending, screen };
}

describe('askApproval: one key per answer, as git add -p', () => {
  it.each([
    ['y', 'yes'],
    ['n', 'no'],
    ['a', 'all'],
    ['q', 'quit'],
    ['Y', 'yes'],
    ['\r', 'no'],
    ['\x03', 'interrupt'],
  ] as const)('%j answers %s', async (key, expected) => {
    expect((await answer([key])).answer).toBe(expected);
  });

  it('an aborted signal (SIGINT, SIGTERM) ends the question: interrupt', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => {} });
    const controller = new AbortController();
    const pending = askApproval({ index: 1, total: 1, path: 'a.py' }, { color: false, signal: controller.signal, input, output: new PassThrough() });
    setTimeout(() => controller.abort(), 10);
    expect(await pending).toBe('interrupt');
  });

  it('? prints the help and asks again; an unknown key says which keys work', async () => {
    const { answer: result, screen } = await answer(['?', 'z', 'y']);
    expect({ result, help: screen.includes('q - quit; write nothing more'), hint: screen.includes('press y, n, a or q (? for help)') }).toEqual({
      result: 'yes',
      help: true,
      hint: true,
    });
  });

  it('? prints the help, then the question again below it, where the answer is typed', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => {} });
    const output = new PassThrough();
    let screen = '';
    output.on('data', (chunk: Buffer) => (screen += chunk.toString('utf8')));
    const pending = askApproval({ index: 3, total: 41, path: 'scripts/run.py' }, { color: false, input, output });
    await new Promise((resolve) => setTimeout(resolve, 10));
    input.write('?');
    await new Promise((resolve) => setTimeout(resolve, 30));
    const shown = screen;
    input.write('n');
    await pending;
    const help = shown.lastIndexOf('? - print this help');
    expect({ help: help > -1, askedAfter: shown.lastIndexOf('Apply this change to scripts/run.py') > help }).toEqual({ help: true, askedAfter: true });
  });

  it('shows the count and the keys', async () => {
    const { screen } = await answer(['n']);
    expect(screen).toContain('(3/41) Apply this change to scripts/run.py [y,n,a,q,?]?');
  });
});

describe('question and help texts', () => {
  it('questionText', () => {
    expect(questionText({ index: 1, total: 2, path: 'a.py' })).toBe('(1/2) Apply this change to a.py [y,n,a,q,?]?');
  });

  it('helpText names every key', () => {
    expect(
      helpText()
        .split('\n')
        .map((line) => line[0]),
    ).toEqual(['y', 'n', 'a', 'q', '?']);
  });
});
