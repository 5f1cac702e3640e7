import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where the fixture inputs of the main-guard codemod live. */
export const FIXTURE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'main-guard');
/** Where the hand-written expected outputs live, one per fixture, same file name. */
export const SNAPSHOT_DIR = join(REPO_ROOT, 'snapshots', 'main-guard');

/** The areas a fixture name starts with; the prefix says what the case is about. */
export const FIXTURE_PREFIXES = ['move', 'script', 'keep', 'closure', 'globals', 'guard', 'entry', 'refuse', 'noop', 'order', 'text', 'mp', 'py2', 'freeze'] as const;

/** One fixture: its input and its expected output, as exact bytes. */
export interface FixtureCase {
  /** File name without `.py`, e.g. `move-basic-calls`. */
  name: string;
  /** Absolute path of the input under test/fixtures/main-guard/. */
  inputPath: string;
  /** Absolute path of the expected output under snapshots/main-guard/. */
  expectedPath: string;
  /** Path relative to the repository root, as a user would pass it to the tool. */
  relativePath: string;
  input: Buffer;
  expected: Buffer;
  /** Whether the expected output differs from the input (a rewrite is expected). */
  changes: boolean;
  /** For a generated twin (see `crlfTwins`): the fixture it was made from, whose tables it shares. */
  twinOf?: string;
}

/** Names (without `.py`) of the `.py` files in a folder, sorted. */
export function listPythonNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.py'))
    .map((file) => file.slice(0, -'.py'.length))
    .sort();
}

/** Reads every fixture that has both an input and an expected file. */
export function loadFixtureCases(): FixtureCase[] {
  return listPythonNames(FIXTURE_DIR).map((name) => {
    const inputPath = join(FIXTURE_DIR, `${name}.py`);
    const expectedPath = join(SNAPSHOT_DIR, `${name}.py`);
    const input = readFileSync(inputPath);
    const expected = readFileSync(expectedPath);
    return {
      name,
      inputPath,
      expectedPath,
      relativePath: relative(REPO_ROOT, inputPath),
      input,
      expected,
      changes: !input.equals(expected),
    };
  });
}

/**
 * CRLF twins of the LF fixtures that hold a comment: input and expected output with every LF made
 * CRLF. Python reads a CRLF file as the LF one, so the rewrite must be the LF rewrite in CRLF; comments
 * are where tree-sitter's tokens carry the CR (a comment token runs up to the LF).
 */
export function crlfTwins(cases: FixtureCase[]): FixtureCase[] {
  const crlf = (bytes: Buffer): Buffer => Buffer.from(bytes.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
  return cases
    .filter((fixture) => !fixture.input.includes('\r') && fixture.input.includes('#'))
    .map((fixture) => {
      const input = crlf(fixture.input);
      const expected = crlf(fixture.expected);
      return { ...fixture, name: `${fixture.name}-crlf`, input, expected, changes: !input.equals(expected), twinOf: fixture.name };
    });
}

/** Decodes UTF-8 exactly as the tool must see it: a BOM stays as U+FEFF, invalid bytes throw. */
export function decodeSource(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

/** Whether a fixture is Python 2 code (run with python2.7): `py2-*` and `*-py2-*` names. */
export function isPython2Case(name: string): boolean {
  return /(^|-)py2-/.test(name);
}

/** Makes CR, BOM, tabs and a missing final newline visible, so a failed comparison shows them. */
export function showInvisibles(text: string): string {
  const shown = text
    .replace(/\uFEFF/g, '<BOM>')
    .replace(/\r/g, '<CR>')
    .replace(/\t/g, '<TAB>');
  return text.endsWith('\n') || text === '' ? shown : `${shown}<NO FINAL NEWLINE>`;
}
