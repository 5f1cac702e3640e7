import { describe, expect, it } from 'vitest';
import { configDefaults, type MainguardConfig } from '../src/config/config.js';
import { type ConfigFlags, mergeConfig as mergeWith } from '../src/config/settings.js';
import { UsageError } from '../src/errors.js';
import { formatConfigJson, formatConfigText, listConfigEntries } from '../src/report/config.js';
import { MG_SCHEMA } from './helpers/rules.js';

const FILE = '/p/pyproject.toml';
const DEFAULTS = configDefaults(MG_SCHEMA);
const mergeConfig = (fromFile: MainguardConfig, configFile: string | undefined, flags: ConfigFlags) => mergeWith(fromFile, configFile, flags, MG_SCHEMA);

describe('mergeConfig', () => {
  it('without flags: the file values, each from the file', () => {
    expect(mergeConfig({ ignore: ['MG001'], options: { keep: ['x()'] } }, FILE, {})).toEqual({
      config: { ignore: ['MG001'], options: { keep: ['x()'] } },
      sources: { ignore: FILE, keep: FILE },
    });
  });

  it('flags replace exclude, extensions, ignore and respect-gitignore; add to extend-exclude and keep', () => {
    const merged = mergeConfig({ exclude: ['a/'], extendExclude: ['b/'], options: { keep: ['k()'] }, extensions: ['py'], ignore: ['MG004'] }, FILE, {
      exclude: ['c/'],
      extendExclude: ['d/'],
      extension: ['pyw'],
      ignore: ['MG003'],
      respectGitignore: false,
      options: { keep: ['m()'], 'freeze-support': true, 'include-init': undefined },
    });
    expect(merged).toEqual({
      config: {
        exclude: ['c/'],
        extendExclude: ['b/', 'd/'],
        extensions: ['pyw'],
        ignore: ['MG003'],
        respectGitignore: false,
        options: { keep: ['k()', 'm()'], 'freeze-support': true },
      },
      sources: {
        exclude: '--exclude',
        'extend-exclude': `${FILE} + --extend-exclude`,
        keep: `${FILE} + --keep`,
        extensions: '--extension',
        ignore: '--ignore',
        'respect-gitignore': '--no-respect-gitignore',
        'freeze-support': '--freeze-support',
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
    expect(mergeConfig({}, undefined, { extendExclude: ['x/'] }).sources).toEqual({ 'extend-exclude': '--extend-exclude' });
  });

  it('an unknown rule code in a flag is a usage error', () => {
    expect(() => mergeConfig({}, undefined, { ignore: ['MG9'] })).toThrow(UsageError);
  });
});

describe('mainguard config output', () => {
  it('lists every key of [tool.mainguard], defaults included', () => {
    const entries = listConfigEntries(mergeConfig({ ignore: ['MG001'] }, FILE, { select: ['MG00'] }), MG_SCHEMA);
    expect(entries.map((e) => e.key)).toEqual(['exclude', 'extend-exclude', 'select', 'ignore', 'extensions', 'respect-gitignore', 'keep', 'freeze-support', 'include-init']);
    expect(entries.find((e) => e.key === 'exclude')).toEqual({ key: 'exclude', value: DEFAULTS.exclude, source: 'default' });
    expect(entries.find((e) => e.key === 'select')).toEqual({ key: 'select', value: ['MG00'], source: '--select' });
    expect(DEFAULTS.exclude).toContain('.venv');
    expect(DEFAULTS.select).toEqual(['MG']);
  });

  it('text: TOML lines with the source as a comment, aligned', () => {
    const text = formatConfigText(mergeConfig({ ignore: ['MG001'] }, FILE, { options: { keep: ['print($$$)'] } }), FILE, MG_SCHEMA);
    expect(text.split('\n').slice(0, 2)).toEqual(['# configuration file: /p/pyproject.toml', '[tool.mainguard]']);
    expect(text.split('\n').slice(3)).toEqual([
      'extend-exclude = []       # default',
      'select = ["MG"]           # default',
      'ignore = ["MG001"]        # /p/pyproject.toml',
      'extensions = ["py"]       # default',
      'respect-gitignore = true  # default',
      'keep = ["print($$$)"]     # --keep',
      'freeze-support = false    # default',
      'include-init = false      # default',
      '',
    ]);
    expect(text.split('\n')[2]).toMatch(/^exclude = \[".git", .*"\.ruff_cache", "\.mainguard_cache"\] {2}# default$/);
  });

  it('text without a pyproject.toml says so', () => {
    expect(formatConfigText(mergeConfig({}, undefined, {}), undefined, MG_SCHEMA).split('\n')[0]).toBe('# configuration file: none (no pyproject.toml with a [tool.mainguard] table here or above)');
  });

  it('json: the file, and every key with value and source', () => {
    const parsed = JSON.parse(formatConfigJson(mergeConfig({ options: { 'freeze-support': true } }, FILE, {}), FILE, MG_SCHEMA));
    expect(parsed.configFile).toBe(FILE);
    expect(parsed.settings['freeze-support']).toEqual({ value: true, source: FILE });
    expect(parsed.settings['respect-gitignore']).toEqual({ value: true, source: 'default' });
    expect(Object.keys(parsed.settings)).toHaveLength(9);
    expect(JSON.parse(formatConfigJson(mergeConfig({}, undefined, {}), undefined, MG_SCHEMA)).configFile).toBeNull();
  });
});
