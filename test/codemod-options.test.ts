import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { parseCodemodArgs } from '../src/run/codemod-options.js';
import { named } from './helpers/table.js';

describe('parseCodemodArgs: the words run does not know, as codemod options and paths', () => {
  it.each(
    named([
      { name: 'paths only', words: ['src', 'a.py'], expected: { options: {}, paths: ['src', 'a.py'] } },
      { name: 'nothing', words: [], expected: { options: {}, paths: [] } },
      { name: '--flag is true', words: ['--verbose'], expected: { options: { verbose: true }, paths: [] } },
      { name: '--no-flag is false', words: ['--no-color'], expected: { options: { color: false }, paths: [] } },
      { name: 'a JSON number', words: ['--max=3'], expected: { options: { max: 3 }, paths: [] } },
      { name: 'a JSON array', words: ['--names=["a","b"]'], expected: { options: { names: ['a', 'b'] }, paths: [] } },
      { name: 'text that is not JSON', words: ['--tag=hello world'], expected: { options: { tag: 'hello world' }, paths: [] } },
      { name: 'an empty value', words: ['--tag='], expected: { options: { tag: '' }, paths: [] } },
      { name: 'kebab-case becomes camelCase', words: ['--freeze-support'], expected: { options: { freezeSupport: true }, paths: [] } },
      { name: 'a repeated option collects its values', words: ['--keep=a', '--keep=["b"]'], expected: { options: { keep: ['a', ['b']] }, paths: [] } },
      { name: '--name value: the value is a path', words: ['--tag', 'src'], expected: { options: { tag: true }, paths: ['src'] } },
      { name: 'after --, everything is a path', words: ['--', '--odd.py'], expected: { options: {}, paths: ['--odd.py'] } },
      { name: '- (stdin) is a path', words: ['-'], expected: { options: {}, paths: ['-'] } },
      { name: '--no-flag=value keeps its name', words: ['--no-cache=1'], expected: { options: { noCache: 1 }, paths: [] } },
    ]),
  )('%s', (_name, { words, expected }) => {
    expect(parseCodemodArgs(words)).toEqual(expected);
  });

  it.each([['-x'], ['--=3'], ['---x']])('%s is a usage error', (word) => {
    expect(() => parseCodemodArgs([word])).toThrow(UsageError);
  });
});
