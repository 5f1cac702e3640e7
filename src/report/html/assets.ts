// The libraries the review page inlines, read once from their packages: diff2html draws the
// diffs, highlight.js (its core and the Python grammar only) colours the code.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The scripts and styles inlined into the page, in the order they are loaded. */
export interface PageAssets {
  /** Defines the global `Diff2Html`. */
  diff2html: string;
  diff2htmlCss: string;
  /** Defines the global `hljs` with the Python grammar registered. */
  highlight: string;
  highlightCss: string;
}

const require = createRequire(import.meta.url);
const read = (file: string): string => readFileSync(file, 'utf8');

let cached: PageAssets | undefined;

/** Reads the assets (once per process). */
export function loadPageAssets(): PageAssets {
  if (cached) return cached;
  // highlight.js ships its core without the common grammars only as an ES module; the page runs
  // classic scripts (a file:// page cannot import modules), so its export becomes a global.
  const core = read(require.resolve('@highlightjs/cdn-assets/es/core.min.js'));
  const exported = /export\s*\{\s*([\w$]+)\s+as\s+default\s*\}\s*;?\s*$/;
  const match = exported.exec(core);
  if (!match) throw new Error('highlight.js core: its default export is not where it used to be');
  const highlight = `var hljs=(()=>{${core.slice(0, match.index)};return ${match[1]}})();\n${read(require.resolve('@highlightjs/cdn-assets/languages/python.min.js'))}`;
  cached = {
    diff2html: read(require.resolve('diff2html/bundles/js/diff2html.min.js')),
    diff2htmlCss: read(require.resolve('diff2html/bundles/css/diff2html.min.css')),
    highlight,
    highlightCss: read(require.resolve('@highlightjs/cdn-assets/styles/github.min.css')),
  };
  return cached;
}
