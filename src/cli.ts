import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import picocolors from 'picocolors';
import { CACHE_FOLDER } from './cache/location.js';
import type { OptionValue } from './codemod.js';
import { type CheckFlags, runCheck } from './commands/check.js';
import { type CleanFlags, runClean } from './commands/clean.js';
import { type ConfigCommandFlags, runConfig } from './commands/config-command.js';
import { runExplain } from './commands/explain.js';
import { runFix, runRun, type TransformFlags } from './commands/fix.js';
import { FIX_FORMATS } from './commands/review.js';
import { INTERRUPTED_EXIT_CODE, type Io, schemaFor } from './commands/shared.js';
import { UserError } from './errors.js';
import { parseShard } from './files/shard.js';
import { optionProperty, parseCodemodArgs } from './run/codemod-options.js';
import { BUILTIN_CODEMODS } from './run/codemods.js';
import { IN_PROCESS_BELOW } from './run/pool.js';
import { COLOR_CHOICES, type ColorChoice, useColor } from './ui/colors.js';
import { showPaged } from './ui/pager.js';
import { NO_PROGRESS, startProgress } from './ui/progress.js';
import { askApproval } from './ui/prompt.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const inCi = process.env.CI !== undefined && !/^(|0|false)$/i.test(process.env.CI);
const showProgress = process.stderr.isTTY === true && process.env.TERM !== 'dumb' && !inCi;

// `mainguard fix --dry-run . | head`: a closed pipe ends the run quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const io: Io = {
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  // Until --color is read (see the preAction hook): as --color auto.
  color: useColor('auto', process.stdout, process.env),
  errorColor: useColor('auto', process.stderr, process.env),
  interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
  version,
  startProgress: (label) => (showProgress ? startProgress(process.stderr, label) : NO_PROGRESS),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  },
  ask: (question, signal) => askApproval(question, { color: io.color, signal }),
  page: (text) => showPaged(text, { rows: process.stdout.isTTY ? process.stdout.rows : undefined, command: process.env.PAGER, env: process.env, write: (t) => process.stdout.write(t) }),
  whileInterruptible: async (task) => {
    const controller = new AbortController();
    const interrupt = (): void => {
      // A second interrupt stops at once: a write is atomic, whenever it is cut.
      if (controller.signal.aborted) process.exit(INTERRUPTED_EXIT_CODE);
      io.err('\ninterrupted: writing nothing more (interrupt again to stop at once)\n');
      controller.abort();
    };
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);
    try {
      return await task(controller.signal);
    } finally {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
    }
  },
};

const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'];

const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!/^\d+$/.test(value) || jobs < 1) throw new InvalidArgumentError('a whole number of threads, 1 or more');
  return jobs;
}

// The options the built-in codemods declare are keys of [tool.mainguard] and flags of every command.
const schema = await schemaFor();

/** The flags that override keys of [tool.mainguard] (mainguard's own, then the codemods' options), and --config. */
function withConfigOptions(command: Command): Command {
  command
    .option('--select <codes>', 'report only these rule codes or prefixes (comma-separated)', collect)
    .option('--ignore <codes>', 'do not report these rule codes or prefixes', collect)
    .option('--exclude <glob>', 'exclude paths matching a gitignore-style glob (repeatable; replaces the defaults)', collect)
    .option('--extend-exclude <glob>', 'exclude paths matching a glob, in addition to the defaults (repeatable)', collect)
    .option('--extension <ext>', 'scan files with this extension (repeatable; default: py)', collect)
    .option('--no-respect-gitignore', 'also scan files that .gitignore files exclude');
  for (const option of schema.options) {
    if (option.type === 'strings') command.option(`--${option.key} <${option.valueName ?? 'value'}>`, option.description, collect);
    else command.option(`--${option.default ? 'no-' : ''}${option.key}`, option.description);
  }
  return command.option('--config <file>', 'read [tool.mainguard] from this pyproject.toml instead of the nearest one');
}

/** Commander's flags with those of the codemods' options gathered under `options`, by key, as mergeConfig reads them. */
function gatherOptions<T extends object>(flags: T): T & { options: Record<string, OptionValue | undefined> } {
  const values = flags as Record<string, unknown>;
  const options = Object.fromEntries(schema.options.map((option) => [option.key, values[optionProperty(option.key)] as OptionValue | undefined]));
  return { ...flags, options };
}

function withScanOptions(command: Command): Command {
  return withConfigOptions(withColorOption(command))
    .option('--changed-since <ref>', 'only files changed since this git commit, branch or tag (git diff REF), and untracked files')
    .option('--shard <i/n>', 'only part I of N of the files, split by sorted path (e.g. 2/4, for CI matrices)', parseShard)
    .option('-v, --verbose', 'also list every file left alone, with what it is and why (library: imported by tools/a.py)')
    .option('-j, --jobs <n>', `threads to parse with; 1 runs in-process (default: one per core, in-process below ${IN_PROCESS_BELOW} files)`, parseJobs)
    .option('--no-cache', 'compute every result again: neither read nor write the results cache')
    .addOption(new Option('--cache-dir <dir>', `where the results cache is (default: ${CACHE_FOLDER} next to the pyproject.toml in force, else here)`).env('MAINGUARD_CACHE_DIR'));
}

/** `--color`, on every command. */
function withColorOption(command: Command): Command {
  return command.addOption(
    new Option('--color <when>', 'color the output: auto (on a terminal, unless NO_COLOR is set or FORCE_COLOR forces it), always, never').choices(COLOR_CHOICES).default('auto'),
  );
}

function withFixOptions(command: Command): Command {
  return command
    .addOption(new Option('--dry-run', 'print the unified diff of every change and write nothing (exit 1 if anything would change)').conflicts('yes'))
    .addOption(new Option('--diff', 'the same as --dry-run (black and ruff spell it so)').conflicts('yes'))
    .option('-y, --yes', 'apply every change without asking')
    .option('--stdin-filename <path>', 'with - as the path: read the source from stdin, write the result to stdout, name it PATH')
    .option('--exit-non-zero-on-fix', 'exit 1 when a file was written, as a fixer in a pre-commit hook does')
    .addOption(new Option('--format <format>', 'text: the diff (default); json or html: the review of a dry run, every file and decision (with --dry-run)').choices(FIX_FORMATS))
    .option('-o, --output <file>', 'write the review (--format json or html) to this file; JSON goes to stdout without it');
}

const FIX_REVIEW = `
Review: --dry-run --format html --output review.html writes one self-contained page (no network
needed) with the summary, every file filterable by outcome and searchable by path, each diff with
what moved, what stayed and why, the reason and the way out of every refusal, and the import graph;
keys j/k (or n/p) move between files, and a "reviewed" box per file is kept by the browser.
--format json writes the same data (stdout, or --output). Both write nothing else: apply the
change afterwards with --yes. The summary and the unresolved files still go to stderr.`;

const FIX_WORKFLOW = `
Without --dry-run or --yes, each change is shown (its diff and what moved, what stayed and why;
a diff taller than the terminal through $PAGER, default less -R) and asked about, one key each:
y apply, n leave it (also Enter), a apply it and all the rest, q quit (nothing more is written),
? help. Refused files are listed before the first question. This needs a terminal; without one,
pass --yes or --dry-run (also spelled --diff).

A file is written only if its rewrite parses, through a temporary file renamed over it (never
half-written, even if the run is killed), and only if it still has the content that was read
(else it is reported as a conflict: "changed since it was read; left untouched").`;

const FIX_EXIT_CODES = `
Exit codes: 0 nothing to change, all written, or every file answered interactively (or q); 1 changes
pending (--dry-run), findings left unfixed (a file that does not parse is one: MG000), a file that
changed before it could be written, or a file written with --exit-non-zero-on-fix; 2 usage or
configuration errors, a file that cannot be read or written; 130 interrupted.`;

const program = new Command('mainguard')
  .description('Find and fix Python scripts that run work at import time: move it behind if __name__ == "__main__".')
  .version(version, '-V, --version')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({ writeOut: (text) => io.out(text), writeErr: io.err })
  // --color decides before the command runs, for stdout and stderr alike.
  .hook('preAction', (_program, command) => {
    const choice = (command.opts() as { color?: ColorChoice }).color ?? 'auto';
    io.color = useColor(choice, process.stdout, process.env);
    io.errorColor = useColor(choice, process.stderr, process.env);
  });

withScanOptions(
  program
    .command('check')
    .description('report module-level code that runs on import (exit 1 if any)')
    .argument('[paths...]', 'files or folders to check, or - to read stdin', ['.'])
    .addOption(new Option('--format <format>', 'output format (default: text)').choices(CHECK_FORMATS))
    .addOption(new Option('--output-format <format>', 'the same as --format (ruff spells it so)').choices(CHECK_FORMATS))
    .option('--statistics', 'print how many findings each rule code has instead of the findings (text, json)')
    .option('-q, --quiet', 'print the findings only, without the summary line')
    .option('--stdin-filename <path>', 'with - as the path: check the source read from stdin, named PATH'),
)
  .addHelpText(
    'after',
    `
Formats: text (default) \`path:line:col: CODE message\` lines and a summary; json (stable, see
the README); sarif (SARIF 2.1.0, for code-scanning tools); github (workflow commands that
GitHub Actions shows as annotations). --quiet drops the summary line of text; the other formats
print none.

Examples:
  mainguard check .                     check every .py file under the current folder
  mainguard check src/ scripts/run.py   check some folders and files
  mainguard check --format json . > findings.json
  mainguard check --output-format sarif . > mainguard.sarif
                                        --output-format is --format, as ruff spells it
  mainguard check --format github .     annotations in a GitHub Actions job
  mainguard check --statistics .        how many findings per rule code
  mainguard check --quiet .             the findings only, no summary
  mainguard check --verbose .           also say why each file without findings is left alone
  mainguard check --ignore MG001 .      only report the dangerous cases (processes started on import)
  mainguard check --ignore MG000 .      do not report files that do not parse
  mainguard check --color always . | less -R
                                        colors through a pipe
  mainguard check --changed-since origin/main .
                                        only the files changed on this branch (and untracked ones)
  mainguard check --shard 2/4 .         the second quarter of the files, e.g. in a CI matrix job
  mainguard check --stdin-filename app/run.py - < app/run.py
                                        editor integration: check the buffer

Exit codes: 0 no findings; 1 findings, a file that does not decode or parse among them (MG000);
2 usage or configuration errors, or a file that cannot be read (permissions, over 4 MB).`,
  )
  .action(async (paths: string[], flags: CheckFlags) => {
    process.exitCode = await runCheck(paths, gatherOptions(flags), io);
  });

withConfigOptions(
  withColorOption(program.command('config'))
    .description('print the configuration in force: every [tool.mainguard] key, its value and where it came from')
    .option('--show', 'print the configuration in force (what config does; accepted for clarity)')
    .addOption(new Option('--format <format>', 'output format (default: text)').choices(['text', 'json']))
    .addOption(new Option('--output-format <format>', 'the same as --format').choices(['text', 'json'])),
)
  .addHelpText(
    'after',
    `
Each key is printed as TOML with its source: default, the pyproject.toml that set it, or the
command-line flag that overrides it (flags given here are applied as check and fix apply them).

Examples:
  mainguard config                      the settings check and fix would use here
  mainguard config --show --select MG002
  mainguard config --config tools/pyproject.toml --format json`,
  )
  .action(async (flags: ConfigCommandFlags & { show?: boolean }) => {
    process.exitCode = await runConfig(gatherOptions(flags), io);
  });

withFixOptions(
  withScanOptions(
    program
      .command('fix')
      .description('rewrite files: move module-level work into main() behind a main guard (asks per file on a terminal)')
      .argument('[paths...]', 'files or folders to fix, or - to read stdin', ['.']),
  ),
)
  .addHelpText(
    'after',
    `
Examples:
  mainguard fix .                       show each change and ask (y/n/a/q/?)
  mainguard fix --dry-run .             show what would change, as a diff that git apply accepts
  mainguard fix --dry-run . | git apply apply the same change through git
  mainguard fix --diff .                the same as --dry-run, as black and ruff spell it
  mainguard fix --yes src/              rewrite every file that needs it
  mainguard fix --yes --changed-since origin/main
                                        only the files changed on this branch (and untracked ones)
  mainguard fix --stdin-filename app/run.py - < app/run.py
                                        editor integration: the result on stdout
  mainguard fix --dry-run --format html --output review.html .
                                        one page to review the whole migration in a browser
  mainguard fix --dry-run --format json . > review.json
${FIX_WORKFLOW}
${FIX_REVIEW}

Files whose rewrite could change behaviour are left byte-identical and listed with the reason.
${FIX_EXIT_CODES}`,
  )
  .action(async (paths: string[], flags: TransformFlags) => {
    process.exitCode = await runFix(paths, gatherOptions(flags), io);
  });

withFixOptions(
  withScanOptions(
    program
      .command('run')
      .description('run any codemod over files, jscodeshift-style (fix is run -t main-guard)')
      .requiredOption('-t, --transform <codemod>', `a built-in codemod (${BUILTIN_CODEMODS.join(', ')}) or the path of a .js, .mjs or .ts module`)
      .argument('[paths-and-options...]', 'files or folders (default .), or - to read stdin; and --name=value options for the codemod')
      .allowUnknownOption()
      .allowExcessArguments(),
  ),
)
  .addHelpText(
    'after',
    `
A codemod is a module exporting transform(file, api, options) (or a default function): file is
{path, source}; it returns the new source, or nothing for no change; api.report(finding) and
api.describe(entry) record findings and report lines; a throw fails that file only. Options the
run does not know go to the codemod: --name=value (JSON values parsed), --flag, --no-flag.
A .ts codemod is compiled (types stripped, with the typescript package of its project or
mainguard's) to a hidden .mjs next to it for the run; its relative imports must name .js files.

Examples:
  mainguard run -t main-guard --freeze-support --dry-run .
  mainguard run -t ./codemods/rename.js --old=foo --new=bar --yes src/
  mainguard run -t ./my-codemod.ts --dry-run . | git apply
${FIX_WORKFLOW}
${FIX_EXIT_CODES}`,
  )
  .action(async (words: string[], flags: TransformFlags & { transform: string }) => {
    const { options, paths } = parseCodemodArgs(words);
    process.exitCode = await runRun(paths.length > 0 ? paths : ['.'], gatherOptions(flags), options, io);
  });

withColorOption(program.command('explain'))
  .description('explain a rule, with a before/after example')
  .argument('<code>', 'a rule code, e.g. MG002')
  .addHelpText(
    'after',
    `
Examples:
  mainguard explain MG002               why starting processes at import time breaks under spawn
  mainguard explain MG001               why code outside a main guard runs again on every import`,
  )
  .action(async (code: string) => {
    process.exitCode = await runExplain(code, io);
  });

withColorOption(program.command('clean'))
  .description(`remove the results cache (${CACHE_FOLDER}/ next to the pyproject.toml in force, else here)`)
  .option('--config <file>', 'the pyproject.toml whose folder holds the cache, instead of the nearest one')
  .addOption(new Option('--cache-dir <dir>', 'the cache folder to remove, as given to check and fix').env('MAINGUARD_CACHE_DIR'))
  .addHelpText(
    'after',
    `
check and fix keep each file's result in the cache and take it again while the file's bytes, the
files importing it, the settings and mainguard itself are the same; clean empties it (only a
folder with mainguard's CACHEDIR.TAG is removed).

Examples:
  mainguard clean                       remove ${CACHE_FOLDER}/ of this project
  mainguard clean --cache-dir /tmp/mg   remove a cache kept elsewhere`,
  )
  .action(async (flags: CleanFlags) => {
    process.exitCode = await runClean(flags, io);
  });

program.addHelpText(
  'after',
  `
Examples:
  mainguard check .                     list scripts that do work at import time
  mainguard fix --dry-run .             show the rewrite as a unified diff
  mainguard fix .                       review and apply it file by file
  mainguard fix --yes .                 apply it all
  mainguard explain MG002               why starting processes at import time breaks under spawn
  mainguard config                      the settings in force, and where each one comes from
  mainguard clean                       remove the results cache

Exit codes: 0 nothing to do or all done; 1 findings (check; a file that does not parse is one,
MG000), changes pending (fix --dry-run) or findings left unfixed; 2 usage or configuration errors,
or a file that cannot be read.`,
);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; usage errors were already printed by commander.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UserError) {
    const c = picocolors.createColors(io.errorColor);
    io.err(`${c.red('error')}: ${error.message}\n`);
    if (error.hint) io.err(`  ${c.dim('hint')}: ${error.hint}\n`);
    process.exitCode = error.exitCode;
  } else {
    throw error;
  }
}
