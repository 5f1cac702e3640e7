// A lexical pre-scan in the spirit of Python's own tokenizer: it reads a module's logical lines and
// proves, without parsing, that every module-level statement is one the analysis keeps at module
// level (imports, definitions, docstrings, static assignments, definitional if/try blocks) and that
// there is at most one main guard. Such a module has nothing to report and nothing to rewrite, so
// it never reaches the parser. Whatever the pre-scan cannot read with certainty (an f-string in a
// statement it classifies, a call it does not know, odd indentation, an unterminated string) sends
// the file to the parser: it may only ever say "clean" where the full analysis would too.
import { GENERIC_ALIAS_BASES, PURE_FACTORIES } from './classify.js';
import { BACKSLASH, CR, FORM_FEED, HASH, isIdentifierCode, isQuote, LF, type LogicalLine, LogicalLines, SPACE, STRING_PREFIX, skipString, TAB } from './logical-lines.js';

type TokenType = 'name' | 'number' | 'string' | 'fstring' | 'op' | 'bad';

interface Token {
  type: TokenType;
  /** The text, for names and operators (strings and numbers are not looked into). */
  text: string;
  /** For strings: the quoted text without prefix is exactly `__main__` in one pair of quotes. */
  isMainLiteral?: boolean;
}

/**
 * Whether `source` (a whole module, decoded) provably has nothing to report or rewrite: its module
 * level holds only statements that stay without a finding, and no more than one main guard.
 * False means "not proven", never "has findings".
 */
export function provablyClean(source: string, lines = new LogicalLines(source)): boolean {
  const reader = new BlockReader(source, lines);
  if (!reader.readBlock('', true) || lines.failed || lines.at(reader.index) !== undefined) return false;
  // MG003 reports guards inside function and class bodies, which the pre-scan does not read: every
  // `__main__` but the module-level guard's must be outside any `if`/`elif` condition.
  return !guardLikeMains(source, reader.guardLine, lines, false);
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
