// The review as one self-contained HTML page: the summary drawn here, the data inlined as JSON,
// and the libraries, styles and page script inlined after it, so that the file opens from a
// file:// URL with no network.
import type { ReviewDocument } from '../review.js';
import { loadPageAssets } from './assets.js';
import { reviewPage } from './client.js';
import { PAGE_CSS } from './style.js';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Text inside a `<script>` or `<style>` element: no `</` may close it early (JSON and scripts stay valid with `<\/`). */
const inlineText = (text: string): string => text.replace(/<\/(script|style)/gi, '<\\/$1');

/** The words of the terminal summary line, with the review's count of each. */
function summaryCards(review: ReviewDocument): string {
  const s = review.summary;
  const card = (key: string, label: string, value: number, cls = ''): string => `<div class="card ${cls}" data-summary="${escapeHtml(key)}"><dt>${escapeHtml(label)}</dt><dd>${value}</dd></div>`;
  const outcomes = [
    card('files', 'files scanned', s.files),
    card('changed', 'would change', s.changed, 'outcome-changed'),
    card('unchanged', 'unchanged', s.unchanged),
    card('refused', 'refused', s.skipped.refused, 'outcome-refused'),
    card('ignored', 'ignored', s.skipped.ignored),
    card('failed', 'failed', s.failed, 'outcome-failed'),
  ];
  const kinds = Object.entries(s.kinds)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([kind, n]) => card(`kind-${kind}`, kind, n));
  const names = new Map(review.rules.map((r) => [r.code, r]));
  const codes = Object.entries(s.byCode).map(([code, n]) => {
    const rule = names.get(code);
    return `<div class="card code-card" data-summary="code-${escapeHtml(code)}" title="${escapeHtml(rule?.summary ?? '')}"><dt>${escapeHtml(code)} <span class="rule-name">${escapeHtml(rule?.name ?? '')}</span></dt><dd>${n}</dd></div>`;
  });
  const refusals =
    s.refusals.length === 0
      ? ''
      : `<details class="refusals"><summary>Refused, by reason</summary><table><tbody>${s.refusals.map((r) => `<tr data-refusal><td class="n">${r.count}</td><td>${escapeHtml(r.reason)}</td></tr>`).join('')}</tbody></table></details>`;
  return `<dl class="cards">${outcomes.join('')}</dl>
<dl class="cards kinds"><div class="cards-title">what the files are</div>${kinds.join('')}</dl>
<dl class="cards codes"><div class="cards-title">findings (${s.findings})</div>${codes.join('')}</dl>
${refusals}`;
}

const FILTERS: Array<[string, string]> = [
  ['all', 'all'],
  ['changed', 'would change'],
  ['refused', 'refused'],
  ['left-alone', 'left alone'],
  ['failed', 'failed'],
  ['warnings', 'warnings'],
  ['mg002', 'MG002 process starts'],
  ['unreviewed', 'not reviewed'],
];

/**
 * The review as the page reads it: an importer that is a file of the review is named by its index
 * in `files` rather than by its path, which leaves out most of the page's weight on a large tree.
 */
function pageData(review: ReviewDocument): string {
  const index = new Map(review.files.map((f, i) => [f.path, i]));
  const files = review.files.map((f) => ({ ...f, importedBy: f.importedBy.map((i) => ({ file: index.get(i.path) ?? i.path, names: i.names })) }));
  return JSON.stringify({ ...review, files });
}

/** The review page of a dry run: one self-contained HTML document. */
export function renderReviewPage(review: ReviewDocument): string {
  const assets = loadPageAssets();
  const command = review.command === 'fix' ? 'mainguard fix --dry-run' : `mainguard run -t ${review.codemod} --dry-run`;
  const data = pageData(review).replace(/</g, '\\u003c');
  const filters = FILTERS.map(([key, label]) => `<button type="button" data-filter="${key}" aria-pressed="false">${escapeHtml(label)} <span class="count"></span></button>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mainguard ${escapeHtml(review.tool.version)}">
<title>mainguard review: ${review.summary.changed} would change, ${review.summary.files} files</title>
<style>${inlineText(assets.diff2htmlCss)}</style>
<style>${inlineText(assets.highlightCss)}</style>
<style>${inlineText(PAGE_CSS)}</style>
</head>
<body>
<header class="top">
<h1>mainguard review</h1>
<p class="run"><code>${escapeHtml(command)}</code> · mainguard ${escapeHtml(review.tool.version)}</p>
<p class="summary-line" id="summary-line">${escapeHtml(review.summary.text)}</p>
<section id="summary" aria-label="summary">${summaryCards(review)}</section>
</header>
<details class="graph-section" open>
<summary>Imports between the files <span class="legend"><span class="key outcome-changed">would change</span><span class="key outcome-unchanged">unchanged</span><span class="key outcome-refused">refused</span><span class="key outcome-ignored">ignored</span><span class="key outcome-failed">failed</span> · ● script ■ library · a box per folder, lines for imports between folders</span></summary>
<div id="graph"></div>
</details>
<main>
<nav class="sidebar" aria-label="files">
<div class="filters" role="group" aria-label="show">${filters}</div>
<input type="search" id="search" placeholder="search paths (/)" aria-label="search paths" autocomplete="off">
<p class="list-info"><span id="list-count"></span> · <span id="reviewed-count"></span></p>
<ol id="file-list"></ol>
<p class="keys">keys: <kbd>j</kbd>/<kbd>k</kbd> or <kbd>n</kbd>/<kbd>p</kbd> next/previous file · <kbd>x</kbd> reviewed · <kbd>/</kbd> search</p>
</nav>
<article id="detail"><p class="empty">Select a file.</p></article>
</main>
<script type="application/json" id="review-data">${data}</script>
<script>${inlineText(assets.diff2html)}</script>
<script>${inlineText(assets.highlight)}</script>
<script>(${inlineText(reviewPage.toString())})();</script>
</body>
</html>
`;
}
