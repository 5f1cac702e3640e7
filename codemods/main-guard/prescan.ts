// A lexical pre-scan in the spirit of Python's own tokenizer: it reads a module's logical lines and
// proves, without parsing, that every module-level statement is one the analysis keeps at module
// level (imports, definitions, docstrings, static assignments, definitional if/try blocks) and that
// there is at most one main guard. Such a module has nothing to report and nothing to rewrite, so
// it never reaches the parser. Whatever the pre-scan cannot read with certainty (an f-string in a
// statement it classifies, a call it does not know, odd indentation, an unterminated string) sends
// the file to the parser: it may only ever say "clean" where the full analysis would too.
import { GENERIC_ALIAS_BASES, PURE_FACTORIES } from './classify.js';

/** One logical line: its indentation and the span of its text, from the first token to the line end. */
interface LogicalLine {
  indent: string;
  start: number;
  end: number;
  /** Where its code ends: before a trailing comment and the white space before it. */
  codeEnd: number;
  /** The deepest nesting of brackets in it. */
  depth: number;
}

type TokenType = 'name' | 'number' | 'string' | 'fstring' | 'op' | 'bad';

interface Token {
  type: TokenType;
  /** The text, for names and operators (strings and numbers are not looked into). */
  text: string;
  /** For strings: the quoted text without prefix is exactly `__main__` in one pair of quotes. */
  isMainLiteral?: boolean;
}

const SPACE = 0x20;
const TAB = 0x09;
const FORM_FEED = 0x0c;
const LF = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;
const HASH = 0x23;

const NON_ASCII_IDENTIFIER = /^[\p{XID_Continue}]$/u;
const isIdentifierCode = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || (c >= 0x80 && NON_ASCII_IDENTIFIER.test(String.fromCharCode(c)));
const isQuote = (c: number): boolean => c === 0x22 || c === 0x27;
const isSpace = (c: number): boolean => c === SPACE || c === TAB || c === FORM_FEED || c === CR || c === LF;
const STRING_PREFIX = /^(?:[rubft]|[rb][rb]|[rf][rf]|[rt][rt]|ur)$/i;

/**
 * Whether `source` (a whole module, decoded) provably has nothing to report or rewrite: its module
 * level holds only statements that stay without a finding, and no more than one main guard.
 * False means "not proven", never "has findings".
 */
export function provablyClean(source: string): boolean {
  const lines = new LogicalLines(source);
  const reader = new BlockReader(source, lines);
  if (!reader.readBlock('', true) || lines.failed || lines.at(reader.index) !== undefined) return false;
  // MG003 reports guards inside function and class bodies, which the pre-scan does not read: every
  // `__main__` but the module-level guard's must be outside any `if`/`elif` condition.
  return !guardLikeMains(source, reader.guardLine, lines, false);
}

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
export function checkLayout(source: string): Layout {
  const lines = new LogicalLines(source);
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

/**
 * Whether an indented `if`/`elif` statement mentions `__main__` in its logical line: a nested main
 * guard (MG003) can only be there. False is certain; true means "look in the tree".
 */
export function mayHaveNestedGuard(source: string): boolean {
  return guardLikeMains(source, undefined, undefined, true);
}

const IF_HEAD = /^[ \t\f]*(?:el)?if\b/;
const IF_START = /^(?:el)?if\b/;
const INDENTED = /^[ \t\f]/;

function guardLikeMains(source: string, guard: LogicalLine | undefined, read: LogicalLines | undefined, indentedOnly: boolean): boolean {
  let lines = read;
  let index = 0;
  for (let at = source.indexOf('__main__'); at !== -1; at = source.indexOf('__main__', at + 8)) {
    if (guard && at >= guard.start && at < guard.end) continue;
    const lineStart = source.lastIndexOf('\n', at) + 1;
    const head = source.slice(lineStart, at);
    if (IF_HEAD.test(head)) {
      // A column-0 `if` line is a module-level statement, or inside brackets or a string.
      if (!indentedOnly || INDENTED.test(head)) return true;
      continue;
    }
    // Elsewhere on its line: it may continue a condition (`if (__name__` / `== "__main__")`), so
    // find the logical line that holds it; the logical lines are read once, and only here.
    lines ??= new LogicalLines(source);
    let line = lines.at(index);
    while (line !== undefined && line.end < at) line = lines.at(++index);
    if (lines.failed) return true;
    if (line === undefined || line.start > at) continue;
    if (IF_START.test(source.slice(line.start, line.start + 5)) && (!indentedOnly || line.indent !== '')) return true;
  }
  return false;
}

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
class LogicalLines {
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
function skipString(src: string, q: number, formatted: boolean): number {
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

const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '!=',
  '->',
  ':=',
  '==',
  '<=',
  '>=',
  '<>',
  '**',
  '//',
  '<<',
  '>>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '@',
  '&',
  '|',
  '^',
  '~',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '.',
  ';',
  '=',
];
const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '>>=', '<<=', '&=', '|=', '^=', '@=']);

/** The tokens of one logical line. */
function tokenize(src: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  let k = start;
  while (k < end) {
    const c = src.charCodeAt(k);
    if (c === SPACE || c === TAB || c === FORM_FEED || c === LF || c === CR) {
      k++;
    } else if (c === HASH) {
      const nl = src.indexOf('\n', k);
      k = nl === -1 || nl > end ? end : nl;
    } else if (c === BACKSLASH) {
      k++;
    } else if (isQuote(c) || isIdentifierCode(c) || (c === 0x2e && src.charCodeAt(k + 1) >= 0x30 && src.charCodeAt(k + 1) <= 0x39)) {
      const runStart = k;
      const digit = (c >= 0x30 && c <= 0x39) || c === 0x2e;
      while (k < end && (isIdentifierCode(src.charCodeAt(k)) || (digit && src.charCodeAt(k) === 0x2e))) {
        // An exponent's sign belongs to the number: 1e-5.
        const ch = src.charCodeAt(k);
        k++;
        if (digit && (ch === 0x65 || ch === 0x45) && (src.charCodeAt(k) === 0x2b || src.charCodeAt(k) === 0x2d)) k++;
      }
      const word = src.slice(runStart, k);
      if (k < end && isQuote(src.charCodeAt(k)) && !digit && (word === '' || STRING_PREFIX.test(word))) {
        const formatted = /[ft]/i.test(word);
        const after = skipString(src, k, formatted);
        if (after < 0 || after > end) return [{ type: 'bad', text: '' }];
        const literal = src.slice(k, after);
        tokens.push({ type: formatted ? 'fstring' : 'string', text: '', isMainLiteral: word === '' && /^(['"])__main__\1$/.test(literal) });
        k = after;
      } else {
        tokens.push({ type: digit ? 'number' : 'name', text: word });
      }
    } else {
      const op = OPERATORS.find((o) => src.startsWith(o, k));
      if (!op) return [{ type: 'bad', text: src[k]! }];
      tokens.push({ type: 'op', text: op });
      k += op.length;
    }
  }
  return tokens;
}

const KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
  'print',
  'exec',
]);
// Keywords that build static expressions: operators, constants, comprehensions, lambdas.
const EXPRESSION_KEYWORDS = new Set(['False', 'None', 'True', 'and', 'or', 'not', 'in', 'is', 'if', 'else', 'for', 'lambda']);

const endsOperand = (t: Token | undefined): boolean =>
  t !== undefined &&
  (t.type === 'number' ||
    t.type === 'string' ||
    t.type === 'fstring' ||
    (t.type === 'name' && (!KEYWORDS.has(t.text) || t.text === 'True' || t.text === 'False' || t.text === 'None')) ||
    (t.type === 'op' && (t.text === ')' || t.text === ']' || t.text === '}')));

/**
 * Whether tokens [from, to) are an expression the analysis calls static: literals, names,
 * attributes, operators, calls of its pure factories and subscripts of type-like names (see
 * isStaticExpression in classify.ts), read strictly: anything else is "not proven".
 */
function isStaticTokens(tokens: Token[], from: number, to: number): boolean {
  if (from >= to) return false;
  let depth = 0;
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    if (t.type === 'bad' || t.type === 'fstring') return false;
    if (t.type === 'name') {
      if (KEYWORDS.has(t.text) && !EXPRESSION_KEYWORDS.has(t.text)) return false;
      continue;
    }
    if (t.type !== 'op') continue;
    switch (t.text) {
      case '(':
      case '[':
        if (k > from && endsOperand(tokens[k - 1])) {
          const callee = dottedNameBefore(tokens, from, k);
          if (callee === undefined) return false;
          if (t.text === '(' && !PURE_FACTORIES.has(callee)) return false;
          const last = callee.slice(callee.lastIndexOf('.') + 1);
          if (t.text === '[' && !/^[A-Z]/.test(last) && !GENERIC_ALIAS_BASES.has(last)) return false;
        }
        depth++;
        break;
      case '{':
        depth++;
        break;
      case ')':
      case ']':
      case '}':
        if (--depth < 0) return false;
        break;
      case '=':
        if (depth === 0) return false;
        break;
      case ':=':
      case ';':
      case '->':
      case '<>':
        return false;
      default:
        if (AUGMENTED.has(t.text)) return false;
    }
  }
  return depth === 0;
}

// `a.b.c` ending just before `end`, made of names only and not itself an attribute of something else.
function dottedNameBefore(tokens: Token[], from: number, end: number): string | undefined {
  let k = end - 1;
  const parts: string[] = [];
  for (;;) {
    const t = tokens[k];
    if (k < from || t?.type !== 'name' || KEYWORDS.has(t.text)) return undefined;
    parts.unshift(t.text);
    if (k - 1 >= from && tokens[k - 1]!.type === 'op' && tokens[k - 1]!.text === '.') {
      k -= 2;
      continue;
    }
    if (k - 1 >= from && endsOperand(tokens[k - 1])) return undefined;
    return parts.join('.');
  }
}

const isOp = (t: Token | undefined, text: string): boolean => t?.type === 'op' && t.text === text;
const isName = (t: Token | undefined, text?: string): boolean => t?.type === 'name' && (text === undefined || t.text === text);

// `a`, `a, b`, `*a, b`: names the analysis accepts as assignment targets without looking further.
function isNameTargets(tokens: Token[], from: number, to: number): boolean {
  if (from >= to) return false;
  let expectName = true;
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    if (expectName) {
      if (isOp(t, '*')) continue;
      if (t.type !== 'name' || KEYWORDS.has(t.text)) return false;
      expectName = false;
    } else {
      if (!isOp(t, ',')) return false;
      expectName = true;
    }
  }
  return true;
}

/** What kind of statement a logical line opens, for the block reader. */
type Statement =
  | { kind: 'simple'; imports: boolean }
  | { kind: 'definition' }
  | { kind: 'decorator' }
  | { kind: 'if'; guard: boolean }
  | { kind: 'try' }
  | { kind: 'clause'; keyword: string }
  | { kind: 'unknown' };

// Classifies one logical line by its tokens, mirroring classifyStatement for the forms it can prove.
function readStatement(tokens: Token[]): Statement {
  const first = tokens[0];
  if (!first || first.type === 'bad') return { kind: 'unknown' };
  if (first.type === 'name') {
    switch (first.text) {
      case 'import':
      case 'from':
        return hasSemicolon(tokens) ? { kind: 'unknown' } : { kind: 'simple', imports: true };
      case 'def':
      case 'class':
        return { kind: 'definition' };
      case 'async':
        return isName(tokens[1], 'def') ? { kind: 'definition' } : { kind: 'unknown' };
      case 'pass':
        return tokens.length === 1 ? { kind: 'simple', imports: false } : { kind: 'unknown' };
      case 'if':
        if (!isOp(tokens.at(-1), ':')) return { kind: 'unknown' };
        if (isMainGuardCondition(tokens.slice(1, -1))) return { kind: 'if', guard: true };
        return isStaticTokens(tokens, 1, tokens.length - 1) ? { kind: 'if', guard: false } : { kind: 'unknown' };
      case 'elif':
        return isOp(tokens.at(-1), ':') && isStaticTokens(tokens, 1, tokens.length - 1) ? { kind: 'clause', keyword: 'elif' } : { kind: 'unknown' };
      case 'else':
      case 'try':
      case 'finally':
        if (tokens.length !== 2 || !isOp(tokens[1], ':')) return { kind: 'unknown' };
        return first.text === 'try' ? { kind: 'try' } : { kind: 'clause', keyword: first.text };
      case 'except':
        return isOp(tokens.at(-1), ':') && !hasSemicolon(tokens) ? { kind: 'clause', keyword: 'except' } : { kind: 'unknown' };
    }
    if (KEYWORDS.has(first.text)) return { kind: 'unknown' };
    return isStaticAssignment(tokens) ? { kind: 'simple', imports: false } : { kind: 'unknown' };
  }
  if (isOp(first, '@')) return { kind: 'decorator' };
  if (first.type === 'string' && tokens.every((t) => t.type === 'string')) return { kind: 'simple', imports: false };
  if (isOp(first, '...') && tokens.length === 1) return { kind: 'simple', imports: false };
  return { kind: 'unknown' };
}

const hasSemicolon = (tokens: Token[]): boolean => tokens.some((t) => isOp(t, ';'));

// `__name__ == "__main__"` or `"__main__" == __name__`, maybe in parentheses.
function isMainGuardCondition(tokens: Token[]): boolean {
  const inner = isOp(tokens[0], '(') && isOp(tokens.at(-1), ')') ? tokens.slice(1, -1) : tokens;
  if (inner.length !== 3 || !isOp(inner[1], '==')) return false;
  const [a, , b] = inner;
  return (isName(a, '__name__') && b?.isMainLiteral === true) || (a?.isMainLiteral === true && isName(b, '__name__'));
}

// `NAME = static`, `a, b = static`, `a = b = static`, `NAME: T = static`, `NAME: T`, `NAME += static`.
function isStaticAssignment(tokens: Token[]): boolean {
  if (AUGMENTED.has(tokens[1]?.text ?? '') && tokens[1]!.type === 'op') return isName(tokens[0]) && isStaticTokens(tokens, 2, tokens.length);
  if (isOp(tokens[1], ':')) {
    const equals = tokens.findIndex((t, k) => k > 1 && isOp(t, '='));
    if (equals === -1) return isStaticTokens(tokens, 2, tokens.length);
    return isStaticTokens(tokens, 2, equals) && isStaticTokens(tokens, equals + 1, tokens.length);
  }
  const equals: number[] = [];
  let depth = 0;
  for (const [k, t] of tokens.entries()) {
    if (t.type !== 'op') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
    else if (t.text === '=' && depth === 0) equals.push(k);
  }
  if (equals.length === 0) return false;
  let from = 0;
  for (const at of equals) {
    if (!isNameTargets(tokens, from, at)) return false;
    from = at + 1;
  }
  return isStaticTokens(tokens, from, tokens.length);
}

/** Reads blocks of logical lines, statement by statement, and settles whether each one stays. */
class BlockReader {
  index = 0;
  /** Main guards seen at module level. */
  guards = 0;
  /** The module-level main guard's header. */
  guardLine: LogicalLine | undefined;

  constructor(
    private readonly src: string,
    private readonly lines: LogicalLines,
  ) {}

  /**
   * Reads the statements of the block at `indent` (until a dedent); true when every one is proven
   * to stay. `imports` is set when one of them imports something.
   */
  readBlock(indent: string, moduleLevel: boolean, found = { imports: false }): boolean {
    let first = true;
    for (let line = this.lines.at(this.index); line !== undefined; line = this.lines.at(this.index)) {
      if (line.indent !== indent) {
        if (!first && line.indent.length < indent.length && indent.startsWith(line.indent)) return true;
        return false;
      }
      first = false;
      if (!this.readStatement(indent, moduleLevel, found)) return false;
    }
    return !first || moduleLevel;
  }

  private tokens(line: LogicalLine): Token[] {
    return tokenize(this.src, line.start, line.end);
  }

  private readStatement(indent: string, moduleLevel: boolean, found: { imports: boolean }): boolean {
    const line = this.lines.at(this.index)!;
    if (line.indent.includes('\f')) return false;
    const tokens = this.tokens(line);
    const statement = readStatement(tokens);
    this.index++;
    switch (statement.kind) {
      case 'simple':
        if (statement.imports) found.imports = true;
        return !this.hasBody(indent);
      case 'decorator': {
        const next = this.lines.at(this.index);
        if (!next || next.indent !== indent) return false;
        const decorated = readStatement(this.tokens(next));
        if (decorated.kind !== 'definition' && decorated.kind !== 'decorator') return false;
        return !this.hasBody(indent);
      }
      case 'definition':
        // A definition stays whatever its body does; its body is not read.
        return isOp(tokens.at(-1), ':') ? this.skipBody(indent) : !this.hasBody(indent);
      case 'if':
        if (statement.guard) {
          if (!moduleLevel || ++this.guards > 1) return false;
          this.guardLine = line;
          if (!this.skipBody(indent)) return false;
          // A guard's else runs on import: the analysis treats it apart.
          return !this.nextClauseIs(indent, ['elif', 'else']);
        }
        if (!this.readBody(indent)) return false;
        while (this.nextClauseIs(indent, ['elif', 'else'])) {
          this.index++;
          if (!this.readBody(indent)) return false;
        }
        return true;
      case 'try': {
        const body = { imports: false };
        if (!this.readBody(indent, body)) return false;
        // An import with a fallback stays whatever its handlers do; any other try stays only if all of it does.
        let clauses = 0;
        while (this.nextClauseIs(indent, ['except', 'else', 'finally'])) {
          this.index++;
          clauses++;
          if (!(body.imports ? this.skipBody(indent) : this.readBody(indent))) return false;
        }
        return clauses > 0;
      }
      default:
        return false;
    }
  }

  private nextClauseIs(indent: string, keywords: string[]): boolean {
    const next = this.lines.at(this.index);
    if (!next || next.indent !== indent) return false;
    const statement = readStatement(this.tokens(next));
    return statement.kind === 'clause' && keywords.includes(statement.keyword);
  }

  private isDeeper(line: LogicalLine | undefined, indent: string): boolean {
    return line !== undefined && line.indent.length > indent.length && line.indent.startsWith(indent);
  }

  private hasBody(indent: string): boolean {
    return this.isDeeper(this.lines.at(this.index), indent);
  }

  // The indented body of a definition or guard, left unread.
  private skipBody(indent: string): boolean {
    if (!this.hasBody(indent)) return false;
    while (this.isDeeper(this.lines.at(this.index), indent)) this.index++;
    return true;
  }

  // The indented body of an if/try/else/except clause, read statement by statement.
  private readBody(indent: string, found = { imports: false }): boolean {
    const next = this.lines.at(this.index);
    if (!this.isDeeper(next, indent)) return false;
    return this.readBlock(next!.indent, false, found);
  }
}
