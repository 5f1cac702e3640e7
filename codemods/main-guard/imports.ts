// The project index's view of one file: what it imports and which names of those modules it reads,
// from the text alone (no parse), cheap enough to run over every file of a tree. Over-reading is
// safe (a name counted as used stays at module level); missing a use is not, so anything the scan
// cannot follow counts as using every name.
import type { ModuleReference } from '../../src/codemod.js';

// An import statement's first line: `import a.b as c, d` or `from ..pkg import (x, y as z)`.
const IMPORT_START = /^[ \t]*(?:from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import\b|import\b)/gm;
// `importlib.import_module("a.b")`, `__import__("a")`, `import_module('.x', ...)` with a literal name.
const DYNAMIC_IMPORT = /\b(?:import_module|__import__)\(\s*(['"])(\.*)([\w.]+)\1/g;
const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** The references one file makes to modules and their names (see ModuleReference). */
export function indexImports(source: string): ModuleReference[] {
  if (!source.includes('import')) return [];
  const references: ModuleReference[] = [];
  // Local name → the dotted path it stands for, and whether it is a module bound by `import`.
  const bound = new Map<string, { level: number; path: string[]; module: boolean }>();
  const statements: [number, number][] = [];
  for (const match of source.matchAll(IMPORT_START)) {
    const start = match.index;
    const end = statementEnd(source, start + match[0].length);
    statements.push([start, end]);
    const rest = source.slice(start + match[0].length, end).replace(/\\\r?\n/g, ' ');
    if (match[2] !== undefined || match[1] !== undefined) {
      const level = match[1]?.length ?? 0;
      const from = match[2] ? match[2].split('.').filter(Boolean) : [];
      for (const item of splitNames(rest)) {
        if (item.name === '*') {
          references.push({ level, path: [...from, '*'] });
          continue;
        }
        // `from a import b.c` is not Python (a string that looks like an import, in a test).
        if (item.name.includes('.')) continue;
        references.push({ level, path: [...from, item.name] });
        bound.set(item.alias ?? item.name, { level, path: [...from, item.name], module: false });
      }
    } else {
      for (const item of splitNames(rest)) {
        const path = item.name.split('.');
        references.push({ level: 0, path });
        if (item.alias) bound.set(item.alias, { level: 0, path, module: true });
        else bound.set(path[0]!, { level: 0, path: [path[0]!], module: true });
      }
    }
  }
  for (const match of source.matchAll(DYNAMIC_IMPORT)) {
    references.push({ level: match[2]!.length, path: [...match[3]!.split('.').filter(Boolean), '*'] });
  }
  if (bound.size > 0) references.push(...attributeReads(source, bound, statements));
  return references;
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
 * one pass over the text for every bound name. A module name used bare (handed to `getattr`,
 * `vars` or any call) may have any of its names read.
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
  // One native substring search per bound name is far cheaper than one regex of all of them.
  for (const [name, target] of bound) {
    for (let at = source.indexOf(name); at !== -1; at = source.indexOf(name, at + name.length)) {
      const before = source.charCodeAt(at - 1);
      const after = source.charCodeAt(at + name.length);
      if (isWordCode(before) || before === DOT || isWordCode(after) || inImport(at)) continue;
      const chain = readChain(source, at + name.length);
      if (chain.length === 0 && !target.module) continue;
      const path = chain.length === 0 ? [...target.path, '*'] : [...target.path, ...chain];
      const key = `${target.level}:${path.join('.')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      references.push({ level: target.level, path });
    }
  }
  return references;
}

const DOT = 0x2e;
const isWordCode = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c > 0x7f;
const ATTRIBUTE = /[ \t]*\.[ \t]*([A-Za-z_]\w*)/y;

/** The attribute names that follow a name: `.b.c` in `a.b.c(...)`. */
function readChain(source: string, from: number): string[] {
  const chain: string[] = [];
  ATTRIBUTE.lastIndex = from;
  for (let match = ATTRIBUTE.exec(source); match; match = ATTRIBUTE.exec(source)) chain.push(match[1]!);
  return chain;
}
