// Every fixture under test/fixtures/main-guard/ against its hand-written expected output under
// snapshots/main-guard/: exact bytes, status, refusal reason and line, warnings, kept entries, idempotence.
import { describe, expect, it } from 'vitest';
import mainGuard from '../codemods/main-guard/index.js';
import type { CodemodOptions } from '../src/codemod.js';
import { type CodemodResult, runCodemod } from '../src/run/pipeline.js';
import { crlfTwins, decodeSource, FIXTURE_DIR, FIXTURE_PREFIXES, type FixtureCase, listPythonNames, loadFixtureCases, SNAPSHOT_DIR, showInvisibles } from './helpers/fixtures.js';
import { expectStatus, reasonOf } from './helpers/outcomes.js';

/** Refusals: the file stays byte-identical; `reason` (one line) must match, `reasonLine` must be this line. */
const REFUSALS: Record<string, { reason: RegExp; line: number }> = {
  // json.loads() would be hoisted above the print before it, but area's default needs it at definition time
  'refuse-definition-needs-hoisted-call': { reason: /line 4 must run after line 3.*line 7 needs settings/, line: 4 },
  // line 7 binds label again after moved code used it, so it moves too; but the class body on line 11 needs it when it is defined
  'refuse-bind-then-later-staying-def': { reason: /^line 7 binds label again, which line 3 uses before it, but line 11 needs label when it is defined/, line: 7 },
  // line = the star import itself, not the first line of the try block around it
  'refuse-star-import-in-moved-block': { reason: /import \*|star|wildcard/i, line: 4 },
  'refuse-assign-dunder-name': { reason: /__name__/, line: 4 },
  'refuse-locals-call': { reason: /locals/, line: 4 },
  'refuse-vars-no-args': { reason: /vars/, line: 4 },
  'refuse-dir-no-args': { reason: /dir/, line: 4 },
  'refuse-exec-single-arg': { reason: /exec/, line: 3 },
  'refuse-py2-exec-statement': { reason: /exec/, line: 3 },
  'refuse-annotated-moved-global': { reason: /\blimit\b/, line: 8 },
  // line = the global statement, not the first line of the if block around it
  'refuse-global-in-moved-block': { reason: /global/, line: 4 },
  // line = the guard's `if` line
  'refuse-guard-with-else': { reason: /else|elif/, line: 5 },
  // a guard above an import may prepare it (sys.modules): it must not move below it
  'refuse-guard-above-imports': { reason: /before the import on line 6/, line: 3 },
  // a backslash continuing the last line past the end of the file: Python 3.8+ rejects it, older ones do not
  'refuse-continuation-at-end-of-file': { reason: /line continuation/, line: 3 },
  // spaces then a tab start the statement's line: one more level of spaces could change its depth
  // (tabs on lines that continue a logical line are fine: text-mixed-tabs-on-continuation-lines)
  'refuse-mixed-tabs-first-line': { reason: /tabs and spaces mixed/, line: 6 },
  // an `if` testing __name__ with script code above and below: no single main() keeps its place
  'refuse-guard-like-between-script-code': { reason: /line 4 tests __name__ but is not a main guard/, line: 4 },
  // tree-sitter does not count a lone CR as a line break, Python does
  'refuse-old-mac-line-endings': { reason: /CR without LF/, line: 1 },
};

/** Cases that must warn: every warning matches one of the patterns and every pattern matches a warning. */
const WARNINGS: Record<string, RegExp[]> = {
  // a def that moves to keep its place becomes local to main()
  'order-rebinding-def-moves-too': [/\blabel\b/],
  'order-read-before-def-keeps-name-error': [/\bon_save\b/],
  // a def inside a moved block becomes local to main()
  'move-def-in-moved-block-warns': [/\bdescribe\b/],
  // one name defined in both branches of a moved if: one warning, not two
  'move-def-in-both-branches-warns-once': [/\bplatform_name\b/],
  'globals-class-in-moved-block-warns': [/\bWidget\b/],
  // a Pool worker reads a global that only main() binds: under spawn the worker will not see it
  'mp-warn-worker-reads-main-global': [/\bfactor\b/],
};

/** Notes the report must hold (others may be there too). */
const NOTES: Record<string, RegExp[]> = {
  'guard-like-left-after-guard': [/^line 9 tests __name__ but is not a main guard: left as it is, after the guard$/],
  // the order rule keeps line 12 after the print; spawned workers get it on import
  'mp-spawn-workers-get-import-safe-global': [/^line 12 also runs on import, behind if __name__ != "__main__": report_path .*reads reports/],
  // the def that binds label again keeps its place after the code that used the first label
  'order-rebinding-def-moves-too': [/^line 7 moves too: it binds label again, which line 3 uses before it$/],
  // the dict reads on_save before the def binds it: a NameError, after the print as before
  'order-read-before-def-keeps-name-error': [/^line 2 moves too: it must run after line 1/, /^line 5 moves too: it binds on_save again, which line 2 uses before it$/],
  // the if block that needed ready moves after line 6: what was kept for it moves too
  'order-needer-moves-releases-its-keeps': [/^line 11 moves too: it must run after line 6, which changes running$/],
};

/** Cases where main() declares every name it binds global: the report names the line that reads the module's namespace. */
const ALL_GLOBAL: Record<string, RegExp> = {
  'globals-all-via-eval': /because line 2 .*\(eval\(\) without a globals argument\)/,
  'globals-all-via-globals-call': /because line 2 .*\(globals\(\)\)/,
  // vars() of the module object, taken from sys.modules
  'globals-all-via-vars-module': /because line 5 .*\(sys\.modules\[__name__\]\)/,
  'globals-del-parenthesized': /because line 7 .*\(globals\(\)\)/,
};

/** A `kept` entry must name who needs the statement: the definition's name or one of its lines. */
function neededBy(names: string[], lines: number[]): RegExp {
  return new RegExp(`\\b(${names.join('|')})\\b|\\bline (${lines.join('|')})\\b`);
}

/** Closure cases: a `kept` entry on each line, whose message names who needs it; an empty list: no `kept` entry at all. */
const KEPT: Record<string, Array<{ line: number; by: RegExp }>> = {
  // line 11 needed ready (and so lines 3-5) until the order rule moved it: nothing is kept for it
  'order-needer-moves-releases-its-keeps': [],
  // both decorated defs (lines 15-16 and 20-21) need app: naming either is right
  'closure-decorator': [{ line: 12, by: neededBy(['index', 'about'], [15, 16, 20, 21]) }],
  'closure-default-argument': [{ line: 3, by: neededBy(['pad'], [6]) }],
  // the print between reads settings without changing it: it moves, and only line 3 is kept
  'closure-reader-between-moves': [{ line: 3, by: neededBy(['area'], [7]) }],
  'closure-annotation': [{ line: 3, by: neededBy(['parse'], [6]) }],
  'closure-base-class': [{ line: 10, by: neededBy(['Square'], [13]) }],
  'closure-class-body': [{ line: 1, by: neededBy(['Server'], [4, 5]) }],
  // fib (decorated on line 8) needs memo, memo needs limit, limit needs cache_size: each kept line is reported
  'closure-transitive': [
    { line: 5, by: neededBy(['fib'], [8, 9]) },
    { line: 4, by: neededBy(['memo'], [5]) },
    { line: 3, by: neededBy(['limit'], [4]) },
  ],
};

/** Options per case: `freeze-*` cases run with `--freeze-support`. */
function optionsFor(name: string): CodemodOptions {
  return name.startsWith('freeze-') ? { freezeSupport: true } : {};
}

/** The text the codemod leaves: its output when changed, else the source untouched. */
function resultText(result: CodemodResult, source: string): string {
  return result.status === 'changed' ? (result.output ?? '') : source;
}

function transform(fixture: FixtureCase): { source: string; result: CodemodResult } {
  const source = decodeSource(fixture.input);
  const result = runCodemod(mainGuard, { path: fixture.relativePath, source }, optionsFor(fixture.twinOf ?? fixture.name));
  return { source, result };
}

const cases = loadFixtureCases();
const twins = crlfTwins(cases);

describe('main-guard fixture corpus', () => {
  it('has at least 64 cases, each with an expected output and a known prefix', () => {
    expect(cases.length).toBeGreaterThanOrEqual(64);
    expect(listPythonNames(SNAPSHOT_DIR)).toEqual(listPythonNames(FIXTURE_DIR));
    const prefix = new RegExp(`^(${FIXTURE_PREFIXES.join('|')})-[a-z0-9]+(-[a-z0-9]+)*$`);
    for (const { name } of cases) expect(name).toMatch(prefix);
  });

  it('has a CRLF twin of every LF fixture with a comment, among them comments that end a block', () => {
    expect(twins.map((twin) => twin.twinOf)).toEqual(expect.arrayContaining(['text-comment-ends-block', 'guard-body-ends-in-comment', 'guard-merge-keeps-comments']));
    for (const twin of twins) expect(twin.input.toString('latin1')).not.toMatch(/(?<!\r)\n/);
  });

  it('names only existing cases in its tables', () => {
    const names = new Set(cases.map((fixture) => fixture.name));
    for (const name of [...Object.keys(REFUSALS), ...Object.keys(WARNINGS), ...Object.keys(KEPT), ...Object.keys(ALL_GLOBAL), ...Object.keys(NOTES)]) {
      expect(names, name).toContain(name);
    }
  });

  it('expects refusals and no-ops to be byte-identical and every other case to change', () => {
    for (const fixture of cases) {
      const identical = fixture.name in REFUSALS || fixture.name.startsWith('noop-');
      expect(fixture.changes, fixture.name).toBe(!identical);
    }
  });
});

describe.each([...cases, ...twins].map((fixture) => [fixture.name, fixture] as const))('%s', (name, fixture) => {
  // A CRLF twin must do what its LF fixture does, in CRLF.
  const base = fixture.twinOf ?? name;
  const refusal = REFUSALS[base];
  const warnings = WARNINGS[base] ?? [];

  it('produces the expected file byte for byte', async () => {
    const { source, result } = transform(fixture);
    expect(result.status, reasonOf(result)).not.toBe('failed');
    const actual = resultText(result, source);
    if (!fixture.twinOf) await expect(actual).toMatchFileSnapshot(fixture.expectedPath);
    // toMatchFileSnapshot forgives a CRLF snapshot matched by LF text: compare exact text too.
    expect(showInvisibles(actual)).toBe(showInvisibles(decodeSource(fixture.expected)));
  });

  if (refusal) {
    it(`refuses with a reason on line ${refusal.line}`, () => {
      const { result } = transform(fixture);
      expectStatus(result, 'skipped');
      expect(result.skipKind).toBe('refused');
      expect(result.reason).toMatch(refusal.reason);
      expect(result.reason).not.toMatch(/\n/);
      expect(result.reasonLine).toBe(refusal.line);
    });
  } else if (fixture.changes) {
    it('is rewritten, and a second run changes nothing', () => {
      const { result } = transform(fixture);
      expectStatus(result, 'changed');
      const again = runCodemod(mainGuard, { path: fixture.relativePath, source: result.output }, optionsFor(base));
      expectStatus(again, 'unchanged');
    });
  } else {
    it('is left unchanged', () => {
      const { result } = transform(fixture);
      if (base === 'noop-skip-file' && result.status === 'skipped') {
        // an explicit opt-out may also be reported as out of scope, never as a refusal
        expect(result.skipKind).toBe('ignored');
        return;
      }
      expectStatus(result, 'unchanged');
    });
  }

  it(warnings.length > 0 ? 'warns as listed' : 'gives no warning', () => {
    const { result } = transform(fixture);
    const messages = result.entries.filter((entry) => entry.kind === 'warning').map((entry) => entry.message);
    expect(messages, 'the same warning twice').toEqual([...new Set(messages)]);
    for (const pattern of warnings) {
      expect(
        messages.some((message) => pattern.test(message)),
        `no warning matches ${pattern}: ${JSON.stringify(messages)}`,
      ).toBe(true);
    }
    for (const message of messages) {
      expect(
        warnings.some((pattern) => pattern.test(message)),
        `unexpected warning: ${message}`,
      ).toBe(true);
    }
  });

  it(ALL_GLOBAL[base] ? 'declares every moved name global, and says why' : 'declares global only the names used outside main()', () => {
    const { result } = transform(fixture);
    const entry = result.entries.find((candidate) => candidate.kind === 'global')?.message;
    const reason = ALL_GLOBAL[base];
    if (reason) expect(entry).toMatch(reason);
    else expect(entry ?? '').not.toMatch(/every name/);
  });

  const notes = NOTES[base];
  if (notes) {
    it('notes as listed', () => {
      const { result } = transform(fixture);
      const messages = result.entries.filter((entry) => entry.kind === 'note').map((entry) => entry.message);
      for (const pattern of notes)
        expect(
          messages.some((message) => pattern.test(message)),
          `no note matches ${pattern}: ${JSON.stringify(messages)}`,
        ).toBe(true);
    });
  }

  const kept = KEPT[base];
  if (kept) {
    it(kept.length > 0 ? 'reports each statement kept for a definition' : 'reports no statement kept for a definition', () => {
      const { result } = transform(fixture);
      const entries = result.entries.filter((entry) => entry.kind === 'kept');
      if (kept.length === 0) expect(entries).toEqual([]);
      for (const { line, by } of kept) {
        const entry = entries.find((candidate) => candidate.line === line);
        expect(entry, `no kept entry on line ${line}: ${JSON.stringify(entries)}`).toBeDefined();
        expect(entry?.message).toMatch(by);
      }
    });
  }
});
