// A lexical pre-scan in the spirit of Python's own tokenizer: it reads a module's logical lines and
// proves, without parsing, which module-level statements the analysis keeps at module level
// (imports, definitions, docstrings, static assignments, definitional if/try blocks), that there is
// at most one main guard, and what the analysis makes of the others (they move, they are
// assignments, or only the parser can tell). From that, text-judgement.ts settles the modules that
// have nothing to report and nothing to rewrite, which never reach the parser. Whatever the pre-scan cannot read with certainty (an f-string in a
// statement it classifies, a call it does not know, odd indentation, an unterminated string) sends
// the file to the parser: it may only ever say "clean" where the full analysis would too.
import { GENERIC_ALIAS_BASES, IMPORT_CALL, IMPORT_SETUP_CALLS, PURE_FACTORIES } from './classify.js';
import { BACKSLASH, CR, FORM_FEED, HASH, isIdentifierCode, isQuote, LF, type LogicalLine, LogicalLines, SPACE, STRING_PREFIX, skipString, TAB } from './logical-lines.js';
import { doesScriptWorkIn } from './script-calls.js';

/** The kinds of token the pre-scan tells apart. */
export type TokenType = 'name' | 'number' | 'string' | 'fstring' | 'op' | 'bad';

/** One token of a logical line. */
export interface Token {
  type: TokenType;
  /** The text, for names and operators (strings and numbers are not looked into). */
  text: string;
  /** For strings: the quoted text without prefix is exactly `__main__` in one pair of quotes. */
  isMainLiteral?: boolean;
}

/** How the analysis treats a module-level statement the pre-scan could not prove to stay. */
export type UnprovenShape =
  /** It moves (a loop, a call, an assignment from a call): the module has code to move. */
  | 'moves'
  /** An assignment whose value calls something: it moves, and it is an assignment. */
  | 'assignment-moves'
  /** An assignment statement, moved or not. */
  | 'assignment'
  /** Anything else: only the analysis can tell. */
  | 'unknown';

/** Whether a shape is one of the analysis's moves. */
export const certainlyMoves = (shape: UnprovenShape): boolean => shape === 'moves' || shape === 'assignment-moves';

/** A module-level statement the pre-scan could not prove to stay: its text and what it can tell of it. */
export interface UnprovenStatement {
  /** Offsets of its first character and of the end of its last line. */
  start: number;
  end: number;
  shape: UnprovenShape;
  /** Every token of it, header, clauses and bodies. */
  tokens: readonly Token[];
}

/** What the pre-scan read of a module's top level. */
export interface ModuleScan {
  /** Main guards at module level (0 or 1). */
  guards: number;
  /** The module-level statements it could not prove to stay, in order; none when the module is clean. */
  unproven: UnprovenStatement[];
  /** Names its module-level `def`s and `class`es define. */
  callables: Set<string>;
  /** Names its module-level statements of the form `name = ...` bind: some of the names it binds, never others. */
  values: Set<string>;
  /** Where each module-level `def` it proves to stay stands in the text, by name: from its `def` line to the end of its body (see firstLevelText). */
  functions: Map<string, [number, number][]>;
}

// How a module-level statement begins when it defines or assigns a name.
const TOP_LEVEL_NAME = /(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)|class[ \t]+([A-Za-z_]\w*)|([A-Za-z_]\w*)[ \t]*=(?!=)/y;

/**
 * Reads a module's top level from its text: which statements provably stay at module level, and
 * what can be told of the others. Undefined when the text cannot be read with certainty (odd
 * indentation, an unterminated string, a second guard, a guard with an `else`, a `__main__` test
 * it cannot place, a semicolon or decorator it does not follow).
 */
export function scanModule(source: string, lines = new LogicalLines(source)): ModuleScan | undefined {
  const reader = new BlockReader(source, lines);
  const unproven: UnprovenStatement[] = [];
  const callables = new Set<string>();
  const values = new Set<string>();
  const functions = new Map<string, [number, number][]>();
  for (let line = lines.at(reader.index); line !== undefined; line = lines.at(reader.index)) {
    if (line.indent !== '') return undefined;
    TOP_LEVEL_NAME.lastIndex = line.start;
    const named = TOP_LEVEL_NAME.exec(source);
    if (named?.[3] !== undefined) values.add(named[3]);
    else if (named) callables.add((named[1] ?? named[2])!);
    const from = reader.index;
    const guards = reader.guards;
    if (reader.readStatementAt('', true)) {
      if (named?.[1] !== undefined) {
        const span: [number, number] = [line.start, lines.at(reader.index - 1)!.end];
        const spans = functions.get(named[1]);
        if (spans) spans.push(span);
        else functions.set(named[1], [span]);
      }
      continue;
    }
    if (reader.guards > guards) return undefined;
    const statement = reader.skipStatement(from);
    if (!statement) return undefined;
    unproven.push(statement);
  }
  if (lines.failed) return undefined;
  // MG003 reports guards inside function and class bodies, which the pre-scan does not read: every
  // `__main__` but the module-level guard's must be outside any `if`/`elif` condition.
  if (guardLikeMains(source, reader.guardLine, lines, false)) return undefined;
  return { guards: reader.guards, unproven, callables, values, functions };
}

/**
 * The code of a module-level `def` (a span of ModuleScan.functions) that runs whenever it is
 * called: its `def` line and the logical lines of its body's first level, not what an `if`, a
 * loop or a `try` in it holds. Read again only for the few functions whose calls need it.
 */
export function firstLevelText(source: string, [start, end]: [number, number]): string {
  const text = source.slice(start, end);
  const lines = new LogicalLines(text);
  const body = lines.at(1)?.indent;
  let code = '';
  for (let k = 0, line = lines.at(0); line !== undefined; line = lines.at(++k)) if (k === 0 || line.indent === body) code += `${text.slice(line.start, line.end)}\n`;
  return code;
}

/**
 * Whether `source` (a whole module, decoded) provably has nothing to report or rewrite: its module
 * level holds only statements that stay without a finding, and no more than one main guard.
 * False means "not proven", never "has findings".
 */
export function provablyClean(source: string, lines = new LogicalLines(source)): boolean {
  return scanModule(source, lines)?.unproven.length === 0;
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
    // Looking for nested guards only: an `if` line at column 0 is a module-level one, or text in a string.
    if (indentedOnly && IF_HEAD.test(head) && !INDENTED.test(head)) continue;
    // Find the logical line that holds it: an `if` line may be inside a string, and a condition
    // may hold it on a later line (`if (__name__` / `== "__main__")`). The logical lines are read
    // once, and only here.
    lines ??= new LogicalLines(source);
    let line = lines.at(index);
    while (line !== undefined && line.end < at) line = lines.at(++index);
    if (lines.failed) return true;
    if (line === undefined || line.start > at || !IF_START.test(source.slice(line.start, line.start + 5))) continue;
    if (line.indent === '') {
      if (!indentedOnly) return true;
      continue;
    }
    // A nested `if` is a main guard (MG003) only if it compares `__name__` itself, not `m.__name__`.
    if (namesDunderName(tokenize(source, line.start, line.end))) return true;
  }
  return false;
}

function namesDunderName(tokens: Token[]): boolean {
  return tokens.some((t, k) => isName(t, '__name__') && !isOp(tokens[k - 1], '.'));
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
function dottedNameBefore(tokens: readonly Token[], from: number, end: number): string | undefined {
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
  | { kind: 'if'; guard: boolean; dynamic: boolean }
  | { kind: 'try' }
  | { kind: 'clause'; keyword: string; dynamic?: boolean }
  | { kind: 'unknown' };

// Classifies one logical line by its tokens (and its text, read only for a condition), mirroring
// classifyStatement for the forms it can prove.
function readStatement(tokens: Token[], text: () => string): Statement {
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
      case 'elif': {
        if (!isOp(tokens.at(-1), ':')) return { kind: 'unknown' };
        const guard = first.text === 'if' && isMainGuardCondition(tokens.slice(1, -1));
        const dynamic = !guard && !isStaticTokens(tokens, 1, tokens.length - 1);
        // A condition that calls something keeps definitions, unless it does what a script does.
        if (dynamic && (!isExpressionTokens(tokens, 1, tokens.length - 1) || doesScriptWorkIn(text()))) return { kind: 'unknown' };
        return first.text === 'if' ? { kind: 'if', guard, dynamic } : { kind: 'clause', keyword: 'elif', dynamic };
      }
      case 'else':
      case 'try':
      case 'finally':
        if (tokens.length !== 2 || !isOp(tokens[1], ':')) return { kind: 'unknown' };
        return first.text === 'try' ? { kind: 'try' } : { kind: 'clause', keyword: first.text };
      case 'except':
        return isOp(tokens.at(-1), ':') && !hasSemicolon(tokens) ? { kind: 'clause', keyword: 'except' } : { kind: 'unknown' };
    }
    if (KEYWORDS.has(first.text)) return { kind: 'unknown' };
    if (isImportCall(tokens)) return { kind: 'simple', imports: true };
    return isStaticAssignment(tokens) ? { kind: 'simple', imports: false } : { kind: 'unknown' };
  }
  if (isOp(first, '@')) return { kind: 'decorator' };
  if (first.type === 'string' && tokens.every((t) => t.type === 'string')) return { kind: 'simple', imports: false };
  if (isOp(first, '...') && tokens.length === 1) return { kind: 'simple', imports: false };
  return { kind: 'unknown' };
}

const hasSemicolon = (tokens: Token[]): boolean => tokens.some((t) => isOp(t, ';'));

// Tokens [from, to) that can only be one expression: brackets that balance, no statement keyword,
// no assignment or other statement punctuation.
function isExpressionTokens(tokens: Token[], from: number, to: number): boolean {
  if (from >= to) return false;
  let depth = 0;
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    if (t.type === 'bad' || (t.type === 'name' && KEYWORDS.has(t.text) && !EXPRESSION_KEYWORDS.has(t.text))) return false;
    if (t.type !== 'op') continue;
    if (opensBracket(t)) depth++;
    else if (closesBracket(t) && --depth < 0) return false;
    else if ((t.text === '=' && depth === 0) || t.text === ';' || t.text === '->' || t.text === '<>' || AUGMENTED.has(t.text)) return false;
  }
  return depth === 0;
}

// `__name__ == "__main__"` or `"__main__" == __name__`, maybe in parentheses.
function isMainGuardCondition(tokens: Token[]): boolean {
  const inner = isOp(tokens[0], '(') && isOp(tokens.at(-1), ')') ? tokens.slice(1, -1) : tokens;
  if (inner.length !== 3 || !isOp(inner[1], '==')) return false;
  const [a, , b] = inner;
  return (isName(a, '__name__') && b?.isMainLiteral === true) || (a?.isMainLiteral === true && isName(b, '__name__'));
}

// `x = importlib.import_module("x")`, `support.import_module("dbm.ndbm")`: an import by a call,
// which stays at module level like an import statement (classify.ts's isImportCall).
function isImportCall(tokens: Token[]): boolean {
  const open = tokens.findIndex((t) => isOp(t, '(') || isOp(t, '[') || isOp(t, '{'));
  if (open === -1 || !isOp(tokens[open], '(') || !isOp(tokens.at(-1), ')')) return false;
  let from = 0;
  for (let k = 0; k < open; k++) {
    if (!isOp(tokens[k], '=')) continue;
    if (!isNameTargets(tokens, from, k) && !isOwnedTarget(tokens, from, k)) return false;
    from = k + 1;
  }
  const callee = dottedNameBefore(tokens, from, open);
  if (callee === undefined || !IMPORT_CALL.test(callee) || open - from !== callee.split('.').length * 2 - 1) return false;
  // The call's parentheses close at the end, around what can only be its arguments.
  return closingBracket(tokens, open, tokens.length) === tokens.length - 1 && isExpressionTokens(tokens, open, tokens.length);
}

const opensBracket = (t: Token | undefined): boolean => t?.type === 'op' && (t.text === '(' || t.text === '[' || t.text === '{');

const closesBracket = (t: Token | undefined): boolean => t?.type === 'op' && (t.text === ')' || t.text === ']' || t.text === '}');

// The index of the bracket that closes the one at `open`, before `to`; -1 if none does.
function closingBracket(tokens: Token[], open: number, to: number): number {
  let depth = 0;
  for (let k = open; k < to; k++) {
    if (opensBracket(tokens[k])) depth++;
    else if (closesBracket(tokens[k]) && --depth === 0) return k;
  }
  return -1;
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
    if (!isNameTargets(tokens, from, at) && !isOwnedTarget(tokens, from, at)) return false;
    from = at + 1;
  }
  return isStaticTokens(tokens, from, tokens.length);
}

// `Foo.attr`, `TABLE["k"]`, `Event.time.__doc__`: one attribute or item of a name, which the
// analysis takes for the module's own (classify.ts's isOwnedTarget); keys must be static.
function isOwnedTarget(tokens: Token[], from: number, to: number): boolean {
  if (!isName(tokens[from]) || KEYWORDS.has(tokens[from]!.text) || from + 1 >= to) return false;
  // The dotted name read so far, while the target is only names and dots: `os.environ.x` moves.
  let dotted: string | undefined = tokens[from]!.text;
  for (let k = from + 1; k < to; ) {
    if (isOp(tokens[k], '.') && isName(tokens[k + 1]) && !KEYWORDS.has(tokens[k + 1]!.text)) {
      if (dotted === 'os.environ') return false;
      if (dotted !== undefined) dotted += `.${tokens[k + 1]!.text}`;
      k += 2;
      continue;
    }
    dotted = undefined;
    const close = isOp(tokens[k], '[') ? closingBracket(tokens, k, to) : -1;
    if (close === -1 || !isStaticTokens(tokens, k + 1, close)) return false;
    k = close + 1;
  }
  return true;
}

/** A call in a statement's tokens: its callee's last name, whether a dot comes before that name, and the dotted name that ends there. */
export interface TokenCall {
  name: string;
  method: boolean;
  dotted: string;
}

/**
 * The calls by name in a run of tokens (`f(`, `a.b.f(`). Statements are not told apart, so the dotted
 * name is read back over names and dots only: it may be longer than the callee, never shorter.
 */
export function callsIn(tokens: readonly Token[]): TokenCall[] {
  const calls: TokenCall[] = [];
  for (let k = 1; k < tokens.length; k++) {
    const before = tokens[k - 1]!;
    if (!isOp(tokens[k], '(') || before.type !== 'name' || KEYWORDS.has(before.text)) continue;
    const parts = [before.text];
    let j = k - 2;
    while (isOp(tokens[j], '.') && tokens[j - 1]?.type === 'name') {
      parts.unshift(tokens[j - 1]!.text);
      j -= 2;
    }
    calls.push({ name: before.text, method: isOp(tokens[k - 2], '.'), dotted: parts.join('.') });
  }
  return calls;
}

/**
 * The callee of every call in a run of tokens, as a dotted name of names only (`f`, `a.b.f`), or
 * undefined where it is anything else (`f()()`, `a[0].f()`, `"".join()`, a call right after
 * another statement's last operand): a superset of the calls the parser would find.
 */
export function calleesIn(tokens: readonly Token[]): (string | undefined)[] {
  const callees: (string | undefined)[] = [];
  for (let k = 1; k < tokens.length; k++) {
    if (isOp(tokens[k], '(') && endsOperand(tokens[k - 1])) callees.push(dottedNameBefore(tokens, 0, k));
  }
  return callees;
}

// Clauses that continue a compound statement at its own indentation.
const CLAUSES = new Set(['elif', 'else', 'except', 'finally']);

// Statements that clauses can continue.
const CLAUSE_OWNERS = new Set(['if', 'for', 'while', 'try']);

// Statements the analysis moves whatever they hold (classifyStatement).
const ALWAYS_MOVED = new Set(['for', 'while', 'with', 'del', 'assert', 'raise']);

// Calls whose statement may stay at module level: imports by call, and set-up before later imports.
const mayStayCall = (callee: string): boolean => IMPORT_CALL.test(callee) || IMPORT_SETUP_CALLS.has(callee);

// A name among the tokens that may be, or end, such a call.
const namesMayStayCall = (tokens: readonly Token[]): boolean => tokens.some((t) => t.type === 'name' && IMPORT_CALL.test(t.text));

/** One clause of a compound statement: its header, and the statements of its block (their first lines). */
interface Clause {
  header: Token[];
  children: { tokens: Token[]; hasBody: boolean }[];
}

// Words without which a block holds nothing hoisted (classifyStatement): no import, definition,
// decorator, nested block, set-up call or environment write.
const MAY_HOIST = new Set(['import', 'from', 'def', 'class', 'lambda', 'if', 'elif', 'try', 'environ']);

/** What the analysis makes of a compound statement (classifyStatement, classifyBlockStatement), from its clauses. */
function compoundShape(parts: Clause[], tokens: readonly Token[]): UnprovenShape {
  const first = parts[0]!.header[0]!;
  if (first.type !== 'name') return 'unknown';
  if (ALWAYS_MOVED.has(first.text)) return 'moves';
  const moves = (part: Clause): boolean =>
    part.children.some((child) => certainlyMoves(child.hasBody ? compoundShape([{ header: child.tokens, children: [] }], child.tokens) : simpleShape(child.tokens)));
  if (first.text === 'if') {
    // Any statement of a block that moves moves the block; so does a condition that calls
    // something, around a block with nothing hoisted.
    if (parts.some(moves)) return 'moves';
    const called = parts.some((p) => !isName(p.header[0], 'else') && !p.header.some((t) => isName(t, 'lambda')) && callsImpureFunction(p.header, 1, p.header.length - 1));
    const mayHoist = namesMayStayCall(tokens) || tokens.some((t) => (t.type === 'name' && MAY_HOIST.has(t.text)) || isOp(t, '@') || t.type === 'fstring');
    return called && !mayHoist ? 'moves' : 'unknown';
  }
  if (first.text === 'try') {
    // An import with a fallback stays whatever its handlers do.
    if (moves(parts[0]!)) return 'moves';
    const imports = parts[0]!.children.some((c) => namesMayStayCall(c.tokens) || c.tokens.some((t) => isName(t, 'import') || isName(t, 'from') || t.type === 'fstring'));
    return !imports && parts.slice(1).some(moves) ? 'moves' : 'unknown';
  }
  return 'unknown';
}

/** What the analysis makes of a simple statement (or a one-line compound), from its tokens. */
function simpleShape(tokens: Token[]): UnprovenShape {
  const first = tokens[0]!;
  if (tokens.some((t) => isName(t, 'lambda') || t.type === 'fstring')) return 'unknown';
  if (first.type === 'name' && KEYWORDS.has(first.text)) {
    if (ALWAYS_MOVED.has(first.text)) return 'moves';
    // `print(x)`, `print x`, `exec code`: a call or a Python 2 statement, moved either way.
    if ((first.text === 'print' || first.text === 'exec') && !tokens.some((t) => isOp(t, '='))) return 'moves';
    return 'unknown';
  }
  const equals: number[] = [];
  let augmented = -1;
  let annotation = -1;
  let depth = 0;
  for (const [k, t] of tokens.entries()) {
    if (t.type !== 'op') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
    else if (depth === 0 && t.text === '=') equals.push(k);
    else if (depth === 0 && AUGMENTED.has(t.text) && augmented === -1) augmented = k;
    else if (depth === 0 && t.text === ':' && annotation === -1) annotation = k;
  }
  const valueFrom = augmented !== -1 ? augmented + 1 : equals.length > 0 ? equals.at(-1)! + 1 : annotation !== -1 ? tokens.length : -1;
  if (valueFrom !== -1) {
    // An assignment: `type X = int` and other pairs of operands on the left are not targets.
    const targetsEnd = augmented !== -1 ? augmented : annotation !== -1 ? annotation : equals[0]!;
    if (!areTargets(tokens, 0, targetsEnd) || namesMayStayCall(tokens)) return 'unknown';
    return callsImpureFunction(tokens, valueFrom, tokens.length) ? 'assignment-moves' : 'assignment';
  }
  if (tokens.every((t) => t.type === 'string') || isOp(first, '...')) return 'unknown';
  // An expression statement moves, unless it is a call that imports or prepares imports.
  const call = tokens.findIndex((t, k) => isOp(t, '(') && k > 0);
  const callee = call === -1 ? undefined : dottedNameBefore(tokens, 0, call);
  if (callee === undefined ? namesMayStayCall(tokens) : mayStayCall(callee)) return 'unknown';
  return 'moves';
}

// Assignment targets: operands and the operators between them, never two operands in a row at the top.
function areTargets(tokens: Token[], from: number, to: number): boolean {
  if (from >= to) return false;
  let depth = 0;
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    if (t.type === 'name' && KEYWORDS.has(t.text)) return false;
    if (t.type === 'op') {
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
      continue;
    }
    if (depth === 0 && k > from && tokens[k - 1]!.type !== 'op') return false;
  }
  return depth === 0;
}

/** Whether tokens [from, to) call something other than a pure factory, outside any lambda: an expression the analysis calls dynamic. */
function callsImpureFunction(tokens: Token[], from: number, to: number): boolean {
  for (let k = from + 1; k < to; k++) {
    if (!isOp(tokens[k], '(') || !endsOperand(tokens[k - 1])) continue;
    const callee = dottedNameBefore(tokens, from, k);
    if (callee === undefined || !PURE_FACTORIES.has(callee)) return true;
  }
  return false;
}

/** What a block reader found among the statements of a block. */
interface Found {
  /** One of them is an import statement. */
  imports: boolean;
  /** One of them stays at module level on purpose, as classifyStatement's `hoisted`: an import, a definition, a block holding one. */
  hoisted: boolean;
}

const noneFound = (): Found => ({ imports: false, hoisted: false });

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
   * to stay. `found` says whether one of them imports something, and whether one is hoisted.
   */
  readBlock(indent: string, moduleLevel: boolean, found = noneFound()): boolean {
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

  /** Reads the statement at the reader's line; true when it is proven to stay. */
  readStatementAt(indent: string, moduleLevel: boolean): boolean {
    return this.readStatement(indent, moduleLevel, noneFound());
  }

  /**
   * Passes over the module-level statement that starts at logical line `from`, clauses and bodies
   * included, and tells what it can of it; undefined where even its extent is uncertain.
   */
  skipStatement(from: number): UnprovenStatement | undefined {
    const header = this.lines.at(from)!;
    const tokens = this.tokens(header);
    const first = tokens[0];
    if (!first || first.type === 'bad' || isOp(first, '@') || hasSemicolon(tokens)) return undefined;
    if (first.type === 'name' && CLAUSES.has(first.text)) return undefined;
    this.index = from + 1;
    let last = header;
    const parts: Clause[] = [{ header: tokens, children: [] }];
    for (;;) {
      const part = parts.at(-1)!;
      // A header ends in a colon and has a body, or it is a simple statement or one-line compound
      // with none: anything else is a syntax error the parser must report.
      const body = this.lines.at(this.index);
      if (this.isDeeper(body, '') !== isOp(part.header.at(-1), ':')) return undefined;
      while (this.isDeeper(this.lines.at(this.index), '')) {
        const line = this.lines.at(this.index++)!;
        // The statements of the clause's own block; deeper lines belong to them.
        if (line.indent === body!.indent) part.children.push({ tokens: this.tokens(line), hasBody: this.isDeeper(this.lines.at(this.index), line.indent) });
        last = line;
      }
      const next = this.lines.at(this.index);
      if (next?.indent !== '' || !isName(first) || !CLAUSE_OWNERS.has(first.text)) break;
      const clause = this.tokens(next);
      if (!isName(clause[0]) || !CLAUSES.has(clause[0]!.text)) break;
      parts.push({ header: clause, children: [] });
      last = next;
      this.index++;
    }
    const lineEnd = this.src.indexOf('\n', last.end);
    const end = lineEnd === -1 ? this.src.length : lineEnd;
    const all = this.index === from + 1 ? tokens : tokenize(this.src, header.start, last.end);
    if (all[0]?.type === 'bad') return undefined;
    const compound = parts.length > 1 || parts[0]!.children.length > 0;
    return { start: header.start, end, shape: compound ? compoundShape(parts, all) : simpleShape(tokens), tokens: all };
  }

  private readStatement(indent: string, moduleLevel: boolean, found: Found): boolean {
    const line = this.lines.at(this.index)!;
    if (line.indent.includes('\f')) return false;
    const tokens = this.tokens(line);
    const statement = readStatement(tokens, () => this.text(line));
    this.index++;
    switch (statement.kind) {
      case 'simple':
        if (statement.imports) found.imports = found.hoisted = true;
        return !this.hasBody(indent);
      case 'decorator': {
        const next = this.lines.at(this.index);
        if (!next || next.indent !== indent) return false;
        const decorated = readStatement(this.tokens(next), () => this.text(next));
        if (decorated.kind !== 'definition' && decorated.kind !== 'decorator') return false;
        found.hoisted = true;
        return !this.hasBody(indent);
      }
      case 'definition':
        // A definition stays whatever its body does; its body is not read.
        found.hoisted = true;
        return isOp(tokens.at(-1), ':') ? this.skipBody(indent) : !this.hasBody(indent);
      case 'if':
        if (statement.guard) {
          if (!moduleLevel || ++this.guards > 1) return false;
          this.guardLine = line;
          if (!this.skipBody(indent)) return false;
          // A guard's else runs on import: the analysis treats it apart.
          return !this.nextClauseIs(indent, ['elif', 'else']);
        }
        return this.readIfBlock(indent, statement.dynamic, found);
      case 'try': {
        const body = noneFound();
        if (!this.readBody(indent, body)) return false;
        // An import with a fallback stays whatever its handlers do; any other try stays only if all of it does.
        let clauses = 0;
        const handlers = noneFound();
        while (this.nextClauseIs(indent, ['except', 'else', 'finally'])) {
          this.index++;
          clauses++;
          if (!(body.imports ? this.skipBody(indent) : this.readBody(indent, handlers))) return false;
        }
        if (body.imports || body.hoisted || handlers.hoisted) found.hoisted = true;
        return clauses > 0;
      }
      default:
        return false;
    }
  }

  // The bodies of an `if` and its clauses. A called condition around constants only is script
  // logic; around definitions it is how a module picks its implementation, and the block is hoisted.
  private readIfBlock(indent: string, dynamicCondition: boolean, found: Found): boolean {
    const inner = noneFound();
    let dynamic = dynamicCondition;
    if (!this.readBody(indent, inner)) return false;
    for (let clause = this.nextClause(indent, ['elif', 'else']); clause; clause = this.nextClause(indent, ['elif', 'else'])) {
      if (clause.dynamic) dynamic = true;
      this.index++;
      if (!this.readBody(indent, inner)) return false;
    }
    if (dynamic && !inner.hoisted) return false;
    if (inner.hoisted || dynamic) found.hoisted = true;
    return true;
  }

  private nextClauseIs(indent: string, keywords: string[]): boolean {
    return this.nextClause(indent, keywords) !== undefined;
  }

  private nextClause(indent: string, keywords: string[]): Extract<Statement, { kind: 'clause' }> | undefined {
    const next = this.lines.at(this.index);
    if (!next || next.indent !== indent) return undefined;
    const statement = readStatement(this.tokens(next), () => this.text(next));
    return statement.kind === 'clause' && keywords.includes(statement.keyword) ? statement : undefined;
  }

  private text(line: LogicalLine): string {
    return this.src.slice(line.start, line.codeEnd);
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
  private readBody(indent: string, found = noneFound()): boolean {
    const next = this.lines.at(this.index);
    if (!this.isDeeper(next, indent)) return false;
    return this.readBlock(next!.indent, false, found);
  }
}
