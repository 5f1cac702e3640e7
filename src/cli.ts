import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import picocolors from 'picocolors';
import { UserError } from './errors.js';
import { runCheck, runExplain, runFix, type CommonFlags, type Io } from './commands.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const color = process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
const errorColor = process.stderr.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

const io: Io = {
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  color,
  errorColor,
  interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
  version,
};

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

function withScanOptions(command: Command): Command {
  return command
    .option('--select <codes>', 'report only these rule codes or prefixes (comma-separated)', collect)
    .option('--ignore <codes>', 'do not report these rule codes or prefixes', collect)
    .option('--exclude <glob>', 'exclude paths matching a gitignore-style glob (repeatable; replaces the defaults)', collect)
    .option('--extend-exclude <glob>', 'exclude paths matching a glob, in addition to the defaults (repeatable)', collect)
    .option('--extension <ext>', 'scan files with this extension (repeatable; default: py)', collect)
    .option('--keep <pattern>', 'ast-grep pattern of statements to keep at module level (repeatable)', collect)
    .option('--no-respect-gitignore', 'also scan files that .gitignore files exclude')
    .option('--include-init', 'also handle package __init__.py and setup.py files')
    .option('--config <file>', 'read [tool.mainguard] from this pyproject.toml instead of the nearest one');
}

const program = new Command('mainguard')
  .description('Find and fix Python scripts that run work at import time: move it behind if __name__ == "__main__".')
  .version(version, '-V, --version')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({ writeOut: io.out, writeErr: io.err });

withScanOptions(
  program
    .command('check')
    .description('report module-level code that runs on import (exit 1 if any)')
    .argument('[paths...]', 'files or folders to check', ['.'])
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text')),
).addHelpText(
  'after',
  `
Examples:
  mainguard check .                     check every .py file under the current folder
  mainguard check src/ scripts/run.py   check some folders and files
  mainguard check --format json . > findings.json
  mainguard check --ignore MG001 .      only report the dangerous cases (processes started on import)

Exit codes: 0 no findings, 1 findings, 2 usage, configuration or file errors.`,
).action(async (paths: string[], flags: CommonFlags & { format: 'text' | 'json' }) => {
  process.exitCode = await runCheck(paths, flags, io);
});

withScanOptions(
  program
    .command('fix')
    .description('rewrite files: move module-level work into main() behind a main guard')
    .argument('[paths...]', 'files or folders to fix', ['.'])
    .option('--dry-run', 'print the unified diff of every change and write nothing (exit 1 if anything would change)')
    .option('-y, --yes', 'apply every change without asking')
    .option('--freeze-support', 'call multiprocessing.freeze_support() first behind the guard when moved code starts processes'),
).addHelpText(
  'after',
  `
Examples:
  mainguard fix --dry-run .             show what would change, as a diff that git apply accepts
  mainguard fix --dry-run . | git apply apply the same change through git
  mainguard fix --yes src/              rewrite every file that needs it

A file is written only if its rewrite parses, through a temporary file renamed over it, and only if
it still has the content that was read. Files whose rewrite could change behaviour are left
byte-identical and listed with the reason.

Exit codes: 0 nothing to change or all written, 1 changes pending (--dry-run) or findings left unfixed,
2 usage, configuration or file errors.`,
).action(async (paths: string[], flags: CommonFlags & { dryRun?: boolean; yes?: boolean; freezeSupport?: boolean }) => {
  process.exitCode = await runFix(paths, flags, io);
});

program
  .command('explain')
  .description('explain a rule, with a before/after example')
  .argument('<code>', 'a rule code, e.g. MG002')
  .addHelpText('after', '\nExample:\n  mainguard explain MG002')
  .action((code: string) => {
    process.exitCode = runExplain(code, io);
  });

program.addHelpText(
  'after',
  `
Examples:
  mainguard check .                     list scripts that do work at import time
  mainguard fix --dry-run .             show the rewrite as a unified diff
  mainguard fix --yes .                 apply it
  mainguard explain MG002               why starting processes at import time breaks under spawn`,
);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; usage errors were already printed by commander.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UserError) {
    const c = picocolors.createColors(errorColor);
    io.err(`${c.red('error')}: ${error.message}\n`);
    if (error.hint) io.err(`  ${c.dim('hint')}: ${error.hint}\n`);
    process.exitCode = error.exitCode;
  } else {
    throw error;
  }
}
