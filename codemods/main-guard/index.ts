import type { SgRoot } from '@ast-grep/napi';
import { type Codemod, type CodemodApi, type CodemodOptions, FileError, type ReportEntry, SkipFile, type SourceFile } from '../../src/codemod.js';
import { analyzeModule } from './analyze.js';
import { decideRewrite } from './decide.js';
import { moduleFindings } from './findings.js';
import { findHiddenError } from './hidden-errors.js';
import { importersOf } from './importers.js';
import { indexImports } from './imports.js';
import { checkLayout, logicalStartLines, MAX_INDENT_LEVELS } from './layout.js';
import { LogicalLines } from './logical-lines.js';
import { MAIN_GUARD_OPTIONS, type MainGuardOptions } from './options.js';
import { findOrderViolation } from './order.js';
import { scanModule } from './prescan.js';
import { LANGUAGES, parsePython } from './python.js';
import { rewriteModule } from './rewrite.js';
import { MAIN_GUARD_RULES } from './rules.js';
import { isBlank, isCommentLine, splitLines } from './text.js';
import { judgeFromText } from './text-judgement.js';

const SKIP_FILE = /#\s*mainguard:\s*skip-file\b/;
const LEFT_ALONE_BY_NAME = new Set(['__init__.py', 'setup.py']);
const ERROR_NODE = { rule: { kind: 'ERROR' } };
const COMMENT = { rule: { kind: 'comment' } };

/** The built-in codemod: moves a script's module-level work behind `if __name__ == "__main__":`. */
export function transform(file: SourceFile, api: CodemodApi, rawOptions: CodemodOptions = {}): string | undefined {
  const options = rawOptions as MainGuardOptions;
  const entries: ReportEntry[] = [];
  const output = rewriteFile(file, { report: api.report, describe: (entry) => entries.push(entry), classify: api.classify, skip: api.skip }, options);
  if (output === undefined) return output;
  // A second run must change nothing; where the parser reads the output differently from the
  // input (a rare grammar gap), that fails and the file is better left as it is.
  const ignore: CodemodApi = { report: () => {}, describe: () => {}, classify: () => {}, skip: api.skip };
  let again: string | undefined;
  try {
    again = rewriteFile({ ...file, source: output }, ignore, options);
  } catch {
    again = '';
  }
  if (again !== undefined) {
    throw new SkipFile('the rewrite would not be stable (a second run would change it again); left unchanged');
  }
  const lost = missingComments(file.source, output);
  if (lost !== undefined) throw new SkipFile(`the rewrite would drop the comment ${JSON.stringify(lost)}; left unchanged`);
  for (const entry of entries) api.describe(entry);
  return output;
}

function rewriteFile(file: SourceFile, api: CodemodApi, options: MainGuardOptions): string | undefined {
  const basename = file.path.split(/[\\/]/).pop() ?? file.path;
  if (!options.includeInit && LEFT_ALONE_BY_NAME.has(basename)) {
    throw new SkipFile(`${basename} is left alone by default`, { kind: 'ignored' });
  }
  const lone = /\r(?!\n)/.exec(file.source);
  if (lone) {
    // Python reads a lone CR as a line break, tree-sitter does not: lines would not line up.
    const line = file.source.slice(0, lone.index).split('\n').length;
    throw new SkipFile('old Mac line endings (a CR without LF) are not supported; convert the file to LF or CRLF', { line });
  }
  const lines = splitLines(file.source);
  const marker = headerSkipMarker(lines);
  if (marker !== undefined) throw new SkipFile('# mainguard: skip-file', { kind: 'ignored', line: marker + 1 });

  // A module whose text proves it has nothing to report or rewrite is not parsed, so a syntax
  // error inside one of its function bodies is left for Python to report. The logical lines are
  // read once, for the pre-scan and the layout check.
  const logical = new LogicalLines(file.source);
  const importers = importersOf(file, basename);
  const scan = options.lexicalPrescan === false ? undefined : scanModule(file.source, logical);
  const judged = scan && judgeFromText(file.source, scan, importers, options.keep);
  if (judged) {
    api.classify(judged.kind, judged.why);
    return undefined;
  }

  const root = parseOnce(file.source);
  throwSyntaxError(root);
  // Errors of layout that tree-sitter reads past (an unexpected indent, a missing block, too deep).
  const layout = checkLayout(file.source, logical);
  if (layout.error) throw new FileError(`syntax error at line ${layout.error.line}: ${layout.error.message}`, layout.error.line);
  const plan = analyzeModule(
    root,
    file.source,
    lines.map((l) => l.text),
    { keep: options.keep, importers },
  );
  api.classify(plan.judgement.kind, plan.judgement.why);
  const findings = moduleFindings(root, file.source, plan);
  const hasMoved = plan.statements.some((s) => s.verdict === 'move');
  const rewrites = !plan.leftAlone && (hasMoved || plan.guards.length > 1);
  // Errors that tree-sitter hid cost a pass over every node to find: look for them where they
  // change the outcome, in files with findings or about to be rewritten.
  if (findings.length > 0 || rewrites) {
    const hidden = findHiddenError(root, file.source, layout.starts);
    if (hidden) throw new FileError(`syntax error at line ${hidden.line}, column ${hidden.column}: ${hidden.message}`, hidden.line, hidden.column);
  }
  for (const finding of findings) api.report(finding);
  if (!rewrites) return undefined;
  if (layout.continuationAtEnd !== undefined) {
    const line = layout.continuationAtEnd;
    throw new SkipFile(`line ${line} ends the file with a line continuation (a backslash), which Python 3.8 and later reject; remove it first`, { line });
  }
  if (layout.levels >= MAX_INDENT_LEVELS) {
    throw new SkipFile(`indented ${layout.levels} levels deep: one more level inside main() would pass Python's limit; left unchanged`);
  }
  const decision = decideRewrite(root, plan);
  const logicalStarts = layout.starts && logicalStartLines(file.source, layout.starts);
  const { output, entries } = rewriteModule(root, lines, plan, decision, { freezeSupport: options.freezeSupport, logicalStarts });
  const brokenLine = firstErrorLine(parseOnce(output), output);
  if (brokenLine !== undefined) throw new SkipFile(`the rewrite would not parse (line ${brokenLine}); left unchanged`, { line: brokenLine });
  // The order rule decided what may be hoisted; this checks the text that came out of it.
  const violation = plan.effects && findOrderViolation(plan, plan.effects, parseOnce(output));
  if (violation) {
    throw new SkipFile(`the rewrite would run line ${violation.hoisted} before line ${violation.first}, which ${violation.why}; left unchanged`, { line: violation.hoisted });
  }
  for (const entry of entries) api.describe(entry);
  return output;
}

/** The 1-based line of a rewrite's first syntax error of any kind (ERROR node, layout, hidden), if it has one. */
function firstErrorLine(root: SgRoot, source: string): number | undefined {
  const error = root.root().find(ERROR_NODE);
  if (error) return error.range().start.line + 1;
  const layout = checkLayout(source);
  return layout.error?.line ?? findHiddenError(root, source, layout.starts)?.line;
}

/** Throws the FileError of the first ERROR node of the tree, if it has one. */
function throwSyntaxError(root: SgRoot): void {
  const error = root.root().find(ERROR_NODE);
  if (error) {
    const at = error.range().start;
    throw new FileError(`syntax error at line ${at.line + 1}, column ${at.column + 1}`, at.line + 1, at.column + 1);
  }
}

// One file's check parses the same texts several times (input, output, output again): keep the last few trees.
const recentTrees = new Map<string, ReturnType<typeof parsePython>>();
function parseOnce(source: string): ReturnType<typeof parsePython> {
  let root = recentTrees.get(source);
  if (!root) {
    root = parsePython(source);
    recentTrees.set(source, root);
    if (recentTrees.size > 3) recentTrees.delete(recentTrees.keys().next().value!);
  }
  return root;
}

// Every comment of the input must survive, whatever moved: a last check against losing text.
function missingComments(before: string, after: string): string | undefined {
  const count = new Map<string, number>();
  for (const c of parseOnce(before).root().findAll(COMMENT)) count.set(c.text().trim(), (count.get(c.text().trim()) ?? 0) + 1);
  for (const c of parseOnce(after).root().findAll(COMMENT)) count.set(c.text().trim(), (count.get(c.text().trim()) ?? 0) - 1);
  for (const [text, n] of count) if (n > 0) return text;
  return undefined;
}

// A `# mainguard: skip-file` comment among the comment lines that open the file.
function headerSkipMarker(lines: ReturnType<typeof splitLines>): number | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    if (!isCommentLine(line)) return undefined;
    if (SKIP_FILE.test(line.text)) return i;
  }
  return undefined;
}

const mainGuard: Codemod = {
  meta: {
    name: 'main-guard',
    description: 'move module-level script code into main() behind if __name__ == "__main__"',
    rules: [...MAIN_GUARD_RULES],
    options: MAIN_GUARD_OPTIONS,
    entryKinds: [
      { kind: 'moved', color: 'green' },
      { kind: 'kept', color: 'cyan' },
      { kind: 'global', color: 'magenta' },
    ],
    languages: LANGUAGES,
  },
  index: (file, tree) => indexImports(file.source, tree),
  transform,
};

export default mainGuard;
