/** The review page's own styles (diff2html's and highlight.js's come before them). */
export const PAGE_CSS = `
:root { --changed: #1a7f37; --unchanged: #57606a; --refused: #bc4c00; --ignored: #8c959f; --failed: #cf222e; --line: #d0d7de; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #fff; }
code, kbd, pre, .path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
header.top { padding: 12px 20px; border-bottom: 1px solid var(--line); background: var(--soft); }
h1 { margin: 0; font-size: 20px; }
.run { margin: 2px 0; color: var(--unchanged); }
.summary-line { margin: 6px 0 10px; font-weight: 600; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0; align-items: stretch; }
.cards-title { align-self: center; color: var(--unchanged); min-width: 150px; }
.card { margin: 0; padding: 4px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; min-width: 90px; }
.card dt { font-size: 12px; color: var(--unchanged); }
.card dd { margin: 0; font-size: 20px; font-weight: 600; }
.card.outcome-changed dd { color: var(--changed); } .card.outcome-refused dd { color: var(--refused); } .card.outcome-failed dd { color: var(--failed); }
.rule-name { font-size: 11px; }
.refusals table { border-collapse: collapse; margin: 4px 0; } .refusals td { padding: 2px 8px; border-top: 1px solid var(--line); vertical-align: top; } .refusals .n { text-align: right; font-weight: 600; }
.graph-section { border-bottom: 1px solid var(--line); padding: 6px 20px; }
.graph-section > summary { cursor: pointer; font-weight: 600; }
.legend { font-weight: 400; color: var(--unchanged); margin-left: 12px; font-size: 12px; }
.legend .key::before { content: "●"; margin: 0 3px 0 8px; }
.legend .key.outcome-changed::before { color: var(--changed); } .legend .key.outcome-unchanged::before { color: var(--unchanged); }
.legend .key.outcome-refused::before { color: var(--refused); } .legend .key.outcome-ignored::before { color: var(--ignored); } .legend .key.outcome-failed::before { color: var(--failed); }
#graph { max-height: 420px; overflow: auto; margin-top: 6px; }
#graph svg { display: block; }
#graph .folder rect { fill: var(--soft); stroke: var(--line); }
#graph .folder text { font: 10px ui-monospace, monospace; fill: var(--unchanged); }
#graph .edges line { stroke: #8c959f; stroke-opacity: 0.1; }
#graph .edges line.near { stroke: #0969da; stroke-opacity: 0.3; }
#graph .focus-edges line { stroke-width: 1.5; stroke-opacity: 0.9; }
#graph .focus-edges .importer { stroke: #0969da; } #graph .focus-edges .imported { stroke: #8250df; }
#graph .node { cursor: pointer; stroke: #fff; stroke-width: 0.8; }
#graph .node.kind-other { opacity: 0.75; }
#graph .node.focused { stroke: #1f2328; stroke-width: 2.5; }
.node.outcome-changed { fill: var(--changed); } .node.outcome-unchanged { fill: var(--unchanged); } .node.outcome-refused { fill: var(--refused); }
.node.outcome-ignored { fill: var(--ignored); } .node.outcome-failed { fill: var(--failed); }
main { display: grid; grid-template-columns: minmax(280px, 26%) 1fr; height: calc(100vh - 40px); min-height: 480px; }
.sidebar { border-right: 1px solid var(--line); display: flex; flex-direction: column; min-height: 0; padding: 8px; }
.filters { display: flex; flex-wrap: wrap; gap: 4px; }
.filters button, .diff-toolbar button { font: inherit; font-size: 12px; border: 1px solid var(--line); background: #fff; border-radius: 12px; padding: 1px 8px; cursor: pointer; }
.filters button[aria-pressed="true"], .diff-toolbar button[aria-pressed="true"] { background: #0969da; color: #fff; border-color: #0969da; }
.filters .count { opacity: 0.8; }
#search { margin: 8px 0 4px; padding: 4px 8px; font: inherit; border: 1px solid var(--line); border-radius: 6px; }
.list-info { margin: 0 0 4px; color: var(--unchanged); font-size: 12px; }
#file-list { list-style: none; margin: 0; padding: 0; overflow-y: auto; flex: 1; min-height: 0; }
.file { display: flex; gap: 6px; align-items: baseline; padding: 2px 4px; cursor: pointer; border-radius: 4px; }
.file:hover { background: var(--soft); } .file.selected { background: #ddf4ff; }
.file .path { flex: 1; overflow-wrap: anywhere; }
.file .tick { visibility: hidden; color: var(--changed); } .file.reviewed .tick { visibility: visible; }
.file.reviewed .path { color: var(--unchanged); }
.badge { font-size: 11px; padding: 0 6px; border-radius: 8px; color: #fff; white-space: nowrap; background: var(--unchanged); }
.badge.outcome-changed { background: var(--changed); } .badge.outcome-refused { background: var(--refused); }
.badge.outcome-ignored { background: var(--ignored); } .badge.outcome-failed { background: var(--failed); }
.mark { font-size: 11px; } .mark-mg002 { color: var(--failed); font-weight: 600; } .mark-warning { color: #9a6700; }
.keys { font-size: 12px; color: var(--unchanged); margin: 6px 0 0; }
kbd { border: 1px solid var(--line); border-radius: 3px; padding: 0 3px; background: var(--soft); }
#detail { overflow-y: auto; padding: 10px 20px 40px; min-width: 0; }
.detail-head { position: sticky; top: -10px; background: #fff; padding: 6px 0; border-bottom: 1px solid var(--line); z-index: 2; }
.detail-path { margin: 0; font: 600 16px ui-monospace, monospace; overflow-wrap: anywhere; }
.verdict { margin: 4px 0; } .kind { font-weight: 600; }
.reviewed-label { cursor: pointer; user-select: none; }
.part h3 { font-size: 14px; margin: 14px 0 4px; }
.reason { margin: 4px 0; } .at { color: var(--unchanged); }
.excerpt-block { margin: 6px 0; padding: 6px 0; border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; }
.src-line { display: block; padding: 0 8px; } .src-line.hit { background: #fff8c5; }
.ln { display: inline-block; width: 4em; color: var(--ignored); text-align: right; margin-right: 12px; user-select: none; }
.report h4 { margin: 8px 0 2px; font-size: 13px; }
.entry-moved { color: var(--changed); } .entry-kept { color: #0550ae; } .entry-global { color: #8250df; } .entry-warning { color: #9a6700; } .entry-note { color: var(--unchanged); }
.entries, .advice, .findings, .importers { margin: 2px 0; padding-left: 20px; }
.entries li { white-space: pre-wrap; }
.code { font: 600 12px ui-monospace, monospace; } .code-MG002, .code-MG000 { color: var(--failed); }
.diff-toolbar { display: flex; gap: 4px; margin-bottom: 6px; }
.diff .d2h-file-header { display: none; }
.empty { color: var(--unchanged); }
`;
