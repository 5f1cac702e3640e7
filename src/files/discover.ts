import type { Dirent, Stats } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { toPosixPath } from './paths.js';

/** Directory names skipped at any depth unless `exclude` replaces them. */
export const DEFAULT_EXCLUDES: readonly string[] = [
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  'env',
  'node_modules',
  '__pycache__',
  'site-packages',
  '.tox',
  '.nox',
  'build',
  'dist',
  '.eggs',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.mainguard_cache',
];

/** How `discoverFiles` chooses files. */
export interface DiscoverOptions {
  /** Directory that relative arguments and displayed paths are relative to. */
  cwd: string;
  /** Gitignore-style globs that replace `DEFAULT_EXCLUDES` when given. */
  exclude?: string[];
  /** Gitignore-style globs added to the excludes (the defaults or `exclude`). */
  extendExclude?: string[];
  /** Directory that exclude globs are relative to (e.g. the pyproject.toml's); `cwd` by default. */
  excludeBase?: string;
  /** File extensions to collect while walking, with or without the dot; `["py"]` by default. */
  extensions?: string[];
  /** Whether .gitignore files (and .git/info/exclude) hide files; true by default. */
  respectGitignore?: boolean;
  /** Called each time the walk finds a new file, with how many it has found. */
  onFound?: (count: number) => void;
}

/** A file to scan. */
export interface DiscoveredFile {
  /** As shown to the user: relative to cwd with forward slashes, or absolute if outside cwd. */
  path: string;
  /** The file's real absolute path (symlinks resolved): read and write this one. */
  absPath: string;
}

/** A path that could not be scanned. */
export interface DiscoveryError {
  /** The argument as given, or a walked directory's path as shown to the user. */
  path: string;
  /** One line, e.g. `no such file or directory`, `permission denied`. */
  reason: string;
}

/** The outcome of `discoverFiles`: files sorted by path, without duplicates. */
export interface Discovery {
  files: DiscoveredFile[];
  errors: DiscoveryError[];
}

/** The rules of one ignore file, with the directory its patterns are relative to. */
interface Level {
  dir: string;
  rules: Ignore;
}

/** A directory waiting to be walked. */
interface Frame {
  /** Absolute path as reached (through symlinks, if any). */
  abs: string;
  real: string;
  /** Gitignore levels in force, shallowest first. */
  levels: Level[];
  /** Where exclude globs are matched from when outside the exclude base: the argument's parent. */
  rootAbs: string;
  /** The real path of the argument: symlinks are not followed out of it. */
  rootReal: string;
  viaLink: boolean;
}

interface Candidate {
  file: DiscoveredFile;
  viaLink: boolean;
}

const makeIgnore = (): Ignore => ignore({ ignorecase: false });

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

/** `rel` from `dir` in posix form, with a trailing slash for directories; undefined if not below. */
function relativeBelow(dir: string, abs: string, isDir: boolean): string | undefined {
  const rel = path.relative(dir, abs);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  return toPosixPath(rel) + (isDir ? '/' : '');
}

function errorReason(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return (error as Error).message;
  }
}

/** Git's verdict: the deepest level with a matching rule decides. */
function isGitignored(levels: Level[], abs: string, isDir: boolean): boolean {
  for (let i = levels.length - 1; i >= 0; i--) {
    const rel = relativeBelow(levels[i]!.dir, abs, isDir);
    if (rel === undefined) continue;
    const result = levels[i]!.rules.test(rel);
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}

/**
 * `ignore` also reports a path as ignored when an ancestor is. Git never asks about files below an
 * excluded directory, but we do walk such a directory when a deeper negation re-includes it or when
 * it was named on the command line; the levels that exclude it are then dropped below it, so that
 * they cannot hide everything there.
 */
function levelsBelow(levels: Level[], dirAbs: string): Level[] {
  return levels.filter((level) => {
    const rel = relativeBelow(level.dir, dirAbs, true);
    return rel === undefined || !level.rules.test(rel).ignored;
  });
}

/**
 * Finds the files to scan under `paths` (files and directories, relative to `options.cwd`).
 *
 * - Directories are walked; a file is collected when its name ends in one of `extensions`.
 *   Directories named in `DEFAULT_EXCLUDES` (unless `exclude` replaces them), and paths matched by
 *   .gitignore files (in the tree, and above it up to the repository root) are skipped.
 * - A file named explicitly is always included, whatever its extension, even if gitignored or in
 *   a default-excluded directory, but NOT if it matches a user exclude (`exclude`/`extendExclude`):
 *   those always win, for arguments too. A directory named explicitly is walked even if gitignored.
 * - Symlinks are followed only when their real path stays inside the argument's real path;
 *   loops end, and each real file is listed once (preferably under a path without symlinks).
 * - Missing arguments and unreadable directories become `errors`; the rest goes on.
 */
export async function discoverFiles(paths: string[], options: DiscoverOptions): Promise<Discovery> {
  const cwd = path.resolve(options.cwd);
  const excludeBase = path.resolve(cwd, options.excludeBase ?? '.');
  const userExcludes = makeIgnore().add([...(options.exclude ?? []), ...(options.extendExclude ?? [])]);
  const defaultExcludes = new Set(options.exclude ? [] : DEFAULT_EXCLUDES);
  const extensions = (options.extensions ?? ['py']).map((ext) => `.${ext.replace(/^\./, '')}`);
  const respectGitignore = options.respectGitignore ?? true;

  const errors: DiscoveryError[] = [];
  const candidates = new Map<string, Candidate>();
  const ignoreFiles = new Map<string, Promise<Ignore | undefined>>();
  const visited = new Set<string>();
  const realQueue: Frame[] = [];
  const linkQueue: Frame[] = [];

  const display = (abs: string): string => relativeBelow(cwd, abs, false) ?? (abs === cwd ? '.' : toPosixPath(abs));

  const isUserExcluded = (abs: string, isDir: boolean, rootAbs: string): boolean => {
    // Outside the exclude base, globs are matched relative to the argument's parent instead.
    const rel = relativeBelow(isInside(abs, excludeBase) ? excludeBase : rootAbs, abs, isDir);
    return rel !== undefined && userExcludes.ignores(rel);
  };

  const loadIgnoreFile = (file: string): Promise<Ignore | undefined> => {
    let rules = ignoreFiles.get(file);
    if (!rules) {
      rules = readFile(file, 'utf8').then(
        (text) => makeIgnore().add(text),
        () => undefined,
      );
      ignoreFiles.set(file, rules);
    }
    return rules;
  };

  /** The ignore files above `dirAbs`, from the repository root down; none outside a repository. */
  const levelsAbove = async (dirAbs: string): Promise<Level[]> => {
    const ancestors: string[] = [];
    for (let dir = dirAbs; ; dir = path.dirname(dir)) {
      ancestors.unshift(dir);
      const git = await stat(path.join(dir, '.git')).catch(() => undefined);
      if (git) {
        const levels: Level[] = [];
        const exclude = git.isDirectory() ? await loadIgnoreFile(path.join(dir, '.git', 'info', 'exclude')) : undefined;
        if (exclude) levels.push({ dir, rules: exclude });
        for (const ancestor of ancestors.slice(0, -1)) {
          const rules = await loadIgnoreFile(path.join(ancestor, '.gitignore'));
          if (rules) levels.push({ dir: ancestor, rules });
        }
        return levels;
      }
      if (path.dirname(dir) === dir) return [];
    }
  };

  const addFile = (abs: string, real: string, viaLink: boolean): void => {
    const file = { path: display(abs), absPath: real };
    const seen = candidates.get(real);
    const better = !seen || (seen.viaLink && !viaLink) || (seen.viaLink === viaLink && file.path < seen.file.path);
    if (!better) return;
    candidates.set(real, { file, viaLink });
    if (!seen) options.onFound?.(candidates.size);
  };

  const walk = async (frame: Frame): Promise<void> => {
    const key = `${frame.rootReal}\0${frame.real}`;
    if (visited.has(key)) return;
    visited.add(key);

    let entries: Dirent[];
    try {
      entries = await readdir(frame.abs, { withFileTypes: true });
    } catch (error) {
      errors.push({ path: display(frame.abs), reason: errorReason(error) });
      return;
    }
    let levels = frame.levels;
    if (respectGitignore && entries.some((entry) => entry.name === '.gitignore')) {
      const rules = await loadIgnoreFile(path.join(frame.abs, '.gitignore'));
      if (rules) levels = [...levels, { dir: frame.abs, rules }];
    }

    for (const entry of entries) {
      const abs = path.join(frame.abs, entry.name);
      let real = path.join(frame.real, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      const isLink = entry.isSymbolicLink();
      if (isLink) {
        try {
          real = await realpath(abs);
          const target = await stat(real);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch {
          continue; // broken link
        }
        if (!isInside(real, frame.rootReal)) continue;
      }
      if (!isDir && !isFile) continue;
      if (isDir && defaultExcludes.has(entry.name)) continue;
      if (isUserExcluded(abs, isDir, frame.rootAbs)) continue;
      if (isGitignored(levels, abs, isDir)) continue;

      const viaLink = frame.viaLink || isLink;
      if (isDir) {
        const child = { ...frame, abs, real, levels: levelsBelow(levels, abs), viaLink };
        (isLink ? linkQueue : realQueue).push(child);
      } else if (extensions.some((ext) => entry.name.length > ext.length && entry.name.endsWith(ext))) {
        addFile(abs, real, viaLink);
      }
    }
  };

  for (const arg of paths) {
    const abs = path.resolve(cwd, arg);
    let info: Stats;
    let real: string;
    try {
      info = await stat(abs);
      real = await realpath(abs);
    } catch (error) {
      errors.push({ path: arg, reason: errorReason(error) });
      continue;
    }
    if (info.isDirectory()) {
      if (isUserExcluded(abs, true, path.dirname(abs))) continue;
      const levels = respectGitignore ? levelsBelow(await levelsAbove(abs), abs) : [];
      realQueue.push({ abs, real, levels, rootAbs: path.dirname(abs), rootReal: real, viaLink: false });
    } else if (info.isFile()) {
      if (!isUserExcluded(abs, false, path.dirname(abs))) addFile(abs, real, false);
    } else {
      errors.push({ path: arg, reason: 'not a regular file or directory' });
    }
  }

  // Real directories first, so that a file reachable both directly and through a symlinked
  // directory is listed under its direct path.
  for (;;) {
    const frame = realQueue.pop() ?? linkQueue.shift();
    if (!frame) break;
    await walk(frame);
  }

  const files = [...candidates.values()].map((candidate) => candidate.file);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, errors };
}
