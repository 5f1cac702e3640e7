// The layout of a module checked on logical lines as Python's tokenizer does: errors tree-sitter
// reads past without an ERROR node.
import { FORM_FEED, LogicalLines, TAB } from './logical-lines.js';

/** A syntax error Python's tokenizer reports and tree-sitter reads past, with its 1-based line. */
export interface LayoutError {
  message: string;
  line: number;
}

/** Python's limits: 100 indentation levels (MAXINDENT), 200 nested brackets (MAXLEVEL). */
export const MAX_INDENT_LEVELS = 99;

const MAX_BRACKET_DEPTH = 200;

/** What checkLayout finds in a module. */
export interface Layout {
  /** The first layout error, if any. */
  error?: LayoutError;
  /** The deepest indentation level (the rewrite indents moved code one level more). */
  levels: number;
  /**
   * Where each logical line starts, in order, as Python's tokenizer splits them; undefined where
   * the text cannot be tokenized with certainty or an error stopped the reading.
   */
  starts?: number[];
  /**
   * The 1-based line of a backslash that continues the last line past the end of the file:
   * Python 3.8 and later reject it, older versions accept it.
   */
  continuationAtEnd?: number;
}

/**
 * Checks a module's layout as Python's tokenizer does: an indent only after a line ending in `:`,
 * a block after every such line, a dedent back to a level that was open, and Python's nesting
 * limits. tree-sitter accepts all of these errors silently. Text the pre-scan cannot tokenize is
 * left to the parser: no error is claimed for it.
 */
export function checkLayout(source: string, lines = new LogicalLines(source)): Layout {
  const columns = [0];
  const starts: number[] = [];
  let levels = 0;
  let opener = false;
  const at = (offset: number, message: string): Layout => ({
    error: { message, line: source.slice(0, offset).split('\n').length },
    levels,
  });
  for (let index = 0; ; index++) {
    const line = lines.at(index);
    if (lines.danglingContinuation !== undefined) {
      return { levels, continuationAtEnd: source.slice(0, lines.danglingContinuation).split('\n').length };
    }
    if (lines.failed) return { levels };
    if (line === undefined) break;
    starts.push(line.start);
    const column = indentColumn(line.indent);
    const top = columns[columns.length - 1]!;
    if (column > top) {
      if (!opener) return at(line.start, 'unexpected indent');
      columns.push(column);
      if (columns.length - 1 > MAX_INDENT_LEVELS) return at(line.start, 'too many levels of indentation');
      levels = Math.max(levels, columns.length - 1);
    } else {
      if (opener) return at(line.start, 'expected an indented block');
      while (column < columns[columns.length - 1]!) columns.pop();
      if (column !== columns[columns.length - 1]) return at(line.start, 'unindent does not match any outer indentation level');
    }
    if (line.depth > MAX_BRACKET_DEPTH) return at(line.start, 'too many nested parentheses');
    if (source.charCodeAt(line.start) === 0xfeff) return at(line.start, 'invalid non-printable character U+FEFF');
    opener = source.charCodeAt(line.codeEnd - 1) === 0x3a;
  }
  if (opener) return at(source.length, 'expected an indented block');
  return { levels, starts };
}

/** The 0-based physical lines on which a logical line starts, from checkLayout's `starts` (offsets, in order). */
export function logicalStartLines(source: string, starts: number[]): Set<number> {
  const lines = new Set<number>();
  let line = 0;
  let at = 0;
  for (const start of starts) {
    let nl = source.indexOf('\n', at);
    while (nl !== -1 && nl < start) {
      line++;
      at = nl + 1;
      nl = source.indexOf('\n', at);
    }
    lines.add(line);
  }
  return lines;
}

// The column of an indentation as Python computes it: a tab moves to the next multiple of 8, a form
// feed starts over.
function indentColumn(indent: string): number {
  let column = 0;
  for (let i = 0; i < indent.length; i++) {
    const c = indent.charCodeAt(i);
    if (c === TAB) column = (Math.floor(column / 8) + 1) * 8;
    else if (c === FORM_FEED) column = 0;
    else column++;
  }
  return column;
}
