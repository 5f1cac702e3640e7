import * as path from 'node:path';
import picocolors from 'picocolors';
import mainGuard from '../codemods/main-guard/index.js';
import { findConfigFile, isRuleSelector, loadConfig, resolveSelection, type MainguardConfig } from './config.js';
import { renderDiff } from './diff.js';
import { discoverFiles, type Discovery } from './discover.js';
import { UsageError } from './errors.js';
import { formatEntries, formatFindingsJson, formatFindingsText, formatSummary, type FileReport } from './report.js';
import { renderExplanation } from './rules.js';
import { scanFiles, type ScannedFile } from './scan.js';
import { encodePythonSource } from './source.js';
import { writeFileAtomic } from './write.js';

/** The edges a command talks to: working folder, output streams, terminal facts. */
export interface Io {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** Colors on stdout. */
  color: boolean;
  /** Colors on stderr. */
  errorColor: boolean;
  /** stdin and stdout are a terminal. */
  interactive: boolean;
  version: string;
}

/** Flags shared by `check` and `fix`, as commander parses them. */
export interface CommonFlags {
  select?: string[];
  ignore?: string[];
  exclude?: string[];
  extendExclude?: string[];
  extension?: string[];
  keep?: string[];
  respectGitignore?: boolean;
  includeInit?: boolean;
  config?: string;
}

/** The effective settings of a run: config file values overridden by flags. */
interface Settings {
  config: MainguardConfig;
  configFile?: string;
  selected: Set<string>;
}

async function resolveSettings(flags: CommonFlags, io: Io): Promise<Settings> {
  const configFile = flags.config ? path.resolve(io.cwd, flags.config) : await findConfigFile(io.cwd);
  const fromFile = configFile ? await loadConfig(configFile) : {};
  for (const code of [...(flags.select ?? []), ...(flags.ignore ?? [])]) {
    if (!isRuleSelector(code)) throw new UsageError(`unknown rule code: ${code}`, 'known codes: MG001, MG002, MG003, MG004');
  }
  const config: MainguardConfig = {
    ...fromFile,
    ...(flags.exclude ? { exclude: flags.exclude } : {}),
    ...(flags.extendExclude ? { extendExclude: [...(fromFile.extendExclude ?? []), ...flags.extendExclude] } : {}),
    ...(flags.extension ? { extensions: flags.extension } : {}),
    ...(flags.keep ? { keep: [...(fromFile.keep ?? []), ...flags.keep] } : {}),
    // As in ruff, a --select on the command line starts over: the config's ignore no longer applies.
    ...(flags.select ? { select: flags.select, ignore: flags.ignore ?? [] } : {}),
    ...(flags.ignore ? { ignore: flags.ignore } : {}),
    ...(flags.respectGitignore === false ? { respectGitignore: false } : {}),
  };
  return { config, configFile, selected: resolveSelection(config.select, config.ignore) };
}

async function discover(paths: string[], settings: Settings, io: Io): Promise<Discovery> {
  return discoverFiles(paths, {
    cwd: io.cwd,
    exclude: settings.config.exclude,
    extendExclude: settings.config.extendExclude,
    excludeBase: settings.configFile ? path.dirname(settings.configFile) : io.cwd,
    extensions: settings.config.extensions,
    respectGitignore: settings.config.respectGitignore,
  });
}

function discoveryFailures(discovery: Discovery): FileReport[] {
  return discovery.errors.map((e) => ({ path: e.path, status: 'failed' as const, findings: [], reason: e.reason }));
}

function selectFindings<T extends FileReport>(reports: T[], selected: Set<string>): T[] {
  return reports.map((r) => ({ ...r, findings: r.findings.filter((f) => selected.has(f.code)) }));
}

/** `mainguard check`: lists findings; exit 0 clean, 1 findings, 2 errors. */
export async function runCheck(paths: string[], flags: CommonFlags & { format: 'text' | 'json' }, io: Io): Promise<number> {
  const settings = await resolveSettings(flags, io);
  const discovery = await discover(paths, settings, io);
  const scanned = await scanFiles(discovery.files, mainGuard, { check: true, keep: settings.config.keep, includeInit: flags.includeInit });
  const reports = selectFindings([...discoveryFailures(discovery), ...scanned.map(toReport)], settings.selected).sort(byPath);
  const checked = reports.filter((r) => !(r.status === 'skipped' && r.skipKind === 'ignored'));
  const findings = checked.reduce((n, r) => n + r.findings.length, 0);
  const errors = checked.filter((r) => r.status === 'failed').length;
  if (flags.format === 'json') {
    io.out(formatFindingsJson(checked, { version: io.version }));
  } else {
    io.out(formatFindingsText(checked, { color: io.color }));
    io.out(
      formatSummary(
        { files: checked.length, filesWithFindings: checked.filter((r) => r.findings.length > 0).length, findings, errors },
        { color: io.color },
      ),
    );
  }
  return errors > 0 ? 2 : findings > 0 ? 1 : 0;
}

/** `mainguard fix`: `--dry-run` prints diffs, `--yes` writes; exit 0 done, 1 pending or unfixed, 2 errors. */
export async function runFix(
  paths: string[],
  flags: CommonFlags & { dryRun?: boolean; yes?: boolean; freezeSupport?: boolean },
  io: Io,
): Promise<number> {
  if (!flags.dryRun && !flags.yes) {
    throw new UsageError('fix needs --dry-run (show the diff) or --yes (apply every change)', 'mainguard fix --dry-run . shows what would change');
  }
  const settings = await resolveSettings(flags, io);
  const discovery = await discover(paths, settings, io);
  const scanned = await scanFiles(discovery.files, mainGuard, {
    keep: settings.config.keep,
    freezeSupport: flags.freezeSupport ?? settings.config.freezeSupport,
    includeInit: flags.includeInit,
  });
  const results = selectFindings(scanned, settings.selected);
  const c = picocolors.createColors(io.errorColor);
  let changed = 0;
  let written = 0;
  let errors = discovery.errors.length;
  for (const failure of discoveryFailures(discovery)) io.err(formatFindingsText([failure], { color: io.errorColor }));

  for (const result of results) {
    if (result.status !== 'changed' || result.output === undefined) continue;
    const encoded = encodePythonSource(result.output, result.encoding!);
    if (!Buffer.isBuffer(encoded)) {
      Object.assign(result, { status: 'failed', reason: encoded.error });
      continue;
    }
    changed++;
    if (flags.dryRun) {
      const bom = result.encoding!.bom ? '\uFEFF' : '';
      io.out(renderDiff(result.path, bom + result.source!, bom + result.output, { color: io.color }));
      if (result.entries.length > 0) io.err(`${c.bold(result.path)}\n${formatEntries(result.entries, { color: io.errorColor })}`);
      continue;
    }
    const outcome = await writeFileAtomic(result.absPath, encoded, result.original!);
    if (outcome.ok) {
      written++;
      if (result.entries.length > 0) io.err(`${c.bold(result.path)}\n${formatEntries(result.entries, { color: io.errorColor })}`);
    } else {
      Object.assign(result, { status: 'failed', reason: outcome.message });
    }
  }

  // What the rewrite does not resolve is listed, so that a dry run never hides it.
  const unresolved = results.filter(
    (r) => r.status === 'failed' || (r.status === 'skipped' && r.skipKind === 'refused') || (r.status === 'unchanged' && r.findings.length > 0),
  );
  errors += results.filter((r) => r.status === 'failed').length;
  io.err(formatFindingsText(unresolved.map(toReport), { color: io.errorColor }));
  const refused = results.filter((r) => r.status === 'skipped' && r.skipKind === 'refused').length;
  const verb = flags.dryRun ? 'would change' : 'changed';
  io.err(
    `${results.length} file${results.length === 1 ? '' : 's'} scanned: ${flags.dryRun ? changed : written} ${verb}, ${refused} left unchanged (unsafe to rewrite), ${errors} error${errors === 1 ? '' : 's'}.\n`,
  );
  if (errors > 0) return 2;
  if (flags.dryRun && changed > 0) return 1;
  return unresolved.length > 0 ? 1 : 0;
}

/** `mainguard explain CODE`. */
export function runExplain(code: string, io: Io): number {
  io.out(renderExplanation(code, io.color));
  return 0;
}

function toReport(result: ScannedFile | FileReport): FileReport {
  const { path: p, status, findings, reason, reasonLine, skipKind, entries } = result as ScannedFile;
  return { path: p, status, findings, reason, reasonLine, skipKind, entries };
}

function byPath(a: FileReport, b: FileReport): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
