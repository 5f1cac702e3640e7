import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTree, removeTrees, runCli } from './helpers/cli.js';
import { FIXTURE_DIR, REPO_ROOT } from './helpers/fixtures.js';

afterAll(removeTrees);

const SCRIPT = 'import os\n\nprint(os.sep)\n';
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

describe('files and names from Windows', () => {
  it('fix --yes keeps a CRLF file CRLF and an LF file LF', async () => {
    const dir = await makeTree({ 'win/run.py': crlf(SCRIPT), 'win/crlf.py': readFileSync(path.join(FIXTURE_DIR, 'text-crlf.py')), 'unix/run.py': SCRIPT });
    expect(runCli(['fix', '--yes', '.'], dir).code).toBe(0);
    const endings = async (file: string) => {
      const text = await readFile(path.join(dir, file), 'utf8');
      return { guarded: text.includes('if __name__ == "__main__":'), crlf: (text.match(/\r\n/g) ?? []).length, bareLf: (text.match(/(?<!\r)\n/g) ?? []).length };
    };
    const [win, fixture, unix] = [await endings('win/run.py'), await endings('win/crlf.py'), await endings('unix/run.py')];
    expect({ win: { ...win, crlf: win.crlf > 5 }, fixture: { ...fixture, crlf: fixture.crlf > 5 }, unix: { ...unix, bareLf: unix.bareLf > 5 } }).toEqual({
      win: { guarded: true, crlf: true, bareLf: 0 },
      fixture: { guarded: true, crlf: true, bareLf: 0 },
      unix: { guarded: true, crlf: 0, bareLf: true },
    });
  });

  it('a name typed with backslashes is shown with forward slashes in the diff', async () => {
    const run = runCli(['fix', '--dry-run', '--stdin-filename', 'app\\tools\\run.py', '-'], await makeTree({}), { input: crlf(SCRIPT) });
    expect({ code: run.code, head: run.stdout.split('\n').slice(0, 2) }).toEqual({ code: 1, head: ['--- a/app/tools/run.py', '+++ b/app/tools/run.py'] });
  });
});

/** Every .ts/.js file under the folders that run when mainguard runs. */
function runtimeSources(): string[] {
  return ['src', 'codemods', 'bin'].flatMap((folder) =>
    readdirSync(path.join(REPO_ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.[cm]?[jt]s$/.test(name))
      .map((name) => path.join(folder, name)),
  );
}

describe('no POSIX shell at run time', () => {
  it('nothing under src/, codemods/ or bin/ starts a shell', () => {
    const offending = runtimeSources().filter((file) => {
      const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
      const childProcess = /from ['"](?:node:)?child_process['"]/.test(text);
      return /\bshell\s*:\s*true\b|\/bin\/(?:ba)?sh\b|cmd\.exe/.test(text) || (childProcess && /\bexec(?:Sync)?\b/.test(text));
    });
    expect(runtimeSources().length).toBeGreaterThan(10);
    expect(offending).toEqual([]);
  });
});
