/** An error the user can cause and fix: printed as one line plus a hint, never as a stack trace. */
export class UserError extends Error {
  /** What to do about it, shown under the message. */
  readonly hint?: string;
  /** The process exit code this error maps to. */
  readonly exitCode: number = 2;

  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** Bad command-line usage: unknown flag, bad value, missing argument. */
export class UsageError extends UserError {}

/** An invalid `[tool.mainguard]` table or unreadable pyproject.toml. */
export class ConfigError extends UserError {}

/** A codemod that cannot be found or loaded (`run -t`). */
export class CodemodError extends UserError {}
