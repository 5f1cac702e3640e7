// Python's logical lines, read from the text as its tokenizer joins them (brackets, strings,
// backslashes), on demand and once per file: the layout check and the pre-scan share them.

/** One logical line: its indentation and the span of its text, from the first token to the line end. */
export interface LogicalLine {
  indent: string;
  start: number;
  end: number;
  /** Where its code ends: before a trailing comment and the white space before it. */
  codeEnd: number;
  /** The deepest nesting of brackets in it. */
  depth: number;
}

export const SPACE = 0x20;

export const TAB = 0x09;

export const FORM_FEED = 0x0c;

export const LF = 0x0a;

export const CR = 0x0d;

export const BACKSLASH = 0x5c;

export const HASH = 0x23;

const NON_ASCII_IDENTIFIER = /^[\p{XID_Continue}]$/u;

export const isIdentifierCode = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || (c >= 0x80 && NON_ASCII_IDENTIFIER.test(String.fromCharCode(c)));

export const isQuote = (c: number): boolean => c === 0x22 || c === 0x27;

const isSpace = (c: number): boolean => c === SPACE || c === TAB || c === FORM_FEED || c === CR || c === LF;

export const STRING_PREFIX = /^(?:[rubft]|[rb][rb]|[rf][rf]|[rt][rt]|ur)$/i;

// The characters that can end, join or open something in code; all others are skipped over.
const CODE_STOPS = /["'#\\\n()[\]{}]/g;

// In a string, what can end it or escape; an f-string adds the opening of a replacement field.
// Keyed by the quote's character code: 34 is ", 39 is '.
const STRING_STOPS = {
  plain: { 34: /["\\\n\r]/g, 39: /['\\\n\r]/g } as Record<number, RegExp>,
  formatted: { 34: /["\\\n\r{]/g, 39: /['\\\n\r{]/g } as Record<number, RegExp>,
};

const SPACES = Array.from({ length: 33 }, (_, n) => ' '.repeat(n));

/**
 * Produces a module's logical lines on demand (brackets, strings and backslashes join physical
 * lines), so that a module the reader gives up on early is not read to its end. `failed` is set
 * where the text is not tokenizable (an unterminated string or bracket, a stray backslash).
 */
export class LogicalLines {
  failed = false;
  /** Offset of a backslash that continues a line past the end of the file (Python: unexpected EOF). */
  danglingContinuation: number | undefined;
  private readonly lines: LogicalLine[] = [];
  private position: number;

  constructor(private readonly src: string) {
    this.position = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /** The `index`-th logical line, or undefined past the end (or after a failure). */
  at(index: number): LogicalLine | undefined {
    while (this.lines.length <= index && !this.failed && this.position < this.src.length) this.readLine();
    return this.lines[index];
  }

  private fail(): void {
    this.failed = true;
    this.position = this.src.length;
  }

  private readLine(): void {
    const src = this.src;
    const n = src.length;
    const i = this.position;
    let j = i;
    let c = src.charCodeAt(j);
    while (j < n && (c === SPACE || c === TAB || c === FORM_FEED)) c = src.charCodeAt(++j);
    if (j >= n) {
      this.position = n;
      return;
    }
    if (c === LF || c === CR) {
      this.position = j + 1;
      return;
    }
    if (c === HASH) {
      const nl = src.indexOf('\n', j);
      this.position = nl === -1 ? n : nl + 1;
      return;
    }
    const start = j;
    let depth = 0;
    let maxDepth = 0;
    let comment = -1;
    let k = j;
    for (;;) {
      CODE_STOPS.lastIndex = k;
      const stop = CODE_STOPS.exec(src);
      if (stop === null) {
        if (depth > 0) return this.fail();
        k = n;
        break;
      }
      k = stop.index;
      c = src.charCodeAt(k);
      // A comment ends the logical line only if nothing but its newline follows it.
      if (c !== HASH && !(c === LF && depth === 0)) comment = -1;
      if (isQuote(c)) {
        k = skipString(src, k, isFormattedPrefix(src, k, start));
        if (k < 0) return this.fail();
      } else if (c === HASH) {
        comment = k;
        const nl = src.indexOf('\n', k);
        k = nl === -1 ? n : nl;
      } else if (c === BACKSLASH) {
        const next = src.charCodeAt(k + 1);
        const backslash = k;
        if (next === LF) k += 2;
        else if (next === CR && src.charCodeAt(k + 2) === LF) k += 3;
        else {
          if (k + 1 >= n) this.danglingContinuation = backslash;
          return this.fail();
        }
        if (k >= n) {
          this.danglingContinuation = backslash;
          return this.fail();
        }
      } else if (c === LF) {
        if (depth === 0) break;
        k++;
      } else {
        if (c === 0x28 || c === 0x5b || c === 0x7b) {
          if (++depth > maxDepth) maxDepth = depth;
        } else if (--depth < 0) return this.fail();
        k++;
      }
    }
    const width = start - i;
    const spaces = width < SPACES.length && src.startsWith(SPACES[width]!, i);
    let codeEnd = comment === -1 ? k : comment;
    while (codeEnd > start && isSpace(src.charCodeAt(codeEnd - 1))) codeEnd--;
    this.lines.push({ indent: spaces ? SPACES[width]! : src.slice(i, start), start, end: k, codeEnd, depth: maxDepth });
    this.position = k + 1;
  }
}

// Whether the string whose quote is at `q` has an f or t prefix (letters right before the quote,
// not the end of a longer name).
function isFormattedPrefix(src: string, q: number, lineStart: number): boolean {
  let p = q;
  while (p > lineStart && q - p < 3 && isIdentifierCode(src.charCodeAt(p - 1))) p--;
  if (p === q || (p > lineStart && isIdentifierCode(src.charCodeAt(p - 1)))) return false;
  const prefix = src.slice(p, q);
  return STRING_PREFIX.test(prefix) && /[ft]/i.test(prefix);
}

/**
 * The index just past the string literal whose opening quote is at `q`, or -1 where it does not
 * end on its line (or, in an f-string, where a replacement field cannot be read with certainty).
 * A backslash keeps the next character from ending the string, in raw strings too, as in Python.
 */
export function skipString(src: string, q: number, formatted: boolean): number {
  const quote = src.charCodeAt(q);
  const triple = src.charCodeAt(q + 1) === quote && src.charCodeAt(q + 2) === quote;
  const stops = (formatted ? STRING_STOPS.formatted : STRING_STOPS.plain)[quote]!;
  let k = q + (triple ? 3 : 1);
  for (;;) {
    stops.lastIndex = k;
    const stop = stops.exec(src);
    if (stop === null) return -1;
    k = stop.index;
    const c = src.charCodeAt(k);
    if (c === BACKSLASH) {
      const next = src.charCodeAt(k + 1);
      if (formatted && (next === 0x7b || next === 0x7d)) return -1;
      k += next === CR && src.charCodeAt(k + 2) === LF ? 3 : 2;
    } else if (c === quote) {
      if (!triple) return k + 1;
      if (src.charCodeAt(k + 1) === quote && src.charCodeAt(k + 2) === quote) return k + 3;
      k++;
    } else if (c === LF || c === CR) {
      if (!triple) return -1;
      k++;
    } else if (src.charCodeAt(k + 1) === 0x7b) {
      k += 2;
    } else {
      k = skipReplacementField(src, k + 1, quote, triple);
      if (k < 0) return -1;
    }
  }
}

// The expression of an f-string's replacement field, from just after its `{` to just past its
// `}`. Since Python 3.12 it may hold strings in the same quotes; earlier versions forbid that, so
// reading every quote inside as a nested string is right for valid code of any version.
function skipReplacementField(src: string, k: number, quote: number, triple: boolean): number {
  const n = src.length;
  let depth = 0;
  while (k < n) {
    const c = src.charCodeAt(k);
    if (isQuote(c)) {
      k = skipString(src, k, false);
      if (k < 0) return -1;
    } else if (isIdentifierCode(c)) {
      const runStart = k;
      while (k < n && isIdentifierCode(src.charCodeAt(k))) k++;
      if (k < n && isQuote(src.charCodeAt(k)) && k - runStart <= 2 && STRING_PREFIX.test(src.slice(runStart, k))) {
        k = skipString(src, k, /[ft]/i.test(src.slice(runStart, k)));
        if (k < 0) return -1;
      }
    } else if (c === HASH || c === BACKSLASH) {
      return -1;
    } else if (c === 0x28 || c === 0x5b || c === 0x7b) {
      depth++;
      k++;
    } else if (c === 0x29 || c === 0x5d) {
      if (--depth < 0) return -1;
      k++;
    } else if (c === 0x7d) {
      if (depth === 0) return k + 1;
      depth--;
      k++;
    } else if (c === 0x21 && depth === 0 && src.charCodeAt(k + 1) !== 0x3d) {
      // A conversion (`!r`): its letter, then the format spec or the end of the field.
      k++;
      while (k < n && isIdentifierCode(src.charCodeAt(k))) k++;
    } else if (c === 0x3a && depth === 0) {
      return skipFormatSpec(src, k + 1, quote, triple);
    } else {
      k++;
    }
  }
  return -1;
}

function skipFormatSpec(src: string, k: number, quote: number, triple: boolean): number {
  const n = src.length;
  while (k < n) {
    const c = src.charCodeAt(k);
    if (c === 0x7b) {
      k = skipReplacementField(src, k + 1, quote, triple);
      if (k < 0) return -1;
    } else if (c === 0x7d) {
      return k + 1;
    } else if (c === quote || c === BACKSLASH || ((c === LF || c === CR) && !triple)) {
      return -1;
    } else {
      k++;
    }
  }
  return -1;
}
