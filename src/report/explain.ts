// The text of `mainguard explain CODE`, for any codemod's rules.
import picocolors from 'picocolors';
import { UsageError } from '../errors.js';
import type { RuleBook } from './rule-book.js';

/**
 * Wraps one paragraph to `width` columns at spaces; a `code span` is never split, and words
 * longer than the width stay whole.
 */
function wrap(paragraph: string, width: number): string {
  const words = paragraph.match(/(?:[^\s`]*`[^`]*`)+[^\s`]*|\S+/g) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** Indents every non-empty line of `code` by four spaces (empty lines stay empty). */
function indentCode(code: string): string {
  return code
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l === '' ? '' : `    ${l}`))
    .join('\n');
}

/**
 * The text of `mainguard explain CODE`: a title line `MG002 (process-start-at-import): summary`,
 * the explanation wrapped at 88 columns, then `Before:` and `After:` examples indented four
 * spaces; ends with a newline. Throws UsageError for an unknown code.
 */
export function renderExplanation(code: string, rules: RuleBook, color: boolean): string {
  const rule = rules.find(code);
  if (!rule) {
    throw new UsageError(`unknown rule code: ${code}`, `known codes: ${rules.codes.join(', ')}`);
  }
  const c = picocolors.createColors(color);
  const paragraphs = (rule.explanation ?? rule.summary).split(/\n\n+/).map((p) => wrap(p.trim(), 88));
  return [
    `${c.bold(rule.code)} (${c.cyan(rule.name)}): ${rule.summary}`,
    '',
    paragraphs.join('\n\n'),
    '',
    c.bold('Before:'),
    '',
    indentCode(rule.before ?? ''),
    '',
    c.bold('After:'),
    '',
    indentCode(rule.after ?? ''),
    '',
  ].join('\n');
}
