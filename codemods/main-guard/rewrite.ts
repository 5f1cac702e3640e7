import type { SgRoot } from '@ast-grep/napi';
import { type ReportEntry, SkipFile } from '../../src/codemod.js';
import type { ModulePlan, StatementPlan } from './analyze.js';
import type { RewriteDecision } from './decide.js';
import { isBlank, isCommentLine, type Line, leadingWhitespace, lineEnding } from './text.js';

/** Options of the rewrite. */
export interface RewriteOptions {
  /** Call multiprocessing.freeze_support() first thing behind the guard when moved code starts processes. */
  freezeSupport?: boolean;
  /**
   * The 0-based lines on which a logical line starts; only their indentation means something to
   * Python. Without them, every line of moved code counts.
   */
  logicalStarts?: Set<number>;
}

/** The new text and the report lines that explain it. */
export interface RewriteResult {
  output: string;
  entries: ReportEntry[];
}

interface Group {
  statements: StatementPlan[];
  startLine: number;
  endLine: number;
  moved: boolean;
  guard: boolean;
}

/** One piece of the run block: lines from the original, placed in execution order. */
interface Item {
  lines: Line[];
  /** Original line number of each line, for finding lines inside multi-line strings. */
  origins: number[];
  /** Lines already indented for the block (a guard's own body). */
  verbatim: boolean;
  /** The statement came right after the previous item in the original (only blank lines/comments between). */
  adjacent: boolean;
  /** A blank line stood directly above it (above its comments) in the original. */
  blankAbove: boolean;
}

/**
 * Rewrites a module so that its moved statements run only as a script. Throws SkipFile when no
 * rewrite keeps behaviour. Assumes `plan` has at least one moved statement or several guards.
 */
export function rewriteModule(root: SgRoot, lines: Line[], plan: ModulePlan, decision: RewriteDecision, options: RewriteOptions): RewriteResult {
  const entries: ReportEntry[] = [];
  const statements = plan.statements;
  const eol = lineEnding(lines);
  const unit = indentUnit(statements, lines);
  // The tail stays as it is, after the run block: it is laid out with the lines that end the file.
  const groups = groupStatements(statements.slice(0, decision.tailStart));
  const moved = statements.filter((s) => s.verdict === 'move');
  const guards = plan.guards.map((i) => statements[i]!);

  const { form, globals, warnings } = decision;
  entries.push(...warnings);

  // Lay the kept text out in order, collecting the run block's items.
  const kept: Line[] = [];
  const items: Item[] = [];
  let collapse = false;
  let previousEnd = -1;
  let previousMoved = false;
  let firstGuardPrefix: Line[] = [];
  let guardInPlace = false;
  const lastStaying = findLast(groups, (g) => !g.moved && !g.guard);
  const firstGuardGroup = groups.find((g) => g.guard);
  if (firstGuardGroup && (!lastStaying || lastStaying.endLine < firstGuardGroup.startLine)) guardInPlace = true;
  if (firstGuardGroup && !guardInPlace) refuseGuardAboveImports(firstGuardGroup, statements);

  for (const group of groups) {
    const gap = range(previousEnd + 1, group.startLine);
    if (!group.moved && !group.guard) {
      emitGap(gap);
      for (let l = group.startLine; l <= group.endLine; l++) kept.push(lines[l]!);
    } else if (group === firstGuardGroup) {
      if (guardInPlace) {
        emitGap(gap);
      } else {
        const attach = attachedCommentStart(gap, group.startLine);
        emitGap(gap.filter((l) => l < attach));
        firstGuardPrefix = range(attach, group.startLine).map((l) => lines[l]!);
        collapse = true;
      }
      items.push(guardBodyItem(group));
    } else if (group.guard) {
      // A later guard: merge its body, dropping its header but none of its comments. Its lines are
      // kept as they are, so they must be indented as the first guard's are.
      const own = group.statements[0]!;
      const block = own.node.field('consequence');
      if (block && block.range().start.line !== own.startLine && guardBodyIndent(own, lines, unit) !== guardBodyIndent(guards[0]!, lines, unit)) {
        throw new SkipFile(`the main guards on lines ${guards[0]!.startLine + 1} and ${own.startLine + 1} indent their bodies differently; indent them alike to merge them`, {
          line: own.startLine + 1,
        });
      }
      let travelling = gap;
      if (!previousMoved) {
        const attach = attachedCommentStart(gap, group.startLine);
        emitGap(gap.filter((l) => l < attach));
        travelling = gap.filter((l) => l >= attach);
        collapse = true;
      }
      if (travelling.length > 0) items.push(indentItem(travelling, previousMoved, []));
      const headerComments = headerCommentLines(group.statements[0]!, lines);
      if (headerComments.length > 0) items.push({ ...indentItem([], true, []), lines: headerComments, origins: headerComments.map(() => -1) });
      items.push(guardBodyItem(group));
    } else if (previousMoved) {
      items.push(indentItem(range(gap[0] ?? group.startLine, group.endLine + 1), true, gap));
    } else {
      const attach = attachedCommentStart(gap, group.startLine);
      emitGap(gap.filter((l) => l < attach));
      items.push(
        indentItem(
          range(attach, group.endLine + 1),
          false,
          gap.filter((l) => l < attach),
        ),
      );
      collapse = true;
    }
    previousEnd = group.endLine;
    previousMoved = group.moved || group.guard;
  }
  const lastLine = lines[previousEnd];
  const finalEol = lastLine !== undefined && lastLine.eol !== '';
  const trailing = lines.slice(previousEnd + 1);
  // A tail right under the moved code gets the blank lines PEP 8 puts around top-level code.
  if (decision.tailStart < statements.length && trailing[0] !== undefined && !isBlank(trailing[0])) trailing.unshift({ text: '', eol }, { text: '', eol });

  // Build the run block.
  const block: string[] = [];
  const body = form === 'guard' ? guardBodyIndent(guards[0]!, lines, unit) : unit;
  const freeze = options.freezeSupport && plan.processStarts.length > 0 ? freezeSupportLines(root) : [];
  let runName = '';
  if (form === 'function') {
    runName = freeName(root);
    block.push(`def ${runName}():`);
    if (globals.size > 0) block.push(`${unit}global ${[...globals].sort().join(', ')}`);
  } else if (form === 'entry') {
    block.push('if __name__ == "__main__":');
    for (const line of freeze) block.push(body + line);
  } else {
    for (const line of firstGuardPrefix) block.push(line.text);
    const header = guardHeader(guards[0]!, lines);
    block.push(...header);
    if (!freeze.every((line) => guardAlreadyHas(guards[0]!, line))) for (const line of freeze) block.push(body + line);
  }
  block.push(...renderItems(items, form === 'guard' ? body : unit, protectedLines(moved), options.logicalStarts));
  if (form === 'function') {
    block.push('', '', 'if __name__ == "__main__":');
    for (const line of freeze) block.push(unit + line);
    block.push(`${unit}${runName}()`);
  }

  let keptText = '';
  if (form === 'guard' && guardInPlace) {
    keptText = kept.map((l) => l.text + (l.eol || eol)).join('');
  } else {
    while (kept.length > 0 && isBlank(kept[kept.length - 1]!)) kept.pop();
    keptText = kept.map((l) => l.text + (l.eol || eol)).join('');
    if (keptText !== '') keptText += eol + eol;
  }
  keptText += spawnCopiesText(decision.spawnCopies, unit, eol);
  let output = keptText + block.join(eol) + (finalEol || trailing.length > 0 ? eol : '');
  output += trailing.map((l) => l.text + l.eol).join('');

  assertNothingLost(statements, output);
  describeRewrite(plan, entries, decision, runName);
  return { output, entries };

  function emitGap(gap: number[]): void {
    let index = 0;
    if (collapse) {
      let above = 0;
      for (let k = kept.length - 1; k >= 0 && isBlank(kept[k]!); k--) above++;
      let below = 0;
      while (index < gap.length && isBlank(lines[gap[index]!]!)) {
        below++;
        index++;
      }
      // Nothing kept above (the file's first statement moved): the blank lines would open the file.
      if (kept.length > 0) for (let k = above; k < below; k++) kept.push({ text: '', eol });
      collapse = false;
    }
    for (; index < gap.length; index++) kept.push(lines[gap[index]!]!);
  }

  function indentItem(lineNumbers: number[], adjacent: boolean, gapAbove: number[]): Item {
    const aboveLine = gapAbove.length > 0 ? lines[gapAbove[gapAbove.length - 1]!] : undefined;
    return {
      lines: lineNumbers.map((l) => lines[l]!),
      origins: lineNumbers,
      verbatim: false,
      adjacent,
      blankAbove: aboveLine !== undefined && isBlank(aboveLine),
    };
  }

  function guardBodyItem(group: Group): Item {
    const guard = group.statements[0]!;
    const block = guard.node.field('consequence');
    const bodyStart = block ? block.range().start.line : group.endLine;
    const sameLine = bodyStart === group.startLine;
    const numbers = sameLine ? [group.startLine] : range(bodyStart, group.endLine + 1);
    let itemLines = numbers.map((l) => lines[l]!);
    if (sameLine && block) {
      const first = lines[group.startLine]!;
      itemLines = [{ text: first.text.slice(block.range().start.column), eol: first.eol }];
    }
    return {
      lines: itemLines,
      origins: numbers,
      verbatim: !sameLine,
      adjacent: false,
      // The body sits right under its header: no blank line above it.
      blankAbove: false,
    };
  }

  function attachedCommentStart(gap: number[], startLine: number): number {
    let attach = startLine;
    for (let k = gap.length - 1; k >= 0 && isCommentLine(lines[gap[k]!]!); k--) attach = gap[k]!;
    return attach === 0 ? startLine : attach;
  }
}

// Every statement's text (a guard's body for a guard) must appear in the output, give or take
// indentation: a last check that the layout dropped no code. In a CRLF file a node that ends in a
// comment ends with the CR (tree-sitter's comment token runs up to the LF), which the output has
// before its LF: line endings are not compared.
function assertNothingLost(statements: StatementPlan[], output: string): void {
  const normalize = (text: string): string =>
    text
      .split(/\r?\n/)
      .map((l) => l.trimStart().replace(/\r$/, ''))
      .join('\n');
  const haystack = normalize(output);
  for (const s of statements) {
    const node = s.verdict === 'guard' ? s.node.field('consequence') : s.node;
    if (node && !haystack.includes(normalize(node.text()))) {
      throw new SkipFile(`the rewrite would lose the statement on line ${s.startLine + 1}; left unchanged`, { line: s.startLine + 1 });
    }
  }
}

// A guard placed above imports may prepare them (`sys.modules[...] = ...`): moving it below them
// would change what they see.
function refuseGuardAboveImports(guard: Group, statements: StatementPlan[]): void {
  const laterImport = statements.find((s) => s.startLine > guard.endLine && s.verdict === 'stay' && /import/.test(s.kind));
  if (laterImport) {
    throw new SkipFile(
      `the main guard on line ${guard.startLine + 1} runs before the import on line ${laterImport.startLine + 1}; moving it below could change what that import sees — move the guard to the end by hand`,
      { line: guard.startLine + 1 },
    );
  }
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

function findLast<T>(items: T[], predicate: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return items[i];
  return undefined;
}

// Statements joined by `;` share a line and must travel together.
function groupStatements(statements: StatementPlan[]): Group[] {
  const groups: Group[] = [];
  for (const s of statements) {
    const last = groups[groups.length - 1];
    if (last && s.startLine <= last.endLine) {
      last.statements.push(s);
      last.endLine = Math.max(last.endLine, s.endLine);
    } else {
      groups.push({ statements: [s], startLine: s.startLine, endLine: s.endLine, moved: false, guard: false });
    }
  }
  for (const g of groups) {
    g.guard = g.statements.some((s) => s.verdict === 'guard');
    // The analysis moved every statement of a line together.
    g.moved = !g.guard && g.statements.some((s) => s.verdict === 'move');
  }
  return groups;
}

/** The file's indentation unit: the indentation of its first indented block, else four spaces. */
function indentUnit(statements: StatementPlan[], lines: Line[]): string {
  for (const s of statements) {
    if (s.endLine === s.startLine) continue;
    const block = s.node.find({ rule: { kind: 'block' } });
    if (!block) continue;
    const line = block.range().start.line;
    if (line === s.startLine) continue;
    const indent = leadingWhitespace(lines[line]?.text ?? '');
    if (indent !== '') return indent;
  }
  return '    ';
}

function guardBodyIndent(guard: StatementPlan, lines: Line[], unit: string): string {
  const block = guard.node.field('consequence');
  if (!block || block.range().start.line === guard.startLine) return unit;
  return leadingWhitespace(lines[block.range().start.line]!.text);
}

function guardHeader(guard: StatementPlan, lines: Line[]): string[] {
  const block = guard.node.field('consequence');
  const bodyStart = block ? block.range().start.line : guard.startLine;
  if (block && bodyStart === guard.startLine) {
    return [lines[guard.startLine]!.text.slice(0, block.range().start.column).trimEnd()];
  }
  return range(guard.startLine, bodyStart).map((l) => lines[l]!.text);
}

// `if __name__ == "__main__":  # run it` — the comment of a header that is dropped in a merge.
function headerCommentLines(guard: StatementPlan, lines: Line[]): Line[] {
  const block = guard.node.field('consequence');
  const bodyStart = block ? block.range().start.line : guard.startLine;
  const comments: Line[] = [];
  for (const comment of guard.node.findAll({ rule: { kind: 'comment' } })) {
    const at = comment.range().start;
    if (at.line < bodyStart || (at.line === guard.startLine && block && at.index < block.range().start.index)) {
      // The comment token of a CRLF line holds the CR: the line's own ending follows it.
      comments.push({ text: comment.text().replace(/\r$/, ''), eol: lines[at.line]!.eol });
    }
  }
  return comments;
}

function guardAlreadyHas(guard: StatementPlan, line: string): boolean {
  return guard.node.text().includes(line.trim());
}

/** Lines that start inside a multi-line string: their text is string content and must not change. */
function protectedLines(moved: StatementPlan[]): Set<number> {
  const inside = new Set<number>();
  for (const s of moved) {
    if (s.startLine === s.endLine) continue;
    for (const str of s.node.findAll({ rule: { kind: 'string', regex: '\\n' } })) {
      const r = str.range();
      for (let l = r.start.line + 1; l <= r.end.line; l++) inside.add(l);
    }
  }
  return inside;
}

function renderItems(items: Item[], indent: string, inside: Set<number>, logicalStarts: Set<number> | undefined): string[] {
  const out: string[] = [];
  const spacesOnly = /^ +$/.test(indent) && indent.length % 8 !== 0;
  items.forEach((item, i) => {
    if (i > 0 && !item.adjacent && item.blankAbove) out.push('');
    item.lines.forEach((line, k) => {
      const origin = item.origins[k]!;
      if (item.verbatim || isBlank(line) || inside.has(origin)) {
        out.push(item.verbatim || inside.has(origin) ? line.text : '');
        return;
      }
      // Python ignores the indentation of a line that continues a logical line (inside brackets, after a backslash).
      if (logicalStarts && !logicalStarts.has(origin)) {
        out.push(indent + line.text);
        return;
      }
      if (leadingWhitespace(line.text).includes('\f')) {
        throw new SkipFile('moved code has a form feed in its indentation; Python would not read it the same once indented', { line: origin + 1 });
      }
      if (spacesOnly && leadingWhitespace(line.text).includes('\t')) {
        throw new SkipFile('moved code is indented with tabs and spaces mixed; re-indent it first', { line: origin + 1 });
      }
      out.push(indent + line.text);
    });
  });
  return out;
}

// Statements main() runs that workers started by spawn or forkserver also need: those processes
// import the module instead of running it, so they run there too, but only there.
function spawnCopiesText(copies: StatementPlan[], unit: string, eol: string): string {
  if (copies.length === 0) return '';
  const lines = ['# Workers started by spawn or forkserver import this module rather than run it:', 'if __name__ != "__main__":'];
  for (const s of copies) lines.push(unit + s.node.text());
  return lines.join(eol) + eol + eol + eol;
}

function freeName(root: SgRoot): string {
  for (let n = 0; ; n++) {
    const name = n === 0 ? 'main' : n === 1 ? '_main' : `_main${n}`;
    if (!root.root().find({ rule: { kind: 'identifier', regex: `^${name}$` } })) return name;
  }
}

function freezeSupportLines(root: SgRoot): string[] {
  const node = root.root();
  const direct = node.find({ rule: { kind: 'import_from_statement', regex: '^from\\s+multiprocessing\\s+import\\b.*\\bfreeze_support\\b' } });
  if (direct) return ['freeze_support()'];
  const aliased = node.find({ rule: { kind: 'aliased_import', regex: '^multiprocessing\\s+as\\s+\\w+$', inside: { kind: 'import_statement' } } });
  if (aliased) return [`${aliased.field('alias')!.text()}.freeze_support()`];
  const plain = node.find({ rule: { kind: 'dotted_name', regex: '^multiprocessing$', inside: { kind: 'import_statement' } } });
  if (plain) return ['multiprocessing.freeze_support()'];
  return ['import multiprocessing', 'multiprocessing.freeze_support()'];
}

function describeRewrite(plan: ModulePlan, entries: ReportEntry[], { form, globals, allGlobalsBecause, tailStart }: RewriteDecision, runName: string): void {
  const moved = plan.statements.filter((s) => s.verdict === 'move');
  const where = form === 'function' ? `${runName}()` : 'the main guard';
  if (moved.length > 0) {
    entries.unshift({ kind: 'moved', message: `${moved.length} statement${moved.length > 1 ? 's' : ''} into ${where}: ${linesLabel(moved)}`, line: moved[0]!.startLine + 1 });
  }
  if (plan.guards.length > 1) {
    entries.push({ kind: 'note', message: `merged ${plan.guards.length} main guards into one`, line: plan.statements[plan.guards[1]!]!.startLine + 1 });
  }
  for (const s of plan.statements) {
    if (!s.guardLike) continue;
    const where = s.index >= tailStart ? 'left as it is, after the guard' : 'left as it is';
    entries.push({ kind: 'note', message: `line ${s.startLine + 1} tests __name__ but is not a main guard: ${where}`, line: s.startLine + 1 });
  }
  for (const s of plan.statements) {
    if (s.forced && s.verdict === 'move') {
      entries.push({ kind: 'note', message: `line ${s.startLine + 1} moves too: it ${s.reason}`, line: s.startLine + 1 });
    }
  }
  for (const s of plan.statements) {
    if (!s.keptFor) continue;
    const { by, importer, name } = s.keptFor;
    entries.push({
      kind: 'kept',
      message: `line ${s.startLine + 1} stays at module level: ${importer ?? `line ${plan.statements[by!]!.startLine + 1} needs ${name} when it is defined`}`,
      line: s.startLine + 1,
    });
  }
  if (globals.size > 0) {
    const names = [...globals].sort().join(', ');
    const why = allGlobalsBecause && `: every name it binds, because line ${allGlobalsBecause.line} reads the module's variables by name (${allGlobalsBecause.what})`;
    entries.push({ kind: 'global', message: `declared global in ${runName}(): ${names}${why ?? ''}`, line: allGlobalsBecause?.line });
  }
}

/** `line 3` or `lines 3, 5-9`. */
export function linesLabel(statements: StatementPlan[]): string {
  const list = lineList(statements);
  return `${/[-,]/.test(list) ? 'lines' : 'line'} ${list}`;
}

/** `3, 5-9, 12`: 1-based line ranges of statements. */
export function lineList(statements: StatementPlan[]): string {
  const parts: string[] = [];
  let start = -1;
  let end = -1;
  for (const s of statements) {
    const a = s.startLine + 1;
    const b = s.endLine + 1;
    if (start !== -1 && a <= end + 1) {
      end = Math.max(end, b);
      continue;
    }
    if (start !== -1) parts.push(start === end ? `${start}` : `${start}-${end}`);
    start = a;
    end = b;
  }
  if (start !== -1) parts.push(start === end ? `${start}` : `${start}-${end}`);
  return parts.join(', ');
}
