// The project index's view of one file: what it imports and which names of those modules it reads,
// from the text alone (no parse), cheap enough to run over every file of a tree. Over-reading is
// safe (a name counted as used stays at module level); missing a use is not, so anything the scan
// cannot follow counts as using every name.
import { DEFERRED_READS, type IndexContext, type ModuleReference } from '../../src/codemod.js';

// What may stand between the start of a line and `import`: nothing but blanks, or `from ..pkg `.
const IMPORT_PREFIX = /^[ \t]*(?:from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+)?$/;
// `importlib.import_module("a.b")`, `__import__("a")`, `import_module('.x', ...)` with a literal name.
const DYNAMIC_IMPORT = /(?:import_module|__import__)\(\s*(['"])(\.*)([\w.]+)\1/y;
const IDENTIFIER = /^[A-Za-z_]\w*$/;

// Without a tree (a test of the scan alone), every name may be a module of it.
const EVERY_NAME: IndexContext = { inTree: () => true };

/**
 * The references one file makes to modules and their names (see ModuleReference). Only those
 * that can name a module of `tree` are kept: an absolute one whose first name is none of its
 * modules resolves to nothing, and so do the attribute reads of a name bound to one.
 */
export function indexImports(source: string, tree: IndexContext = EVERY_NAME): ModuleReference[] {
  if (!source.includes('import')) return [];
  const references: ModuleReference[] = [];
  // A relative reference resolves against its package whatever it names; an absolute one only from a module of the tree.
  const mayResolve = (level: number, first: string | undefined): boolean => level > 0 || (first !== undefined && tree.inTree(first));
  // Local name → the dotted path it stands for, and whether it is a module bound by `import`.
  const bound = new Map<string, { level: number; path: string[]; module: boolean }>();
  const statements: [number, number][] = [];
  const dynamic: RegExpExecArray[] = [];
  for (const match of importStatements(source, dynamic)) {
    const { start, end: headEnd } = match;
    const end = statementEnd(source, headEnd);
    statements.push([start, end]);
    const rest = source.slice(headEnd, end).replace(/\\\r?\n/g, ' ');
    if (match[2] !== undefined || match[1] !== undefined) {
      const level = match[1]?.length ?? 0;
      const from = match[2] ? match[2].split('.').filter(Boolean) : [];
      // A name bound by an import that cannot resolve still hides the one bound before it.
      const resolves = mayResolve(level, from[0]);
      for (const item of splitNames(rest)) {
        if (item.name === '*') {
          if (resolves) references.push({ level, path: [...from, '*'] });
          continue;
        }
        // `from a import b.c` is not Python (a string that looks like an import, in a test).
        if (item.name.includes('.')) continue;
        if (resolves) references.push({ level, path: [...from, item.name] });
        bound.set(item.alias ?? item.name, { level, path: [...from, item.name], module: false });
      }
    } else {
      for (const item of splitNames(rest)) {
        const path = item.name.split('.');
        if (mayResolve(0, path[0])) references.push({ level: 0, path });
        if (item.alias) bound.set(item.alias, { level: 0, path, module: true });
        else bound.set(path[0]!, { level: 0, path: [path[0]!], module: true });
      }
    }
  }
  for (const match of dynamic) {
    const level = match[2]!.length;
    const path = [...match[3]!.split('.').filter(Boolean), '*'];
    if (mayResolve(level, path[0])) references.push({ level, path });
  }
  // What a bound name's attributes read is a module of the tree only if that name is one: the
  // reads of any other (`from os import path`, `from typing import Any`) resolve where the import
  // itself does, and that reference is made already.
  for (const [name, { level, path }] of bound) if (!mayResolve(level, path[0]) || !tree.inTree(path[path.length - 1]!)) bound.delete(name);
  const wanted = tree.readsThrough;
  if (wanted) {
    for (const [name, { level, path }] of bound) if (!wanted.has(`${level}:${path.join('.')}`)) bound.delete(name);
  } else if (tree.deferReads) {
    // Deferred, the reads through a name bound to a module are one reference `a.b.?`; a package's
    // (a folder's) are looked for now, as they may reach modules of their own (`a.sub.x`).
    for (const [name, { level, path }] of bound) {
      if (tree.hasFolder?.(path[path.length - 1]!) !== false) continue;
      references.push({ level, path: [...path, DEFERRED_READS] });
      bound.delete(name);
    }
  }
  if (bound.size > 0) references.push(...attributeReads(source, bound, statements));
  return references;
}

/**
 * Every import statement that starts a line, with its head (`import` or `from X import`) matched:
 * found from the occurrences of `import`, whose line is then read backwards, which is far cheaper
 * than trying a pattern at every line start. `match[1]` and `match[2]` are a `from`'s dots and
 * module (undefined for `import`). The occurrences that are `import_module("...")` or
 * `__import__("...")` of a literal name are added to `dynamic` on the way.
 */
function* importStatements(source: string, dynamic: RegExpExecArray[]): Generator<RegExpExecArray & { start: number; end: number }> {
  for (let at = source.indexOf('import'); at !== -1; at = source.indexOf('import', at + 6)) {
    if (isWordCode(source.charCodeAt(at + 6))) {
      const match = dynamicImportAt(source, at);
      if (match) dynamic.push(match);
      continue;
    }
    // A line start (any line terminator, as `^` in a multiline pattern), then only what a head may hold.
    let start = at;
    while (start > 0 && isHeadCode(source.charCodeAt(start - 1))) start--;
    if (start > 0 && !isLineEndCode(source.charCodeAt(start - 1))) continue;
    const head = IMPORT_PREFIX.exec(source.slice(start, at));
    if (head) yield Object.assign(head, { start, end: at + 6 });
  }
}

/** The `import_module("...")` or `__import__("...")` of a literal name whose `import` stands at `at`, if it is one. */
function dynamicImportAt(source: string, at: number): RegExpExecArray | null {
  const start = source.startsWith('_module(', at + 6) ? at : source.startsWith('__(', at + 6) && source.startsWith('__', at - 2) ? at - 2 : -1;
  if (start === -1 || isAsciiWordCode(source.charCodeAt(start - 1))) return null;
  DYNAMIC_IMPORT.lastIndex = start;
  return DYNAMIC_IMPORT.exec(source);
}

/** Where an import statement that starts a line ends: its line, or its brackets and backslash continuations. */
function statementEnd(source: string, from: number): number {
  let depth = 0;
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === '#' && depth === 0) {
      const nl = source.indexOf('\n', i);
      return nl === -1 ? source.length : nl;
    } else if (c === ';' && depth === 0) return i;
    else if (c === '\n') {
      const continued = source[i - 1] === '\\' || (source[i - 1] === '\r' && source[i - 2] === '\\');
      if (depth === 0 && !continued) return i;
    }
  }
  return source.length;
}

function splitNames(text: string): { name: string; alias?: string }[] {
  const items: { name: string; alias?: string }[] = [];
  for (const part of text
    .replace(/#[^\n]*/g, '')
    .replace(/[()]/g, ' ')
    .split(',')) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    const name = words[0]!;
    if (name !== '*' && !name.split('.').every((w) => IDENTIFIER.test(w))) continue;
    const alias = words[1] === 'as' && words[2] && IDENTIFIER.test(words[2]) ? words[2] : undefined;
    items.push({ name, alias });
  }
  return items;
}

/**
 * `cfg.DEBUG` after `import cfg`, `a.b.x` after `import a.b`, `mod.f` after `from pkg import mod`:
 * one pass of a pattern of every bound name over the text. A module name used bare (handed to
 * `getattr`, `vars` or any call) may have any of its names read.
 */
function attributeReads(source: string, bound: Map<string, { level: number; path: string[]; module: boolean }>, statements: [number, number][]): ModuleReference[] {
  const seen = new Set<string>();
  const references: ModuleReference[] = [];
  const inImport = (at: number): boolean => {
    let lo = 0;
    let hi = statements.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [from, to] = statements[mid]!;
      if (at < from) hi = mid - 1;
      else if (at > to) lo = mid + 1;
      else return true;
    }
    return false;
  };
  const words = boundNamesPattern([...bound.keys()]);
  let longest = 0;
  for (const name of bound.keys()) longest = Math.max(longest, name.length);
  // Where each bound name ends, wherever it stands outside an import. `test` only moves the
  // pattern's end: no match is built for the million candidates of a large tree. A candidate is a
  // use when the whole word it ends is a bound name (the pattern also finds `os` inside `pos`).
  const uses = new Map<string, number[]>();
  words.lastIndex = 0;
  while (words.test(source)) {
    const end = words.lastIndex;
    let start = end;
    while (start > 0 && isWordCode(source.charCodeAt(start - 1))) start--;
    if (end - start > longest || source.charCodeAt(start - 1) === DOT || inImport(start)) continue;
    const name = source.slice(start, end);
    if (!bound.has(name)) continue;
    const ends = uses.get(name);
    if (ends) ends.push(end);
    else uses.set(name, [end]);
  }
  for (const [name, target] of bound) {
    const prefix = `${target.level}:${target.path.join('.')}`;
    for (const after of uses.get(name) ?? []) {
      // The chain as written, blanks dropped: `.b.c` in `a.b.c(...)`. Most uses repeat one
      // (`os.path.join`), so its key is checked before anything else is built.
      const end = chainEnd(source, after);
      if (end === after && !target.module) continue;
      const written = source.slice(after, end);
      const chain = written.includes(' ') || written.includes('\t') ? written.replace(/[ \t]/g, '') : written;
      const key = chain === '' ? `${prefix}.*` : prefix + chain;
      if (seen.has(key)) continue;
      seen.add(key);
      references.push({ level: target.level, path: [...target.path, ...(chain === '' ? ['*'] : chain.slice(1).split('.'))] });
    }
  }
  return references;
}

// The patterns of the sets of bound names met lately: the files of one folder import much the
// same, and each pattern is compiled once for them.
const patterns = new Map<string, RegExp>();

/** One pattern of every name in `names`, as a word of its own: a substring search per name would find short names (`re`, `os`) inside every longer word. */
function boundNamesPattern(names: string[]): RegExp {
  const alternatives = names.join('|');
  let pattern = patterns.get(alternatives);
  if (!pattern) {
    if (patterns.size >= 256) patterns.clear();
    patterns.set(alternatives, (pattern = new RegExp(`(?:${alternatives})(?![\\w\\u0080-\\uffff])`, 'g')));
  }
  return pattern;
}

/** Where the attribute names that follow a name at `at` end: after `.b.c` in `a.b.c(...)`, blanks around the dots allowed. */
function chainEnd(source: string, at: number): number {
  let end = at;
  for (;;) {
    let i = end;
    while (isBlankCode(source.charCodeAt(i))) i++;
    if (source.charCodeAt(i) !== DOT) return end;
    i++;
    while (isBlankCode(source.charCodeAt(i))) i++;
    if (!isNameStartCode(source.charCodeAt(i))) return end;
    i++;
    while (isAsciiWordCode(source.charCodeAt(i))) i++;
    end = i;
  }
}

const DOT = 0x2e;
// `\w` of a pattern without the `u` flag: ASCII letters, digits and `_`.
const isAsciiWordCode = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
// A code unit of a Python name: `\w`, or any beyond ASCII.
const isWordCode = (c: number): boolean => isAsciiWordCode(c) || c > 0x7f;
// What an import's head holds before `import`: `\w`, dots and blanks.
const isHeadCode = (c: number): boolean => isAsciiWordCode(c) || c === DOT || c === 0x20 || c === 0x09;
// What `^` takes for a line start in a multiline pattern: \n, \r, U+2028 and U+2029.
const isLineEndCode = (c: number): boolean => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
const isBlankCode = (c: number): boolean => c === 0x20 || c === 0x09;
// Where an attribute name that `chainEnd` follows may start: an ASCII letter or `_`.
const isNameStartCode = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
