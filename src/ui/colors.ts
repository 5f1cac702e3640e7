/** `--color`: `auto` (the default) decides from the terminal and the environment; `always` and `never` decide alone. */
export type ColorChoice = 'auto' | 'always' | 'never';

/** The choices of `--color`, for the command line. */
export const COLOR_CHOICES: readonly ColorChoice[] = ['auto', 'always', 'never'];

/**
 * Whether to color what goes to `stream`. With `auto`: never when NO_COLOR is set (not empty),
 * always when FORCE_COLOR is set to anything but `0` or `false`, else only on a terminal whose
 * TERM is not `dumb`.
 */
export function useColor(choice: ColorChoice, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (choice !== 'auto') return choice === 'always';
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && !/^(0|false)$/i.test(env.FORCE_COLOR)) return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
