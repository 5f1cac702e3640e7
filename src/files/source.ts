import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/** A Python file read and decoded the way the interpreter would decode it. */
export interface SourceOk {
  ok: true;
  /** The bytes on disk, BOM included: compare against them before writing back. */
  bytes: Buffer;
  /** The decoded text, without the BOM. */
  text: string;
  /** Python's name for the encoding: `utf-8`, `latin-1`, `ascii`, `cp1252`, `koi8-r`... */
  encoding: string;
  /** Whether the file starts with a UTF-8 byte order mark. */
  bom: boolean;
}

/** A file that cannot be treated as Python source, with a one-line reason. */
export interface SourceError {
  ok: false;
  /**
   * `unreadable`: the file could not be read (permissions, gone, a folder, over the size limit);
   * `undecodable`: its bytes are not text in its encoding (binary, invalid bytes, a bad cookie).
   */
  kind: 'unreadable' | 'undecodable';
  /** One line, e.g. `binary file (contains NUL bytes)`. */
  reason: string;
  /** 1-based line the reason points at, when there is one. */
  line?: number;
  /** `undecodable`: the bytes that do not decode. */
  bytes?: Buffer;
}

/** The outcome of `readPythonSource`. */
export type SourceRead = SourceOk | SourceError;

/** The part of a `SourceOk` needed to write text back in the file's own encoding. */
export type SourceEncoding = Pick<SourceOk, 'encoding' | 'bom'>;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const BINARY_SNIFF_BYTES = 8192;
/**
 * Files above this size are refused: the largest module of CPython's standard library is 0.8 MB,
 * a larger file is generated data, and analysing 10 MB takes half a minute and over 1 GB.
 */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;
const tooLarge = (size: number): SourceError => ({
  ok: false,
  kind: 'unreadable',
  reason: `too large: ${(size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_SOURCE_BYTES / 1024 / 1024} MB limit (generated code? exclude it)`,
});
// PEP 263; `\w` is ASCII in JS as in the C tokenizer.
const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const BLANK_OR_COMMENT = /^[ \t\f]*(?:#|$)/;

/** Encodings we can write back; every other known one is decoded for reading only. */
const WRITABLE = new Set(['utf-8', 'latin-1', 'ascii']);

// [Python codec name, WHATWG label for TextDecoder (undefined: decoded by hand), aliases as
// normalized by Python's `encodings.normalize_encoding`].
const CODECS: [string, string | undefined, string][] = [
  ['utf-8', 'utf-8', 'utf_8 utf8 u8 utf cp65001 utf8_ucs2 utf8_ucs4'],
  ['latin-1', undefined, 'latin_1 latin1 latin l1 iso8859_1 iso_8859_1 8859 cp819 ibm819 iso_ir_100 iso_8859_1_1987 csisolatin1'],
  ['ascii', undefined, 'ascii us_ascii 646 us ansi_x3_4_1968 ansi_x3_4_1986 cp367 csascii ibm367 iso646_us iso_646_irv_1991 iso_ir_6'],
  ['cp1252', undefined, 'cp1252 windows_1252 1252'],
  ...[1250, 1251, 1253, 1254, 1255, 1256, 1257, 1258].map((n): [string, string, string] => [`cp${n}`, `windows-${n}`, `cp${n} windows_${n} ${n}`]),
  ...(
    [
      [2, 'latin2 l2'],
      [3, 'latin3 l3'],
      [4, 'latin4 l4'],
      [5, 'cyrillic'],
      [6, 'arabic'],
      [7, 'greek greek8'],
      [8, 'hebrew'],
      [9, 'latin5 l5'],
      [10, 'latin6 l6'],
      [13, 'latin7 l7'],
      [14, 'latin8 l8'],
      [15, 'latin9 l9'],
      [16, 'latin10 l10'],
    ] as const
  ).map(([n, more]): [string, string, string] => [`iso8859-${n}`, `iso-8859-${n}`, `iso8859_${n} iso_8859_${n} ${more}`]),
  ['koi8-r', 'koi8-r', 'koi8_r cskoi8r'],
  ['koi8-u', 'koi8-u', 'koi8_u'],
  ['mac-roman', 'macintosh', 'mac_roman macroman macintosh'],
  ['mac-cyrillic', 'x-mac-cyrillic', 'mac_cyrillic maccyrillic'],
  ['cp866', 'ibm866', 'cp866 866 ibm866'],
  ['cp874', 'windows-874', 'cp874'],
  ['shift_jis', 'shift_jis', 'shift_jis shiftjis sjis s_jis csshiftjis'],
  ['cp932', 'shift_jis', 'cp932 932 ms932 mskanji ms_kanji'],
  ['euc_jp', 'euc-jp', 'euc_jp eucjp ujis u_jis'],
  ['iso2022_jp', 'iso-2022-jp', 'iso2022_jp iso2022jp iso_2022_jp csiso2022jp'],
  ['euc_kr', 'euc-kr', 'euc_kr euckr korean ksc5601 ks_c_5601 ks_c_5601_1987 ksx1001 ks_x_1001'],
  ['cp949', 'euc-kr', 'cp949 949 ms949 uhc'],
  ['gb2312', 'gbk', 'gb2312 chinese euc_cn euccn eucgb2312_cn gb2312_1980 gb2312_80 iso_ir_58 csiso58gb231280'],
  ['gbk', 'gbk', 'gbk 936 cp936 ms936'],
  ['gb18030', 'gb18030', 'gb18030 gb18030_2000'],
  ['big5', 'big5', 'big5 big5_tw csbig5'],
  ['big5hkscs', 'big5', 'big5hkscs big5_hkscs hkscs'],
];

const ALIASES = new Map<string, string>();
const WHATWG = new Map<string, string | undefined>();
for (const [name, label, aliases] of CODECS) {
  WHATWG.set(name, label);
  for (const alias of aliases.split(' ')) ALIASES.set(alias, name);
}

/** Python's name for a cookie's encoding, as the tokenizer then `codecs.lookup` would resolve it. */
function normalizeEncoding(cookie: string): string | undefined {
  // The tokenizer's own shortcut for utf-8 and latin-1 (`get_normal_name`) looks at 12 chars.
  const head = cookie.slice(0, 12).toLowerCase().replace(/_/g, '-');
  if (head === 'utf-8' || head.startsWith('utf-8-')) return 'utf-8';
  for (const latin of ['latin-1', 'iso-8859-1', 'iso-latin-1']) {
    if (head === latin || head.startsWith(`${latin}-`)) return 'latin-1';
  }
  const key = cookie
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '_')
    .replace(/\./g, '_')
    .replace(/^_+|_+$/g, '');
  return ALIASES.get(key);
}

/** The coding cookie of the first two lines, per PEP 263, and the line it is on. */
function findCookie(bytes: Buffer): { name: string; line: number } | undefined {
  const head = bytes.subarray(0, 4096).toString('latin1');
  const lines = head.split(/\r\n|\r|\n/, 2);
  const first = COOKIE.exec(lines[0] ?? '');
  if (first) return { name: first[1]!, line: 1 };
  if (!BLANK_OR_COMMENT.test(lines[0] ?? '')) return undefined;
  const second = COOKIE.exec(lines[1] ?? '');
  return second ? { name: second[1]!, line: 2 } : undefined;
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the lead byte of the first invalid UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      const [min, max] = k === 1 ? [lo, hi] : [0x80, 0xbf];
      if (c === undefined || c < min || c > max) return i;
    }
    i += length;
  }
  return -1;
}

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

// cp1252 by hand: Node 20's TextDecoder('windows-1252') decodes as latin-1. 0x80-0x9F differ from
// latin-1; the five holes are errors, as in Python.
const CP1252_HIGH = [
  0x20ac, -1, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, -1, 0x017d, -1, -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122,
  0x0161, 0x203a, 0x0153, -1, 0x017e, 0x0178,
];

/** The text, or the offset of the first byte cp1252 leaves undefined. */
function decodeCp1252(body: Buffer): string | number {
  const hole = body.findIndex((b) => b >= 0x80 && b <= 0x9f && CP1252_HIGH[b - 0x80] === -1);
  if (hole !== -1) return hole;
  return body.toString('latin1').replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
}

function decode(body: Buffer, encoding: string, cookie: boolean): SourceError | string {
  const invalidByte = (at: number): SourceError => ({
    ok: false,
    kind: 'undecodable',
    reason: `not valid ${encoding} (byte ${hex(body[at]!)} at line ${lineAt(body, at)})`,
    line: lineAt(body, at),
  });
  if (encoding === 'latin-1') return body.toString('latin1');
  if (encoding === 'ascii') {
    const bad = body.findIndex((b) => b > 0x7f);
    return bad === -1 ? body.toString('latin1') : invalidByte(bad);
  }
  if (encoding === 'cp1252') {
    const text = decodeCp1252(body);
    return typeof text === 'string' ? text : invalidByte(text);
  }
  const label = WHATWG.get(encoding)!;
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    if (encoding === 'utf-8') {
      const bad = Math.max(firstInvalidUtf8(body), 0);
      const where = `byte ${hex(body[bad] ?? 0)} at line ${lineAt(body, bad)}`;
      return { ok: false, kind: 'undecodable', reason: `not valid UTF-8 (${where})${cookie ? '' : ' and no coding cookie'}`, line: lineAt(body, bad) };
    }
    const line = badLine(body, label);
    return { ok: false, kind: 'undecodable', reason: `not valid ${encoding}${line === undefined ? '' : ` (line ${line})`}`, line };
  }
}

/** The first line that does not decode on its own, if one does not. */
function badLine(body: Buffer, label: string): number | undefined {
  let start = 0;
  for (let line = 1; start <= body.length; line++) {
    const end = body.indexOf(0x0a, start);
    const stop = end === -1 ? body.length : end;
    try {
      new TextDecoder(label, { fatal: true }).decode(body.subarray(start, stop));
    } catch {
      return line;
    }
    start = stop + 1;
  }
  return undefined;
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file disappeared before it could be read';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot be read (${code ?? (error as Error).message})`;
}

/**
 * Reads a Python file and decodes it as the interpreter would (UTF-8 BOM, PEP 263 coding cookie,
 * UTF-8 by default). Never throws: any problem becomes `{ ok: false, reason }`.
 */
export async function readPythonSource(absPath: string): Promise<SourceRead> {
  const read = readSourceBytes(absPath);
  return 'bytes' in read ? decodePythonSource(read.bytes) : read.error;
}

/**
 * The bytes of a file that is a regular file under the size limit, or why it cannot be read. The
 * read is synchronous: a file read through the thread pool costs four hand-offs (open, stat, read,
 * close) that cost more than the read itself, and the reader has nothing else to do meanwhile.
 * Never throws.
 */
export function readSourceBytes(absPath: string): { bytes: Buffer } | { error: SourceError } {
  try {
    // O_NONBLOCK: opening a FIFO must not hang the run; it changes nothing for regular files.
    const fd = openSync(absPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const stat = fstatSync(fd);
      if (stat.isDirectory()) return { error: { ok: false, kind: 'unreadable', reason: 'is a directory' } };
      if (!stat.isFile()) return { error: { ok: false, kind: 'unreadable', reason: 'not a regular file' } };
      if (stat.size > MAX_SOURCE_BYTES) return { error: tooLarge(stat.size) };
      return { bytes: readFileSync(fd) };
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return { error: { ok: false, kind: 'unreadable', reason: readFailure(error) } };
  }
}

/**
 * Decodes the bytes of a Python file as the interpreter would (UTF-8 BOM, PEP 263 coding cookie,
 * UTF-8 by default), e.g. a buffer read from stdin. Never throws.
 */
export function decodePythonSource(bytes: Buffer): SourceRead {
  const read = decodeBytes(bytes);
  return read.ok || read.kind !== 'undecodable' ? read : { ...read, bytes };
}

function decodeBytes(bytes: Buffer): SourceRead {
  if (bytes.length > MAX_SOURCE_BYTES) return tooLarge(bytes.length);
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    return { ok: false, kind: 'undecodable', reason: 'binary file (contains NUL bytes)' };
  }
  const bom = bytes.subarray(0, 3).equals(BOM);
  const body = bom ? bytes.subarray(3) : bytes;

  const cookie = findCookie(body);
  let encoding = 'utf-8';
  if (cookie) {
    const name = normalizeEncoding(cookie.name);
    if (!name) {
      return { ok: false, kind: 'undecodable', reason: `unknown or unsupported encoding "${cookie.name}" in coding cookie (line ${cookie.line})`, line: cookie.line };
    }
    // With a BOM, Python accepts only a cookie that spells utf-8 (`utf8` is refused).
    if (bom && !/^utf-8(?:-|$)/.test(cookie.name.slice(0, 12).toLowerCase().replaceAll('_', '-'))) {
      return { ok: false, kind: 'undecodable', reason: `starts with a UTF-8 BOM but its coding cookie says "${cookie.name}"`, line: cookie.line };
    }
    encoding = name;
  }

  const text = decode(body, encoding, cookie !== undefined);
  if (typeof text !== 'string') return text;
  return { ok: true, bytes, text, encoding, bom };
}

/** Whether `encodePythonSource` can write text back in this file's encoding. */
export function canWriteBack(read: SourceEncoding): boolean {
  return WRITABLE.has(read.encoding);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function unencodable(text: string, index: number, encoding: string): { error: string } {
  const code = text.codePointAt(index)!;
  const line = text.slice(0, index).split('\n').length;
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return { error: `character ${name} on line ${line} cannot be encoded as ${encoding}` };
}

/**
 * The text the project index reads a file's imports from: its bytes as UTF-8, after a UTF-8 BOM
 * (which would stand before a first line's `import` as a character of a name). Imports are ASCII
 * in every encoding Python reads source in, so none of the checks and decoding of
 * decodePythonSource are needed (the transform's read reports a bad file, once).
 */
export function importText(bytes: Buffer): string {
  return bytes.toString('utf8', bytes.subarray(0, 3).equals(BOM) ? 3 : 0);
}

/**
 * Encodes text for writing back in the encoding it was read with (a BOM is restored for UTF-8).
 * Only utf-8, latin-1 and ascii can be written; anything else, or a character the encoding lacks,
 * gives `{ error }`.
 */
export function encodePythonSource(text: string, read: SourceEncoding): Buffer | { error: string } {
  if (read.encoding === 'utf-8') {
    const lone = LONE_SURROGATE.exec(text);
    if (lone) return unencodable(text, lone.index, 'utf-8');
    const encoded = Buffer.from(text, 'utf8');
    return read.bom ? Buffer.concat([BOM, encoded]) : encoded;
  }
  if (read.encoding === 'latin-1' || read.encoding === 'ascii') {
    const max = read.encoding === 'ascii' ? 0x7f : 0xff;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) > max) return unencodable(text, i, read.encoding);
    }
    return Buffer.from(text, 'latin1');
  }
  return { error: `cannot write back files encoded as ${read.encoding}` };
}

/** The file's line ending: that of its first line, `\n` when it has none. */
export function detectEol(text: string): '\n' | '\r\n' {
  const index = text.indexOf('\n');
  return index > 0 && text[index - 1] === '\r' ? '\r\n' : '\n';
}
