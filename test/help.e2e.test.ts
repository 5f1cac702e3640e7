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

describe('--help says what the code does', () => {
  it('fix --help: answering every file (or q) exits 0, and --diff is --dry-run', async () => {
    const help = runCli(['fix', '--help'], await makeTree({})).stdout.replace(/\s+/g, ' ');
    expect({
      interactive: help.includes('Exit codes: 0 nothing to change, all written, or every file answered interactively (or q)'),
      diff: help.includes('--diff the same as --dry-run'),
      mg000: help.includes('a file that does not parse is one: MG000'),
    }).toEqual({ interactive: true, diff: true, mg000: true });
  });

  it('check --help: --output-format and --color are there, and exit 1 for a file that does not parse', async () => {
    const help = runCli(['check', '--help'], await makeTree({})).stdout.replace(/\s+/g, ' ');
    expect({
      outputFormat: help.includes('--output-format <format> the same as --format'),
      color: help.includes('--color <when>'),
      exit: help.includes('1 findings, a file that does not decode or parse among them (MG000)'),
    }).toEqual({ outputFormat: true, color: true, exit: true });
  });
});
