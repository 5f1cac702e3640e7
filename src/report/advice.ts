// What a reviewer can do about a file the rewrite leaves as it is: the marker comment, the key of
// [tool.mainguard] or the flag that changes the outcome, or that there is nothing to do.
import type { ReviewFile } from './review.js';

const KEEP =
  'To keep a statement at module level and silence it, end its line with `# mainguard: keep`; to keep every statement of a shape, add an ast-grep pattern to `keep` under `[tool.mainguard]`.';

/** The advice for one file of the review, one sentence each; none for a file that changes or needs nothing. */
export function adviceFor(file: Pick<ReviewFile, 'status' | 'kind' | 'skip' | 'error' | 'findings'>): string[] {
  const at = (line: number | undefined): string => (line === undefined ? '' : ` (line ${line})`);
  if (file.status === 'skipped' && file.skip?.kind === 'ignored') {
    if (/^(?:__init__|setup)\.py is left alone/.test(file.skip.reason)) {
      return ['Pass `--include-init`, or set `include-init = true` under `[tool.mainguard]`, to have it judged and rewritten like any other module.'];
    }
    return [`Remove the \`# mainguard: skip-file\` comment${at(file.skip.line)} to have the file judged and rewritten.`];
  }
  if (file.status === 'skipped') {
    return [
      `No rewrite keeps what the file does: see the reason${file.skip?.line === undefined ? '' : ` and line ${file.skip.line}`}.`,
      KEEP,
      'Or move the code behind `if __name__ == "__main__":` by hand; `mainguard check` then confirms nothing is left.',
    ];
  }
  if (file.status === 'failed') {
    if (file.findings.some((f) => f.code === 'MG000')) {
      return ['Python cannot parse the file as it is (a syntax error, Python 2 code, a template): fix it and run again, or pass `--ignore MG000` to stop reporting such files.'];
    }
    return ['The file could not be read: check that it exists and can be read, and that it is under 4 MB.'];
  }
  if (file.status === 'unchanged' && file.findings.length > 0) {
    const owner = file.kind === 'library' ? ' Other files import it, so only what it clearly does as a script is reported.' : '';
    return [`Nothing here can be rewritten safely.${owner}`, KEEP, 'Or move the work into a function by hand.'];
  }
  return [];
}
