import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPosixPath } from '../src/files/paths.js';
import { renderDiff } from '../src/report/diff.js';
import { named } from './helpers/table.js';

describe('toPosixPath: paths as shown, whatever the platform', () => {
  it.each(
    named([
      { name: 'a relative path from path.win32.relative', input: path.win32.relative('C:\\work', 'C:\\work\\dir\\file.py'), shown: 'dir/file.py' },
      { name: 'an absolute drive path', input: 'C:\\Users\\me\\tools\\run.py', shown: 'C:/Users/me/tools/run.py' },
      { name: 'a UNC path', input: '\\\\server\\share\\run.py', shown: '//server/share/run.py' },
      { name: 'mixed separators', input: 'dir/sub\\file.py', shown: 'dir/sub/file.py' },
      { name: 'a name with a space', input: 'my dir\\a b.py', shown: 'my dir/a b.py' },
      { name: 'already forward slashes', input: 'dir/file.py', shown: 'dir/file.py' },
    ]),
  )('Windows, %s', (_name, { input, shown }) => {
    expect(toPosixPath(input, path.win32)).toBe(shown);
  });

  it('POSIX: a backslash is part of a name and stays', () => {
    expect(toPosixPath('dir/odd\\name.py', path.posix)).toBe('dir/odd\\name.py');
  });

  it("this platform's joined path comes out with forward slashes", () => {
    expect(toPosixPath(path.join('dir', 'sub', 'file.py'))).toBe('dir/sub/file.py');
  });
});

describe('renderDiff headers for Windows paths', () => {
  it.each(
    named([
      { name: 'dir\\file.py', file: 'dir\\file.py' },
      { name: '.\\dir\\file.py', file: '.\\dir\\file.py' },
      { name: 'a path from path.win32.relative', file: path.win32.relative('D:\\repo', 'D:\\repo\\dir\\file.py') },
    ]),
  )('%s is shown as a/dir/file.py and b/dir/file.py', (_name, { file }) => {
    const lines = renderDiff(file, 'x = 1\r\n', 'x = 2\r\n', { color: false }).split('\n');
    expect(lines.slice(0, 2)).toEqual(['--- a/dir/file.py', '+++ b/dir/file.py']);
  });
});
