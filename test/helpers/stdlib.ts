import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A local CPython installation whose standard library serves as a corpus of real code. */
export interface StdlibCorpus {
  version: string;
  /** The interpreter of that version. */
  python: string;
  /** `.../lib/pythonX.Y`. */
  libDir: string;
}

function pyenvRoot(): string | undefined {
  try {
    return execFileSync('pyenv', ['root'], { encoding: 'utf8' }).trim();
  } catch {
    return existsSync('/root/.pyenv') ? '/root/.pyenv' : undefined;
  }
}

/** Every `$(pyenv root)/versions/*` with a standard library and an interpreter, oldest first. */
export function findStdlibCorpora(): StdlibCorpus[] {
  const root = pyenvRoot();
  if (!root || !existsSync(join(root, 'versions'))) return [];
  const corpora: StdlibCorpus[] = [];
  for (const version of readdirSync(join(root, 'versions'))) {
    const lib = join(root, 'versions', version, 'lib');
    if (!existsSync(lib)) continue;
    const libName = readdirSync(lib).find((name) => /^python\d\.\d+$/.test(name));
    const major = version.split('.')[0];
    const python = join(root, 'versions', version, 'bin', `python${major}`);
    if (libName && existsSync(python)) corpora.push({ version, python, libDir: join(lib, libName) });
  }
  const key = (v: string) =>
    v
      .split('.')
      .map((n) => n.padStart(3, '0'))
      .join('.');
  return corpora.sort((a, b) => key(a.version).localeCompare(key(b.version)));
}

// Runs under Python 2.7 and 3.x alike: compiles each file named on stdin, prints the ones that fail.
const COMPILE_EACH = `
import sys
failed = []
for line in sys.stdin:
    name = line.rstrip("\\n")
    try:
        with open(name, "rb") as handle:
            source = handle.read()
        if sys.argv[1:] == ["parse"]:
            import ast
            ast.parse(source, name)
        else:
            compile(source, name, "exec")
    except Exception as error:
        failed.append(name + "\\t" + type(error).__name__ + ": " + str(error).replace("\\n", " "))
sys.stdout.write("\\n".join(failed))
`;

/**
 * Compiles files with a given interpreter (or only parses them, `parse`: no check of names and
 * scopes); returns `path\treason` for each that does not compile.
 */
export function filesThatDoNotCompile(python: string, files: string[], mode: 'compile' | 'parse' = 'compile'): string[] {
  if (files.length === 0) return [];
  const result = spawnSync(python, ['-c', COMPILE_EACH, ...(mode === 'parse' ? ['parse'] : [])], {
    input: `${files.join('\n')}\n`,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONWARNINGS: 'ignore' },
  });
  if (result.status !== 0) throw new Error(`${python} failed: ${result.stderr}`);
  return result.stdout.split('\n').filter(Boolean);
}
