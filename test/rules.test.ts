import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import mainGuard from '../codemods/main-guard/index.js';
import { RULES, type RuleCode } from '../codemods/main-guard/rules.js';
import { UsageError } from '../src/errors.js';
import { renderExplanation as render } from '../src/report/explain.js';
import { runCodemod } from '../src/run/pipeline.js';
import { expectStatus, reasonOf } from './helpers/outcomes.js';
import { MG_RULES } from './helpers/rules.js';

const findRule = (code: string) => MG_RULES.find(code);
const renderExplanation = (code: string, color: boolean) => render(code, MG_RULES, color);

// The rules about a file's statements; MG000 (a file that does not parse) is tested on its own.
const CODES = ['MG001', 'MG002', 'MG003', 'MG004'] as const satisfies readonly RuleCode[];

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe('RULES', () => {
  it('has exactly the five documented codes, each keyed by its own code', () => {
    expect(Object.keys(RULES).sort()).toEqual(['MG000', ...CODES]);
    for (const code of ['MG000', ...CODES] as const) expect(RULES[code].code).toBe(code);
  });

  it('MG000 reports the files that do not decode or parse, and only it does', () => {
    expect(
      Object.values(RULES)
        .filter((rule) => rule.sourceErrors)
        .map((rule) => rule.code),
    ).toEqual(['MG000']);
    expect({ name: RULES.MG000.name, severity: RULES.MG000.severity, paragraphs: RULES.MG000.explanation.split('\n\n').length }).toEqual({
      name: 'could-not-parse',
      severity: 'error',
      paragraphs: 3,
    });
    expect(RULES.MG000.explanation).toContain('ignore = ["MG000"]');
  });

  it('has distinct kebab-case names', () => {
    const names = CODES.map((c) => RULES[c].name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
    expect(RULES.MG001.name).toBe('unguarded-script-code');
    expect(RULES.MG002.name).toBe('process-start-at-import');
  });

  it('has one-line summaries and multi-paragraph explanations', () => {
    for (const code of CODES) {
      const rule = RULES[code];
      expect(rule.summary).not.toContain('\n');
      expect(rule.summary).not.toMatch(/\.$/);
      expect(rule.explanation.split('\n\n').length).toBeGreaterThanOrEqual(3);
      expect(rule.explanation).not.toMatch(/\n\n\n|^\s|\s$/);
    }
  });

  it('tells how to suppress each rule', () => {
    for (const code of CODES) {
      const text = RULES[code].explanation;
      // No comment keeps two guards apart: MG004 offers skip-file and ignore only.
      if (code !== 'MG004') expect(text).toContain('# mainguard: keep');
      expect(text).toContain('# mainguard: skip-file');
      expect(text).toContain(`ignore = ["${code}"]`);
      expect(text).toContain('[tool.mainguard]');
    }
  });

  it('explains spawn, forkserver and the bootstrapping RuntimeError for MG002', () => {
    const text = RULES.MG002.explanation;
    expect(text).toContain('spawn');
    expect(text).toContain('forkserver');
    expect(text).toContain('Windows');
    expect(text).toContain('macOS');
    expect(text).toContain('Python 3.14');
    expect(text).toContain('An attempt has been made to start a new process before the current process has finished its bootstrapping phase');
  });

  it('says MG003 is reported, not rewritten, and MG004 is merged', () => {
    expect(RULES.MG003.explanation).toMatch(/does not rewrite/);
    expect(RULES.MG004.explanation).toMatch(/merges the guards into one/);
  });

  it('has before/after examples that end with a newline and no trailing spaces', () => {
    for (const code of CODES) {
      for (const example of [RULES[code].before, RULES[code].after]) {
        expect(example).toMatch(/[^\n]\n$/);
        expect(example).not.toMatch(/[ \t]$/m);
        expect(example).not.toMatch(/^ {1,3}\S/m);
      }
      expect(RULES[code].before).not.toBe(RULES[code].after);
    }
  });

  it('shows a single module-level guard in every "after" example', () => {
    for (const code of CODES) {
      expect(RULES[code].after.match(/^if __name__ == "__main__":$/gm)).toHaveLength(1);
    }
    expect(RULES.MG001.before).not.toContain('__main__');
    expect(RULES.MG002.before).not.toContain('__main__');
    expect(RULES.MG003.before).toMatch(/^ {4}if __name__ == "__main__":$/m);
    expect(RULES.MG004.before.match(/^if __name__ == "__main__":$/gm)).toHaveLength(2);
  });
});

describe('the examples are what the codemod does', () => {
  const fix = (source: string) => runCodemod(mainGuard, { path: 'example.py', source });

  it.each(CODES)('%s: Before has the finding; After has none and nothing to rewrite', (code) => {
    expect(fix(RULES[code].before).findings.map((finding) => finding.code)).toContain(code);
    const after = fix(RULES[code].after);
    expect({ status: after.status, findings: after.findings, reason: reasonOf(after) }).toEqual({ status: 'unchanged', findings: [], reason: '' });
  });

  it.each(['MG001', 'MG002', 'MG004'] as const)('%s: fix turns Before into After, byte for byte', (code) => {
    const result = fix(RULES[code].before);
    expectStatus(result, 'changed');
    expect(result.output).toBe(RULES[code].after);
  });

  it('MG003: fix leaves Before as it is, as the explanation says (After is the fix by hand)', () => {
    expect(fix(RULES.MG003.before).status).toBe('unchanged');
    expect(RULES.MG003.explanation).toMatch(/`mainguard fix` does not rewrite it/);
  });
});

describe.runIf(hasPython)('examples are valid Python (python3 ast.parse)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mainguard-rules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const code of CODES) {
    for (const side of ['before', 'after'] as const) {
      it(`${code} ${side}`, () => {
        const file = join(dir, `${code}-${side}.py`);
        writeFileSync(file, RULES[code][side]);
        const result = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])', file], { encoding: 'utf8' });
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
      });
    }
  }

  it('MG002 "before" fails under the spawn start method with the bootstrapping RuntimeError', () => {
    const file = join(dir, 'mg002_before_run.py');
    writeFileSync(file, `import multiprocessing\nmultiprocessing.set_start_method("spawn", force=True)\n${RULES.MG002.before}`);
    const result = spawnSync('python3', [file], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('has finished its bootstrapping phase');
    expect(result.stderr).toContain('BrokenProcessPool');
  });

  it('MG002 "after" runs under the spawn start method and prints the result', () => {
    const file = join(dir, 'mg002_after_run.py');
    writeFileSync(file, RULES.MG002.after.replace('if __name__ == "__main__":\n', 'if __name__ == "__main__":\n    import multiprocessing\n    multiprocessing.set_start_method("spawn")\n'));
    const out = execFileSync('python3', [file], { encoding: 'utf8', timeout: 60_000 });
    expect(out).toBe(`${Array.from({ length: 1000 }, (_, i) => i * i).reduce((a, b) => a + b)}\n`);
  });
});

describe("the rule book: main-guard's rules by code", () => {
  it('finds a rule by its code in any case, with surrounding spaces', () => {
    expect(findRule('MG002')).toBe(RULES.MG002);
    expect(findRule('mg002')).toBe(RULES.MG002);
    expect(findRule(' Mg004 ')).toBe(RULES.MG004);
  });

  it('grades MG002 an error and the other rules warnings, as the codemod declares', () => {
    expect(CODES.map((code) => MG_RULES.severity(code))).toEqual(['warning', 'error', 'warning', 'warning']);
    expect(MG_RULES.severity('XX1')).toBe('warning');
  });

  it('returns undefined for unknown codes and prototype keys', () => {
    expect(findRule('MG999')).toBeUndefined();
    expect(findRule('')).toBeUndefined();
    expect(findRule('constructor')).toBeUndefined();
    expect(findRule('__proto__')).toBeUndefined();
  });
});

describe('renderExplanation', () => {
  it('starts with the title line, then the explanation', () => {
    const text = renderExplanation('MG002', false);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`MG002 (process-start-at-import): ${RULES.MG002.summary}`);
    expect(lines[1]).toBe('');
    expect(lines[2]).toMatch(/^Under the "spawn" and "forkserver" start methods/);
  });

  it('accepts lower-case codes', () => {
    expect(renderExplanation('mg001', false)).toBe(renderExplanation('MG001', false));
  });

  it('wraps the explanation at 88 columns without splitting code spans', () => {
    for (const code of CODES) {
      const text = renderExplanation(code, false);
      const prose = text.slice(text.indexOf('\n') + 1, text.indexOf('\nBefore:\n'));
      for (const line of prose.split('\n')) {
        expect(line.length).toBeLessThanOrEqual(88);
        expect((line.match(/`/g) ?? []).length % 2).toBe(0);
      }
    }
    expect(renderExplanation('MG002', false)).toContain('`if __name__ == "__main__":`');
  });

  it('shows Before: and After: blocks indented four spaces, empty lines left empty', () => {
    const text = renderExplanation('MG002', false);
    const indent = (code: string) =>
      code
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => (l ? `    ${l}` : ''))
        .join('\n');
    expect(text).toContain(`\nBefore:\n\n${indent(RULES.MG002.before)}\n\nAfter:\n\n`);
    expect(text.endsWith(`\nAfter:\n\n${indent(RULES.MG002.after)}\n`)).toBe(true);
    expect(text).not.toMatch(/[ \t]$/m);
    expect(text).toContain('\n        with ProcessPoolExecutor() as pool:\n');
  });

  it('has no escape codes without color, and bold/cyan ones with color', () => {
    expect(renderExplanation('MG003', false)).not.toContain('\x1b[');
    const colored = renderExplanation('MG003', true);
    expect(colored.split('\n')[0]).toBe(`\x1b[1mMG003\x1b[22m (\x1b[36mnested-main-guard\x1b[39m): ${RULES.MG003.summary}`);
    expect(colored).toContain('\x1b[1mBefore:\x1b[22m');
    expect(colored.replace(/\x1b\[\d+m/g, '')).toBe(renderExplanation('MG003', false));
  });

  it('throws a UsageError listing the known codes for an unknown code', () => {
    expect(() => renderExplanation('MG042', false)).toThrow(UsageError);
    try {
      renderExplanation('MG042', false);
    } catch (error) {
      expect((error as UsageError).message).toBe('unknown rule code: MG042');
      expect((error as UsageError).hint).toBe('known codes: MG000, MG001, MG002, MG003, MG004');
    }
  });
});
