/** One physical line of a file: its text without the line ending, and the ending itself. */
export interface Line {
  text: string;
  eol: '' | '\n' | '\r\n';
}

/** Splits text into lines on `\n` (as tree-sitter counts rows), keeping `\r\n` endings intact. */
export function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= source.length) {
    const nl = source.indexOf('\n', start);
    if (nl === -1) {
      if (start < source.length) lines.push({ text: source.slice(start), eol: '' });
      break;
    }
    const crlf = nl > start && source[nl - 1] === '\r';
    lines.push({ text: source.slice(start, crlf ? nl - 1 : nl), eol: crlf ? '\r\n' : '\n' });
    start = nl + 1;
  }
  return lines;
}

/** The file's line ending: that of its first line, `\n` when it has none. */
export function lineEnding(lines: Line[]): '\n' | '\r\n' {
  const first = lines.find((l) => l.eol !== '');
  return first?.eol === '\r\n' ? '\r\n' : '\n';
}

/** Whether a line holds only whitespace. */
export function isBlank(line: Line): boolean {
  return line.text.trim() === '';
}

/** Whether a line holds only a comment. */
export function isCommentLine(line: Line): boolean {
  return /^\s*#/.test(line.text);
}

/** The leading whitespace of a line. */
export function leadingWhitespace(text: string): string {
  return /^[ \t\f]*/.exec(text)![0];
}

/** Escapes the characters a regular expression gives a meaning to. */
export const escapeRegExp = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
