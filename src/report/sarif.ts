import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, RuleInfo } from '../codemod.js';
import { isRunError } from '../status.js';
import type { FileReport } from './report.js';
import type { RuleBook } from './rule-book.js';

/** What formatFindingsSarif needs besides the reports. */
export interface SarifMeta {
  /** mainguard's version, for `tool.driver.version`. */
  version: string;
  /** The working folder that relative report paths start from (`%SRCROOT%`). */
  cwd: string;
  /** The rules of the codemod, for `tool.driver.rules` and each result's level. */
  rules: RuleBook;
}

/** The base that relative artifact URIs are resolved against, as GitHub code scanning and the SARIF viewers expect. */
const SRCROOT = '%SRCROOT%';

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

/**
 * A report path as a SARIF artifact location: a relative path becomes a relative URI reference
 * with forward slashes and percent-encoded segments (a space is `%20`, a `:` cannot pass for a
 * scheme), based on `%SRCROOT%`; an absolute one (outside the working folder) a `file:` URI.
 */
export function artifactLocation(reportPath: string): ArtifactLocation {
  const posix = reportPath.replace(/\\/g, '/');
  if (path.isAbsolute(reportPath) || path.posix.isAbsolute(posix) || /^[A-Za-z]:\//.test(posix)) {
    return { uri: pathToFileURL(reportPath).href };
  }
  return { uri: posix.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function physicalLocation(reportPath: string, line?: number, column?: number): object {
  const region = line === undefined ? {} : { region: { startLine: line, ...(column === undefined ? {} : { startColumn: column }) } };
  return { physicalLocation: { artifactLocation: artifactLocation(reportPath), ...region } };
}

/** The explanation's paragraphs and the before/after example, as Markdown for code-scanning viewers. */
function helpMarkdown(rule: RuleInfo): string {
  const fence = (code: string): string => `\`\`\`python\n${code}\`\`\``;
  if (rule.before === undefined || rule.after === undefined) return `${rule.explanation ?? rule.summary}\n`;
  return `${rule.explanation ?? rule.summary}\n\nBefore:\n\n${fence(rule.before)}\n\nAfter:\n\n${fence(rule.after)}\n`;
}

/** The same, as plain text: what `mainguard explain CODE` says, unwrapped. */
function helpText(rule: RuleInfo): string {
  const indent = (code: string): string => code.replace(/^(?=.)/gm, '    ');
  if (rule.before === undefined || rule.after === undefined) return rule.explanation ?? rule.summary;
  return `${rule.explanation ?? rule.summary}\n\nBefore:\n\n${indent(rule.before)}\nAfter:\n\n${indent(rule.after)}`;
}

function ruleDescriptor(rule: RuleInfo): object {
  return {
    id: rule.code,
    name: rule.name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.explanation ?? rule.summary },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: rule.severity },
  };
}

/**
 * `check --format sarif`: a SARIF 2.1.0 log (valid against the OASIS JSON schema) with one run.
 * `tool.driver.rules` describes every MG rule (id, name, its summary and explanation as short and
 * full descriptions, the text of `mainguard explain` as help, in text and Markdown, a default level: error for MG002,
 * warning for the others); each finding is a result with its rule, level, message and one
 * physical location (a relative URI based on `%SRCROOT%`, the working folder, and a region
 * with 1-based start line and column). Files that could not be checked are error notifications
 * of the invocation, which then is not successful — except those a finding reports (MG000, a file
 * that does not parse), which are results; refused files are note notifications.
 * 2-space indented, ending with a newline.
 */
export function formatFindingsSarif(reports: FileReport[], meta: SarifMeta): string {
  const rules = meta.rules.rules;
  const ruleIndex = new Map<string, number>(rules.map((rule, index) => [rule.code, index]));
  const results: object[] = [];
  const notifications: object[] = [];
  let failed = 0;
  for (const report of reports) {
    if (report.status === 'failed' && isRunError(report)) {
      failed += 1;
      notifications.push({ level: 'error', message: { text: report.reason }, locations: [physicalLocation(report.path, report.reasonLine)] });
    } else if (report.status === 'skipped' && report.skipKind === 'refused') {
      const text = `refused: ${report.reason}`;
      notifications.push({ level: 'note', message: { text }, locations: [physicalLocation(report.path, report.reasonLine)] });
    }
    const findings = [...report.findings].sort((a, b) => a.line - b.line || a.column - b.column);
    for (const finding of findings) results.push(result(finding, report.path, ruleIndex.get(finding.code), meta.rules));
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'mainguard', version: meta.version, semanticVersion: meta.version, rules: rules.map(ruleDescriptor) } },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(meta.cwd.endsWith(path.sep) ? meta.cwd : meta.cwd + path.sep).href } },
        invocations: [{ executionSuccessful: failed === 0, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function result(finding: Finding, reportPath: string, index: number | undefined, rules: RuleBook): object {
  return {
    ruleId: finding.code,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: rules.severity(finding.code),
    message: { text: finding.message },
    locations: [physicalLocation(reportPath, finding.line, finding.column)],
  };
}
