import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canWriteBack, decodePythonSource, detectEol, encodePythonSource, readPythonSource, type SourceOk } from '../src/files/source.js';

const isRoot = process.getuid?.() === 0;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mainguard-source-'));
});
afterEach(async () => {
  await chmod(dir, 0o700).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(content: string | Buffer | number[], name = 'script.py'): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, Array.isArray(content) ? Buffer.from(content) : content);
  return file;
}

async function readOk(content: string | Buffer | number[]): Promise<SourceOk> {
  const read = await readPythonSource(await fileWith(content));
  if (!read.ok) throw new Error(`expected ok, got: ${read.reason}`);
  return read;
}

async function reasonFor(content: string | Buffer | number[]): Promise<string> {
  const read = await readPythonSource(await fileWith(content));
  if (read.ok) throw new Error('expected a failure');
  return read.reason;
}

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('readPythonSource: UTF-8 and the BOM', () => {
  it('reads a plain UTF-8 file as utf-8 without BOM', async () => {
    const read = await readOk('print("héllo ✓")\n');
    expect(read).toMatchObject({ ok: true, text: 'print("héllo ✓")\n', encoding: 'utf-8', bom: false });
    expect(read.bytes).toEqual(Buffer.from('print("héllo ✓")\n'));
  });

  it('reads an empty file', async () => {
    expect(await readOk('')).toMatchObject({ text: '', encoding: 'utf-8', bom: false });
  });

  it('strips a UTF-8 BOM from the text and records it', async () => {
    const read = await readOk(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x = "é"\n')]));
    expect(read.text).toBe('x = "é"\n');
    expect(read.bom).toBe(true);
    expect(read.encoding).toBe('utf-8');
    expect(read.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('keeps a second U+FEFF after the BOM in the text', async () => {
    const read = await readOk([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x78]);
    expect(read.text).toBe('\ufeffx');
  });

  it('accepts a BOM with a utf-8 cookie', async () => {
    const read = await readOk(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# coding: utf-8\nx = 1\n')]));
    expect(read).toMatchObject({ bom: true, encoding: 'utf-8', text: '# coding: utf-8\nx = 1\n' });
  });

  it('refuses a BOM with a non-utf-8 cookie, as Python does', async () => {
    const reason = await reasonFor(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin1('# -*- coding: latin-1 -*-\n')]));
    expect(reason).toBe('starts with a UTF-8 BOM but its coding cookie says "latin-1"');
  });

  it('refuses a BOM with a cookie spelling utf8 without the hyphen, as Python does; accepts UTF_8 and utf-8-sig', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(await reasonFor(Buffer.concat([bom, Buffer.from('#coding: utf8\n')]))).toBe('starts with a UTF-8 BOM but its coding cookie says "utf8"');
    expect(await readOk(Buffer.concat([bom, Buffer.from('# coding: UTF_8\n')]))).toMatchObject({ bom: true, encoding: 'utf-8' });
    expect(await readOk(Buffer.concat([bom, Buffer.from('# coding: utf-8-sig\n')]))).toMatchObject({ bom: true });
  });

  it('keeps CRLF line endings in the text', async () => {
    expect((await readOk('import os\r\nos.getcwd()\r\n')).text).toBe('import os\r\nos.getcwd()\r\n');
  });
});

describe('readPythonSource: invalid UTF-8', () => {
  it('names the first bad byte and its line when there is no cookie', async () => {
    const reason = await reasonFor(latin1('import os\n\nname = "café"\n'));
    expect(reason).toBe('not valid UTF-8 (byte 0xe9 at line 3) and no coding cookie');
  });

  it('points at the lead byte of a truncated sequence at the end of the file', async () => {
    expect(await reasonFor([0x78, 0x0a, 0xe2, 0x82])).toBe('not valid UTF-8 (byte 0xe2 at line 2) and no coding cookie');
  });

  it('rejects overlong encodings and encoded surrogates', async () => {
    expect(await reasonFor([0xc0, 0xaf])).toBe('not valid UTF-8 (byte 0xc0 at line 1) and no coding cookie');
    expect(await reasonFor([0x61, 0xed, 0xa0, 0x80])).toBe('not valid UTF-8 (byte 0xed at line 1) and no coding cookie');
  });

  it('does not claim a missing cookie when a utf-8 cookie is there', async () => {
    expect(await reasonFor(latin1('# coding: utf-8\nx = "\xff"\n'))).toBe('not valid UTF-8 (byte 0xff at line 2)');
  });

  it('ignores a cookie on line 2 when line 1 is code, as Python does', async () => {
    const reason = await reasonFor(latin1('x = 1\n# coding: latin-1\ny = "é"\n'));
    expect(reason).toBe('not valid UTF-8 (byte 0xe9 at line 3) and no coding cookie');
  });

  it('ignores a cookie on line 3', async () => {
    const reason = await reasonFor(latin1('#!/usr/bin/env python\n\n# coding: latin-1\ny = "é"\n'));
    expect(reason).toContain('no coding cookie');
  });
});

describe('readPythonSource: coding cookies (PEP 263)', () => {
  it.each([
    ['# -*- coding: latin-1 -*-', 'latin-1'],
    ['# coding=latin1', 'latin-1'],
    ['# coding: iso-8859-1', 'latin-1'],
    ['# coding: ISO8859-1', 'latin-1'],
    ['# coding: iso_8859_1', 'latin-1'],
    ['# coding: l1', 'latin-1'],
    ['# coding: Latin-1', 'latin-1'],
    ['# vim: set fileencoding=latin-1 :', 'latin-1'],
    ['# coding: utf8', 'utf-8'],
    ['# coding: UTF-8', 'utf-8'],
    ['# coding: utf_8', 'utf-8'],
    ['# coding: utf-8-unix', 'utf-8'],
    ['# coding: ascii', 'ascii'],
    ['# coding: us-ascii', 'ascii'],
    ['# coding: cp1252', 'cp1252'],
    ['# coding: windows-1252', 'cp1252'],
    ['# coding: koi8-r', 'koi8-r'],
    ['# coding: shift-jis', 'shift_jis'],
  ])('%s is read as %s', async (cookie, encoding) => {
    expect((await readOk(`${cookie}\nx = 1\n`)).encoding).toBe(encoding);
  });

  it('finds the cookie on line 2 after a shebang', async () => {
    const read = await readOk(latin1('#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nname = "café"\n'));
    expect(read.encoding).toBe('latin-1');
    expect(read.text).toBe('#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nname = "café"\n');
  });

  it('finds the cookie on line 2 after a blank line', async () => {
    expect((await readOk('\n# coding: latin-1\n')).encoding).toBe('latin-1');
  });

  it('decodes latin-1 as ISO-8859-1, not windows-1252', async () => {
    const read = await readOk(latin1('# coding: latin-1\nx = "\x80\x9f\xe9"\n'));
    expect(read.text).toBe('# coding: latin-1\nx = "\u0080\u009fé"\n');
  });

  it('decodes cp1252 and koi8-r with their own tables', async () => {
    const cp1252 = await readOk(latin1('# coding: cp1252\nx = "\x80\x9f\xe9"\n'));
    expect(cp1252.text).toBe('# coding: cp1252\nx = "€Ÿé"\n');
    expect((await readOk(latin1('# coding: koi8-r\nx = "\xc1\xc2"\n'))).text).toBe('# coding: koi8-r\nx = "аб"\n');
  });

  it('reports a byte the declared encoding does not have, with its line', async () => {
    expect(await reasonFor(latin1('# coding: ascii\nx = "é"\n'))).toBe('not valid ascii (byte 0xe9 at line 2)');
    expect(await reasonFor(latin1('# coding: cp1252\nx = "\x81"\n'))).toBe('not valid cp1252 (byte 0x81 at line 2)');
    expect(await reasonFor(latin1('# coding: shift_jis\nx = 1\ny = "\xff"\n'))).toBe('not valid shift_jis (line 3)');
  });

  it('reports an unknown encoding', async () => {
    expect(await reasonFor('# coding: klingon\nx = 1\n')).toBe('unknown or unsupported encoding "klingon" in coding cookie (line 1)');
  });

  it('reports an encoding Python knows but Node cannot decode', async () => {
    expect(await reasonFor('#!/usr/bin/python\n# coding: cp437\n')).toBe('unknown or unsupported encoding "cp437" in coding cookie (line 2)');
  });
});

describe('readPythonSource: files that are not Python source', () => {
  it('refuses binary content', async () => {
    expect(await reasonFor([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01])).toBe('binary file (contains NUL bytes)');
  });

  it('only sniffs the first 8 KiB for NUL bytes', async () => {
    const read = await readOk(Buffer.concat([Buffer.alloc(8192, 0x20), Buffer.from([0])]));
    expect(read.text.length).toBe(8193);
  });

  it('reports a directory', async () => {
    const sub = path.join(dir, 'pkg.py');
    await mkdir(sub);
    expect(await readPythonSource(sub)).toEqual({ ok: false, kind: 'unreadable', reason: 'is a directory' });
  });

  it('reports a file that disappeared', async () => {
    expect(await readPythonSource(path.join(dir, 'gone.py'))).toEqual({
      ok: false,
      kind: 'unreadable',
      reason: 'file disappeared before it could be read',
    });
  });

  it.each([
    ['binary data', Buffer.from('x = 1\n\0\n'), undefined],
    ['invalid UTF-8 on line 2', Buffer.from([0x78, 0x0a, 0xff, 0x0a]), 2],
    ['an unknown coding cookie on line 1', Buffer.from('# coding: klingon\nx = 1\n'), 1],
  ])('%s: undecodable (a finding of the file, MG000), with the line when there is one', (_name, bytes, line) => {
    const read = decodePythonSource(bytes);
    expect(read.ok ? undefined : { kind: read.kind, line: read.line }).toEqual({ kind: 'undecodable', line });
  });

  it.skipIf(isRoot || process.platform === 'win32')('reports a file it may not read', async () => {
    const file = await fileWith('x = 1\n');
    await chmod(file, 0o000);
    expect(await readPythonSource(file)).toEqual({ ok: false, kind: 'unreadable', reason: 'permission denied' });
  });

  it.skipIf(process.platform === 'win32')('reports a FIFO without hanging', async () => {
    const fifo = path.join(dir, 'pipe.py');
    execFileSync('mkfifo', [fifo]);
    expect(await readPythonSource(fifo)).toEqual({ ok: false, kind: 'unreadable', reason: 'not a regular file' });
  });
});

describe('encodePythonSource', () => {
  it('round-trips a latin-1 file byte for byte', async () => {
    const high = Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i));
    const original = Buffer.concat([latin1('# -*- coding: latin-1 -*-\r\ns = "'), high, latin1('"\r\n')]);
    const read = await readOk(original);
    expect(read.encoding).toBe('latin-1');
    expect(canWriteBack(read)).toBe(true);
    expect(encodePythonSource(read.text, read)).toEqual(original);
  });

  it('round-trips a UTF-8 file with a BOM, keeping the BOM', async () => {
    const original = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x = "日本 ✓ 😀"\n')]);
    const read = await readOk(original);
    expect(encodePythonSource(read.text, read)).toEqual(original);
  });

  it('round-trips a UTF-8 file without a BOM and an ascii file', async () => {
    for (const original of [Buffer.from('x = "é"\n'), Buffer.from('# coding: ascii\nx = 1\n')]) {
      const read = await readOk(original);
      expect(encodePythonSource(read.text, read)).toEqual(original);
    }
  });

  it('writes edited text in the original encoding', () => {
    expect(encodePythonSource('x = "é"\n', { encoding: 'latin-1', bom: false })).toEqual(latin1('x = "é"\n'));
  });

  it('refuses characters latin-1 or ascii cannot hold, naming the line', () => {
    expect(encodePythonSource('x = 1\ny = "€"\n', { encoding: 'latin-1', bom: false })).toEqual({
      error: 'character U+20AC on line 2 cannot be encoded as latin-1',
    });
    expect(encodePythonSource('é', { encoding: 'ascii', bom: false })).toEqual({
      error: 'character U+00E9 on line 1 cannot be encoded as ascii',
    });
  });

  it('refuses a lone surrogate in UTF-8 rather than writing U+FFFD', () => {
    expect(encodePythonSource('x = "\ud800"\n', { encoding: 'utf-8', bom: false })).toEqual({
      error: 'character U+D800 on line 1 cannot be encoded as utf-8',
    });
  });

  it('refuses to write back other encodings', async () => {
    const read = await readOk(latin1('# coding: cp1252\nx = "\x80"\n'));
    expect(canWriteBack(read)).toBe(false);
    expect(encodePythonSource(read.text, read)).toEqual({ error: 'cannot write back files encoded as cp1252' });
  });
});

describe('detectEol', () => {
  it.each([
    ['a\nb\r\n', '\n'],
    ['a\r\nb\n', '\r\n'],
    ['no newline', '\n'],
    ['', '\n'],
    ['\r\n', '\r\n'],
  ])('%j → %j', (text, eol) => {
    expect(detectEol(text)).toBe(eol);
  });
});
