import { spawn } from 'node:child_process';

/** Where showPaged shows its text. */
export interface PagerOptions {
  /** The terminal's height in rows; undefined when stdout is not a terminal, which is never paged. */
  rows: number | undefined;
  /** The pager command ($PAGER), split at spaces and run without a shell; "" or `cat` writes directly. Default `less -R`. */
  command?: string;
  /** The environment the pager runs in. */
  env: NodeJS.ProcessEnv;
  /** Writes to stdout, for text shown without the pager. */
  write(text: string): void;
}

/**
 * Shows `text` as git shows a long diff: through the pager when, with one more line for the
 * question below it, it is taller than the terminal; written out otherwise, or when the pager
 * cannot be started. `less` runs with `LESS=FRX` unless LESS is set, as git does: colors kept,
 * the last screen left in place when it quits. Resolves when the pager has exited.
 */
export async function showPaged(text: string, options: PagerOptions): Promise<void> {
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  const [program, ...args] = (options.command ?? 'less -R').trim().split(/\s+/);
  if (options.rows === undefined || lines + 1 <= options.rows || !program || program === 'cat') {
    options.write(text);
    return;
  }
  await new Promise<void>((resolve) => {
    const child = spawn(program, args, { stdio: ['pipe', 'inherit', 'inherit'], env: { ...options.env, LESS: options.env.LESS ?? 'FRX' } });
    child.on('error', () => {
      options.write(text);
      resolve();
    });
    child.on('close', () => resolve());
    // The user may quit the pager before it has read everything.
    child.stdin.on('error', () => {});
    child.stdin.end(text);
  });
}
