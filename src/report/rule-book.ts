import type { RuleInfo, Severity } from '../codemod.js';

/**
 * The rules of the codemod that runs, as its `meta.rules` declares them: what the reporters need
 * to name, color and grade findings. A code no rule declares is a warning with no name.
 */
export class RuleBook {
  private readonly byCode: ReadonlyMap<string, RuleInfo>;

  constructor(readonly rules: readonly RuleInfo[] = []) {
    this.byCode = new Map(rules.map((rule) => [rule.code.toUpperCase(), rule]));
  }

  /** The declared codes, in the codemod's order. */
  get codes(): string[] {
    return this.rules.map((rule) => rule.code);
  }

  /** The rule of a code, case-insensitively (`mg002` finds MG002). */
  find(code: string): RuleInfo | undefined {
    return this.byCode.get(code.trim().toUpperCase());
  }

  /** How serious a finding of this code is (SARIF level, GitHub command, red or yellow on a terminal). */
  severity(code: string): Severity {
    return this.find(code)?.severity ?? 'warning';
  }

  /** The rule's kebab-case name; "" for an undeclared code. */
  name(code: string): string {
    return this.find(code)?.name ?? '';
  }
}
