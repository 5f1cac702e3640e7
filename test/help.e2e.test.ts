import { afterAll, describe, expect, it } from 'vitest';
import { makeTree, removeTrees, runCli } from './helpers/cli.js';

afterAll(removeTrees);

/** The command names listed under `Commands:` in `mainguard --help`, without `help` itself. */
function listedCommands(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1]?.split(/^\S/m)[0] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
}

describe('--help of every command', () => {
  it('mainguard --help lists the commands, with examples', async () => {
    const run = runCli(['--help'], await makeTree({}));
    expect({ code: run.code, examples: /^Examples:$/m.test(run.stdout), commands: listedCommands(run.stdout) }).toEqual({
      code: 0,
      examples: true,
      commands: expect.arrayContaining(['check', 'fix', 'run', 'explain']),
    });
  });

  it('each command listed has an Examples: section with a mainguard command line', async () => {
    const dir = await makeTree({});
    const commands = listedCommands(runCli(['--help'], dir).stdout);
    const helps = commands.map((command) => {
      const run = runCli([command, '--help'], dir);
      const examples = run.stdout.split(/^Examples:$/m)[1] ?? '';
      return { command, code: run.code, examples: new RegExp(`^ {2}mainguard ${command}\\b`, 'm').test(examples) };
    });
    expect(helps).toEqual(commands.map((command) => ({ command, code: 0, examples: true })));
  });
});
