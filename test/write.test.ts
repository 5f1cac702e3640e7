import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHANGED_MESSAGE, cleanStaleTempFiles, TEMP_FILE_PATTERN, writeFileAtomic } from '../src/files/write.js';

const isPosix = process.platform !== 'win32';
const isRoot = isPosix && process.getuid?.() === 0;
const NOBODY = 65534;

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) {
    chmodRecursive(root);
    rmSync(root, { recursive: true, force: true });
  }
});

function chmodRecursive(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) chmodRecursive(join(dir, entry.name));
  }
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mainguard-write-'));
  roots.push(dir);
  return dir;
}

/** Runs `fn` with the effective user id of `nobody`, so that permissions apply to root too. */
async function asNobody<T>(fn: () => Promise<T>): Promise<T> {
  // POSIX-only functions, present wherever isRoot is true.
  const { setegid, seteuid } = process as Required<Pick<NodeJS.Process, 'setegid' | 'seteuid'>>;
  setegid(NOBODY);
  seteuid(NOBODY);
  try {
    return await fn();
  } finally {
    seteuid(0);
    setegid(0);
  }
}

const OLD = Buffer.from('import os\r\nos.system("ls")\r\n');
const NEW = Buffer.from('import os\r\n\r\n\r\ndef main():\r\n    os.system("ls")\r\n');

describe('writeFileAtomic', () => {
  it('replaces the contents byte for byte and leaves no temporary file', async () => {
    const dir = tempDir();
    const file = join(dir, 'script.py');
    writeFileSync(file, OLD);
    expect(await writeFileAtomic(file, NEW, OLD)).toEqual({ ok: true });
    expect(readFileSync(file).equals(NEW)).toBe(true);
    expect(readdirSync(dir)).toEqual(['script.py']);
  });

  it.runIf(isPosix)('keeps the mode of an executable script (0755) and of a private one (0600)', async () => {
    const dir = tempDir();
    for (const mode of [0o755, 0o600, 0o640]) {
      const file = join(dir, `m${mode.toString(8)}.py`);
      writeFileSync(file, OLD);
      chmodSync(file, mode);
      expect(await writeFileAtomic(file, NEW, OLD)).toEqual({ ok: true });
      expect(statSync(file).mode & 0o7777).toBe(mode);
      expect(readFileSync(file).equals(NEW)).toBe(true);
    }
  });

  it('refuses a file that changed since it was read and leaves it untouched', async () => {
    const dir = tempDir();
    const file = join(dir, 'script.py');
    const edited = Buffer.from('import os\r\nos.system("ls -l")\r\n');
    writeFileSync(file, edited);
    const before = statSync(file);
    expect(await writeFileAtomic(file, NEW, OLD)).toEqual({
      ok: false,
      reason: 'conflict',
      message: 'changed since it was read; left untouched',
    });
    expect(CHANGED_MESSAGE).toBe('changed since it was read; left untouched');
    expect(readFileSync(file).equals(edited)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(file).ino).toBe(before.ino);
    expect(readdirSync(dir)).toEqual(['script.py']);
  });

  it('treats a change of line endings alone as a change', async () => {
    const dir = tempDir();
    const file = join(dir, 'script.py');
    writeFileSync(file, OLD.toString().replace(/\r\n/g, '\n'));
    const outcome = await writeFileAtomic(file, NEW, OLD);
    expect(outcome).toMatchObject({ ok: false, reason: 'conflict' });
  });

  it('reports an error, creating nothing, when the folder does not exist', async () => {
    const dir = tempDir();
    const file = join(dir, 'gone', 'script.py');
    const outcome = await writeFileAtomic(file, NEW, OLD);
    expect(outcome).toMatchObject({ ok: false, reason: 'failed' });
    expect(outcome.ok === false && outcome.message).toMatch(/^ENOENT: no such file or directory/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports an error, not a change, for a file deleted since it was read', async () => {
    const dir = tempDir();
    const outcome = await writeFileAtomic(join(dir, 'script.py'), NEW, OLD);
    expect(outcome).toMatchObject({ ok: false, reason: 'failed' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it.runIf(isPosix)('writes through a symbolic link to its target, keeping the link', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    const target = join(dir, 'real', 'script.py');
    const link = join(dir, 'link.py');
    writeFileSync(target, OLD);
    chmodSync(target, 0o755);
    symlinkSync(join('real', 'script.py'), link);
    expect(await writeFileAtomic(link, NEW, OLD)).toEqual({ ok: true });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target).equals(NEW)).toBe(true);
    expect(statSync(target).mode & 0o7777).toBe(0o755);
    expect(readdirSync(dir).sort()).toEqual(['link.py', 'real']);
    expect(readdirSync(join(dir, 'real'))).toEqual(['script.py']);
  });

  describe.runIf(isPosix)('permissions (as root, run with the effective user id of nobody)', () => {
    /** A folder that `nobody` may enter when the tests run as root. */
    function openDir(): string {
      const dir = tempDir();
      chmodSync(dir, 0o755);
      return dir;
    }
    const asUser = <T>(fn: () => Promise<T>) => (isRoot ? asNobody(fn) : fn());

    it('read-only folder: reason error with the OS message, file untouched, no temporary file', async () => {
      const dir = join(openDir(), 'ro');
      mkdirSync(dir);
      const file = join(dir, 'script.py');
      writeFileSync(file, OLD);
      chmodSync(file, 0o666);
      chmodSync(dir, 0o555);
      const outcome = await asUser(() => writeFileAtomic(file, NEW, OLD));
      chmodSync(dir, 0o755);
      expect(outcome).toMatchObject({ ok: false, reason: 'failed' });
      expect(outcome.ok === false && outcome.message).toMatch(/^EACCES: permission denied/);
      expect(readFileSync(file).equals(OLD)).toBe(true);
      expect(readdirSync(dir)).toEqual(['script.py']);
    });

    it('read-only file in a writable folder: refused, as writing in place would be', async () => {
      const dir = openDir();
      const file = join(dir, 'script.py');
      writeFileSync(file, OLD);
      chmodSync(dir, 0o777);
      chmodSync(file, 0o444);
      const outcome = await asUser(() => writeFileAtomic(file, NEW, OLD));
      expect(outcome).toMatchObject({ ok: false, reason: 'failed' });
      expect(outcome.ok === false && outcome.message).toMatch(/^EACCES: permission denied/);
      expect(readFileSync(file).equals(OLD)).toBe(true);
      expect(readdirSync(dir)).toEqual(['script.py']);
    });

    it.runIf(isRoot)('a rename refused after the temporary file was written removes it', async () => {
      // In a sticky folder (like /tmp) nobody may create files but not replace root's.
      const dir = join(openDir(), 'sticky');
      mkdirSync(dir);
      chmodSync(dir, 0o1777);
      const file = join(dir, 'script.py');
      writeFileSync(file, OLD);
      chmodSync(file, 0o666);
      const outcome = await asNobody(() => writeFileAtomic(file, NEW, OLD));
      expect(outcome).toMatchObject({ ok: false, reason: 'failed' });
      expect(outcome.ok === false && outcome.message).toMatch(/^EPERM: operation not permitted, rename/);
      expect(readFileSync(file).equals(OLD)).toBe(true);
      expect(readdirSync(dir)).toEqual(['script.py']);
    });

    it.runIf(isRoot)('as root, gives the new file back to its owner', async () => {
      const dir = openDir();
      const file = join(dir, 'script.py');
      writeFileSync(file, OLD);
      chownSync(file, NOBODY, NOBODY);
      expect(await writeFileAtomic(file, NEW, OLD)).toEqual({ ok: true });
      expect(statSync(file).uid).toBe(NOBODY);
      expect(statSync(file).gid).toBe(NOBODY);
    });
  });
});

describe('cleanStaleTempFiles', () => {
  it('removes only files named like our temporary files and counts them', async () => {
    const dir = tempDir();
    const stale = ['.script.py.mainguard-4242-0a1b2c3d4e5f.tmp', '.x y.py.mainguard-1-ff.tmp'];
    const others = ['script.py', '.script.py.swp', 'script.py.mainguard-4242-0a1b2c3d4e5f.tmp', '.script.py.mainguard-notes.tmp', '.script.py.mainguard-4242-0a1b2c3d4e5f.tmp.bak'];
    for (const name of [...stale, ...others]) writeFileSync(join(dir, name), 'x');
    mkdirSync(join(dir, '.pkg.mainguard-1-ab.tmp'));
    expect(await cleanStaleTempFiles(dir)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual([...others, '.pkg.mainguard-1-ab.tmp'].sort());
    expect(await cleanStaleTempFiles(dir)).toBe(0);
  });

  it('returns 0 for a folder that does not exist', async () => {
    expect(await cleanStaleTempFiles(join(tempDir(), 'missing'))).toBe(0);
  });

  it('matches the names writeFileAtomic uses', () => {
    expect(TEMP_FILE_PATTERN.test(`.run.py.mainguard-${process.pid}-00ff00ff00ff.tmp`)).toBe(true);
    expect(TEMP_FILE_PATTERN.test('.run.py')).toBe(false);
  });
});
