import { spawnSync } from 'node:child_process';

/** What one run of a tool did. */
export interface ToolRun {
  stdout: string;
  stderr: string;
  code: number | null;
}

/**
 * The environment for an npm (or pre-commit) run inside a test: the caller's, without what
 * `npm test` sets for its own package (npm_package_*, npm_lifecycle_*, the local prefix), which
 * would make the inner npm act on this repository instead of the folder it runs in.
 */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package|lifecycle)_|^npm_command$|^npm_config_local_prefix$|^INIT_CWD$/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Runs `command args` in `cwd` with toolEnv (plus `extra`), up to `timeout` ms. */
export function runTool(command: string, args: string[], cwd: string, extra: Record<string, string> = {}, timeout = 300_000): ToolRun {
  const result = spawnSync(command, args, { cwd, env: toolEnv(extra), encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  return { stdout: result.stdout ?? '', stderr: result.stderr ?? String(result.error ?? ''), code: result.status };
}
