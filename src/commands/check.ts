// `mainguard check`: findings in the chosen format, and what fix would refuse.
import * as path from 'node:path';
import { UsageError } from '../errors.js';
import { decodePythonSource } from '../files/source.js';
import { formatFindingsGithub } from '../report/github.js';
import { countReports, type FileReport, formatFindingsJson, formatFindingsText, formatLeftAlone, formatSummary } from '../report/report.js';
import type { RuleBook } from '../report/rule-book.js';
import { formatFindingsSarif } from '../report/sarif.js';
import { formatStatisticsJson, formatStatisticsText } from '../report/statistics.js';
import { prepareCodemod } from '../run/codemods.js';
import { processSource } from '../run/pipeline.js';
import { closeThreads, sharedThreads } from '../run/pool.js';
import { isIgnored, isRunError } from '../status.js';
import {
  byPath,
  type CommonFlags,
  cacheFor,
  checkStdinUse,
  chooseFormat,
  codemodOptionsFor,
  discover,
  discoveryFailures,
  formatCacheUse,
  formatPhases,
  type Io,
  namedOnCommandLine,
  resolveSettings,
  rulesOf,
  type ScanPhases,
  type Settings,
  scan,
  schemaFor,
  selectFindings,
  toReport,
} from './shared.js';

/** The output formats of `check`. */
export type CheckFormat = 'text' | 'json' | 'sarif' | 'github';

/** Flags of `check`. */
export interface CheckFlags extends CommonFlags {
  /** Default `text`. */
  format?: CheckFormat;
  /** The same as `format` (ruff's name). */
  outputFormat?: CheckFormat;
  /** Counts per code instead of the findings (text and json). */
  statistics?: boolean;
  /** The findings (or statistics) only: no summary line. */
  quiet?: boolean;
  /** With `-` as the only path: the name the source read from stdin goes by. */
  stdinFilename?: string;
}

/**
 * `mainguard check`: lists findings in the chosen format; exit 0 clean, 1 findings (a file that
 * does not decode or parse is one, MG000), 2 errors (usage, configuration, a file that cannot be read).
 * With `-` as the path, checks the source read from stdin, named by `--stdin-filename`.
 */
export async function runCheck(paths: string[], given: CheckFlags, io: Io): Promise<number> {
  const flags = { ...given, format: chooseFormat(given, 'text') };
  const stdin = checkStdinUse(paths, flags, 'check');
  if (flags.statistics && flags.format !== 'text' && flags.format !== 'json') {
    throw new UsageError(`--statistics goes with --format text or json, not ${flags.format}`);
  }
  const codemod = await prepareCodemod('main-guard', io.cwd);
  // The worker threads load while discovery walks a tree large enough for them; the scan ends them, or this finally if it stops first.
  const threads = sharedThreads(codemod);
  let reports: FileReport[];
  let settings: Settings;
  try {
    settings = await resolveSettings(flags, io, await schemaFor(codemod.codemod));
    // The same transform as fix's, so that check reports what fix would refuse, with its reason.
    const options = codemodOptionsFor(codemod.codemod, {}, settings);
    if (stdin) {
      const name = flags.stdinFilename ?? '-';
      const file = { path: name, absPath: path.resolve(io.cwd, name) };
      reports = [toReport(processSource(file, decodePythonSource(await io.readStdin()), codemod.codemod, { codemodOptions: options }))];
    } else {
      const discovery = await discover(paths, settings, io, flags, threads);
      const cache = await cacheFor(flags, settings, io, codemod, options);
      const phases: ScanPhases = {};
      const scanned = await scan(discovery, codemod, { codemodOptions: options }, flags.jobs, io, { cache, phases, threads });
      if (flags.verbose) io.err(formatCacheUse(cache, scanned.length, io.cwd) + formatPhases(phases));
      reports = [...discoveryFailures(discovery), ...scanned.map(toReport)];
    }
  } finally {
    await closeThreads(threads);
    await codemod.dispose();
  }
  const selected = selectFindings(reports, settings).sort(byPath);
  const checked = selected.filter((r) => !isIgnored(r));
  // A file named on purpose and left alone on purpose says why, rather than "No files checked."
  if (flags.verbose && flags.format === 'text') io.err(formatLeftAlone(selected, { color: io.errorColor }));
  else io.err(formatLeftAlone(namedOnCommandLine(selected, paths, io.cwd).filter(isIgnored), { color: io.errorColor }));
  io.out(formatCheck(checked, flags, io, rulesOf(codemod)));
  if (checked.some(isRunError)) return 2;
  return countReports(checked).findings > 0 ? 1 : 0;
}

/** The output of `check` in its format; text ends with the summary line unless `--quiet`. */
function formatCheck(reports: FileReport[], flags: CheckFlags & { format: CheckFormat }, io: Io, rules: RuleBook): string {
  switch (flags.format) {
    case 'json':
      return flags.statistics ? formatStatisticsJson(reports, rules) : formatFindingsJson(reports, { version: io.version, rules });
    case 'sarif':
      return formatFindingsSarif(reports, { version: io.version, cwd: io.cwd, rules });
    case 'github':
      return formatFindingsGithub(reports, rules);
    case 'text': {
      // Statistics replace the findings, but a file that could not be checked is still named.
      const listed = flags.statistics
        ? formatStatisticsText(reports, { color: io.color, rules }) +
          formatFindingsText(
            reports.map((r) => ({ ...r, findings: [] })),
            { color: io.color, rules },
          )
        : formatFindingsText(reports, { color: io.color, rules });
      return flags.quiet ? listed : listed + formatSummary(countReports(reports), { color: io.color });
    }
  }
}
