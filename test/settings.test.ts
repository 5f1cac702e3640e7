import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS, CONFIG_KEYS } from '../src/config/config.js';
import { mergeConfig } from '../src/config/settings.js';
import { UsageError } from '../src/errors.js';
import { formatConfigJson, formatConfigText, listConfigEntries } from '../src/report/config.js';

const FILE = '/p/pyproject.toml';

describe('mergeConfig', () => {
  it('without flags: the file values, each from the file', () => {
    expect(mergeConfig({ ignore: ['MG001'], keep: ['x()'] }, FILE, {})).toEqual({
      config: { ignore: ['MG001'], keep: ['x()'] },
      sources: { ignore: FILE, keep: FILE },
    });
  });

  it('flags replace exclude, extensions, ignore and respect-gitignore; add to extend-exclude and keep', () => {
    const merged = mergeConfig({ exclude: ['a/'], extendExclude: ['b/'], keep: ['k()'], extensions: ['py'], ignore: ['MG004'] }, FILE, {
      exclude: ['c/'],
      extendExclude: ['d/'],
      keep: ['m()'],
      extension: ['pyw'],
      ignore: ['MG003'],
      respectGitignore: false,
      freezeSupport: true,
    });
    expect(merged).toEqual({
      config: {
        exclude: ['c/'],
        extendExclude: ['b/', 'd/'],
        keep: ['k()', 'm()'],
        extensions: ['pyw'],
        ignore: ['MG003'],
        respectGitignore: false,
        freezeSupport: true,
      },
      sources: {
        exclude: '--exclude',
        extendExclude: `${FILE} + --extend-exclude`,
        keep: `${FILE} + --keep`,
        extensions: '--extension',
        ignore: '--ignore',
        respectGitignore: '--no-respect-gitignore',
        freezeSupport: '--freeze-support',
      },
    });
  });

  it('--select starts over: the file ignore no longer applies, and says so', () => {
    expect(mergeConfig({ select: ['MG002'], ignore: ['MG001'] }, FILE, { select: ['MG001'] })).toEqual({
      config: { select: ['MG001'], ignore: [] },
      sources: { select: '--select', ignore: '--select' },
    });
  });

  it('extend-exclude from a flag alone comes from the flag', () => {
    expect(mergeConfig({}, undefined, { extendExclude: ['x/'] }).sources).toEqual({ extendExclude: '--extend-exclude' });
  });

  it('an unknown rule code in a flag is a usage error', () => {
    expect(() => mergeConfig({}, undefined, { ignore: ['MG9'] })).toThrow(UsageError);
  });
});

describe('mainguard config output', () => {
  it('lists every key of [tool.mainguard], defaults included', () => {
    const entries = listConfigEntries(mergeConfig({ ignore: ['MG001'] }, FILE, { select: ['MG00'] }));
    expect(entries.map((e) => e.key)).toEqual(['exclude', 'extend-exclude', 'keep', 'select', 'ignore', 'extensions', 'respect-gitignore', 'freeze-support']);
    expect(entries.map((e) => e.key)).toEqual(CONFIG_KEYS.map((k) => k.key));
    expect(entries.find((e) => e.key === 'exclude')).toEqual({ key: 'exclude', value: CONFIG_DEFAULTS.exclude, source: 'default' });
    expect(CONFIG_DEFAULTS.exclude).toContain('.venv');
  });

  it('text: TOML lines with the source as a comment, aligned', () => {
    const text = formatConfigText(mergeConfig({ ignore: ['MG001'] }, FILE, { keep: ['print($$$)'] }), FILE);
    expect(text.split('\n').slice(0, 2)).toEqual(['# configuration file: /p/pyproject.toml', '[tool.mainguard]']);
    expect(text.split('\n').slice(3)).toEqual([
      'extend-exclude = []       # default',
      'keep = ["print($$$)"]     # --keep',
      'select = ["MG"]           # default',
      'ignore = ["MG001"]        # /p/pyproject.toml',
      'extensions = ["py"]       # default',
      'respect-gitignore = true  # default',
      'freeze-support = false    # default',
      '',
    ]);
    expect(text.split('\n')[2]).toMatch(/^exclude = \[".git", .*"\.ruff_cache"\] {2}# default$/);
  });

  it('text without a pyproject.toml says so', () => {
    expect(formatConfigText(mergeConfig({}, undefined, {}), undefined).split('\n')[0]).toBe('# configuration file: none (no pyproject.toml with a [tool.mainguard] table here or above)');
  });

  it('json: the file, and every key with value and source', () => {
    const parsed = JSON.parse(formatConfigJson(mergeConfig({ freezeSupport: true }, FILE, {}), FILE));
    expect(parsed.configFile).toBe(FILE);
    expect(parsed.settings['freeze-support']).toEqual({ value: true, source: FILE });
    expect(parsed.settings['respect-gitignore']).toEqual({ value: true, source: 'default' });
    expect(Object.keys(parsed.settings)).toHaveLength(8);
    expect(JSON.parse(formatConfigJson(mergeConfig({}, undefined, {}), undefined)).configFile).toBeNull();
  });
});
