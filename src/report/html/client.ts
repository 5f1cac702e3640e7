/// <reference lib="dom" />
// The review page's script. It runs in the browser, not in Node: page.ts inlines its source text,
// so it must not use anything from the module around it — only the page's own data and the
// globals of the libraries inlined before it (Diff2Html, hljs).

/** Builds the review page from the data inlined in it: the file list, the selected file, keys, the reviewed marks and the import graph. */
export function reviewPage(): void {
  interface Entry {
    kind: string;
    message: string;
    line?: number;
  }
  interface File {
    path: string;
    status: 'changed' | 'unchanged' | 'skipped' | 'failed';
    kind?: string;
    why?: string;
    findings: Array<{ code: string; message: string; line: number; column: number }>;
    skip?: { kind: 'refused' | 'ignored'; reason: string; line?: number };
    error?: { message: string; line?: number };
    entries: Entry[];
    /** An importer that is a file of the review by its index in `files`, another by its path. */
    importedBy: Array<{ file: number | string; names: string[] | 'all' }>;
    diff?: string;
    excerpt?: Array<{ line: number; text: string }>;
    advice: string[];
  }
  interface Review {
    files: File[];
    rules: Array<{ code: string; name: string; summary: string }>;
  }
  const w = window as unknown as {
    Diff2Html: { html(diff: string, options: Record<string, unknown>): string };
    hljs: { highlight(code: string, options: { language: string; ignoreIllegals: boolean }): { value: string } };
  };
  const review = JSON.parse(document.getElementById('review-data')!.textContent!) as Review;
  const files = review.files;
  const byPath = new Map(files.map((f, i) => [f.path, i]));
  const importerPath = (importer: { file: number | string }): string => (typeof importer.file === 'number' ? files[importer.file]!.path : importer.file);
  const importerIndex = (importer: { file: number | string }): number | undefined => (typeof importer.file === 'number' ? importer.file : undefined);

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    node.append(...children);
    return node;
  };
  const outcome = (f: File): string => (f.status === 'skipped' ? f.skip!.kind : f.status);
  const OUTCOME_WORDS: Record<string, string> = { changed: 'would change', unchanged: 'unchanged', refused: 'refused', ignored: 'ignored', failed: 'failed' };
  const hasWarning = (f: File): boolean => f.entries.some((e) => e.kind === 'warning');
  const startsProcesses = (f: File): boolean => f.findings.some((x) => x.code === 'MG002');

  // Reviewed marks: one localStorage key per file and version of its change, so that a new diff asks again.
  const hash = (text: string): string => {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return (h >>> 0).toString(36);
  };
  const storageKey = (f: File): string => `mainguard:reviewed:${f.path}:${hash(f.diff ?? f.skip?.reason ?? f.error?.message ?? f.status)}`;
  const storage = ((): Storage | undefined => {
    try {
      return window.localStorage;
    } catch {
      return undefined;
    }
  })();
  const isReviewed = (f: File): boolean => storage?.getItem(storageKey(f)) === '1';
  const setReviewed = (f: File, on: boolean): void => {
    if (on) storage?.setItem(storageKey(f), '1');
    else storage?.removeItem(storageKey(f));
  };

  const FILTERS: Record<string, (f: File) => boolean> = {
    all: () => true,
    changed: (f) => f.status === 'changed',
    refused: (f) => f.status === 'skipped' && f.skip!.kind === 'refused',
    'left-alone': (f) => f.status === 'unchanged' || (f.status === 'skipped' && f.skip!.kind === 'ignored'),
    failed: (f) => f.status === 'failed',
    warnings: hasWarning,
    mg002: startsProcesses,
    unreviewed: (f) => !isReviewed(f),
  };
  let filter = 'all';
  let query = '';
  let selected = -1;

  // The list: one row per file, built once; filtering only hides rows.
  const list = document.getElementById('file-list')!;
  const rows = files.map((f, i) => {
    const marks = el('span', { class: 'marks' });
    if (startsProcesses(f)) marks.append(el('span', { class: 'mark mark-mg002', title: 'starts processes at import time (MG002)' }, 'MG002'));
    if (hasWarning(f)) marks.append(el('span', { class: 'mark mark-warning', title: 'the rewrite warns' }, '⚠'));
    const row = el(
      'li',
      { class: 'file', 'data-index': String(i), 'data-path': f.path, 'data-outcome': outcome(f) },
      el('span', { class: `badge outcome-${outcome(f)}` }, OUTCOME_WORDS[outcome(f)]!),
      el('span', { class: 'path' }, f.path),
      marks,
      el('span', { class: 'tick', title: 'reviewed' }, '✓'),
    );
    row.classList.toggle('reviewed', isReviewed(f));
    row.addEventListener('click', () => select(i));
    return row;
  });
  const fragment = document.createDocumentFragment();
  fragment.append(...rows);
  list.append(fragment);

  const visible = (): number[] => rows.flatMap((row, i) => (row.hidden ? [] : [i]));
  const counter = document.getElementById('list-count')!;
  const reviewedCount = document.getElementById('reviewed-count')!;
  const updateReviewedCount = (): void => {
    reviewedCount.textContent = `${files.filter(isReviewed).length} of ${files.length} reviewed`;
  };

  const applyFilter = (): void => {
    const q = query.trim().toLowerCase();
    const keep = FILTERS[filter]!;
    let shown = 0;
    files.forEach((f, i) => {
      const show = keep(f) && (q === '' || f.path.toLowerCase().includes(q));
      rows[i]!.hidden = !show;
      if (show) shown++;
    });
    counter.textContent = `${shown} of ${files.length} files`;
    for (const button of document.querySelectorAll<HTMLButtonElement>('[data-filter]')) button.setAttribute('aria-pressed', String(button.dataset.filter === filter));
  };
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-filter]')) {
    const count = files.filter(FILTERS[button.dataset.filter!]!).length;
    button.querySelector('.count')!.textContent = String(count);
    button.addEventListener('click', () => {
      filter = button.dataset.filter!;
      applyFilter();
    });
  }
  const search = document.getElementById('search') as HTMLInputElement;
  search.addEventListener('input', () => {
    query = search.value;
    applyFilter();
  });

  // The selected file, drawn when it is selected (never before: a page of 1,000 diffs stays light).
  const detail = document.getElementById('detail')!;
  const ENTRY_TITLES: Record<string, string> = {
    moved: 'Moved into main()',
    kept: 'Kept at module level',
    global: 'Declared global in main()',
    warning: 'Warnings',
    note: 'Notes',
  };
  let diffView = storage?.getItem('mainguard:diff-view') === 'side-by-side' ? 'side-by-side' : 'line-by-line';

  const highlight = (code: string): string => {
    try {
      return w.hljs.highlight(code, { language: 'python', ignoreIllegals: true }).value;
    } catch {
      return code.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
    }
  };
  const drawDiff = (target: HTMLElement, diff: string): void => {
    target.innerHTML = w.Diff2Html.html(diff, { outputFormat: diffView, drawFileList: false, matching: 'none', diffStyle: 'word' });
    for (const line of target.querySelectorAll<HTMLElement>('.d2h-code-line-ctn')) line.innerHTML = highlight(line.textContent ?? '');
  };

  const section = (title: string, ...children: Array<Node | string>): HTMLElement => el('section', { class: 'part' }, el('h3', {}, title), ...children);

  const render = (f: File): void => {
    const box = el('input', { type: 'checkbox', id: 'reviewed-box' }) as HTMLInputElement;
    box.checked = isReviewed(f);
    box.addEventListener('change', () => {
      setReviewed(f, box.checked);
      rows[selected]!.classList.toggle('reviewed', box.checked);
      updateReviewedCount();
      if (filter === 'unreviewed') applyFilter();
    });
    const head = el(
      'header',
      { class: 'detail-head' },
      el('h2', { class: 'detail-path' }, f.path),
      el(
        'p',
        { class: 'verdict' },
        el('span', { class: `badge outcome-${outcome(f)}` }, OUTCOME_WORDS[outcome(f)]!),
        ...(f.kind ? [' ', el('span', { class: 'kind' }, f.kind), f.why ? `: ${f.why}` : ''] : []),
      ),
      el('label', { class: 'reviewed-label' }, box, ' reviewed'),
    );
    const parts: HTMLElement[] = [head];

    if (f.skip || f.error) {
      const reason = f.skip?.reason ?? f.error!.message;
      const line = f.skip?.line ?? f.error?.line;
      const title = f.status === 'failed' ? 'Failed' : f.skip!.kind === 'refused' ? 'Refused' : 'Ignored';
      const reasonPart = section(title, el('p', { class: 'reason' }, reason, line === undefined ? '' : el('span', { class: 'at' }, ` (line ${line})`)));
      if (f.excerpt) {
        const code = el('code', { class: 'excerpt' });
        for (const source of f.excerpt) {
          const row = el('span', { class: source.line === line ? 'src-line hit' : 'src-line' }, el('span', { class: 'ln' }, String(source.line)));
          const text = el('span', { class: 'src' });
          text.innerHTML = highlight(source.text);
          row.append(text, '\n');
          code.append(row);
        }
        reasonPart.append(el('pre', { class: 'excerpt-block hljs' }, code));
      }
      parts.push(reasonPart);
    }
    if (f.advice.length > 0) parts.push(section('What you can do', el('ul', { class: 'advice' }, ...f.advice.map((a) => el('li', {}, a)))));

    if (f.entries.length > 0) {
      const kinds = [...new Set(f.entries.map((e) => e.kind))];
      const report = el('div', { class: 'report' });
      for (const kind of kinds) {
        report.append(
          el('h4', { class: `entry-kind entry-${kind}` }, ENTRY_TITLES[kind] ?? kind),
          el('ul', { class: 'entries' }, ...f.entries.filter((e) => e.kind === kind).map((e) => el('li', {}, e.message))),
        );
      }
      parts.push(section('What the rewrite does', report));
    }
    if (f.findings.length > 0) {
      const names = new Map(review.rules.map((r) => [r.code, r]));
      parts.push(
        section(
          'Findings',
          el(
            'ul',
            { class: 'findings' },
            ...f.findings.map((x) => el('li', {}, el('span', { class: `code code-${x.code}`, title: names.get(x.code)?.summary ?? '' }, x.code), ` line ${x.line}: ${x.message}`)),
          ),
        ),
      );
    }
    if (f.importedBy.length > 0) {
      parts.push(
        section(
          `Imported by ${f.importedBy.length} ${f.importedBy.length === 1 ? 'file' : 'files'}`,
          el(
            'ul',
            { class: 'importers' },
            ...f.importedBy.map((i) =>
              el(
                'li',
                {},
                el('a', { href: `#file=${encodeURIComponent(importerPath(i))}` }, importerPath(i)),
                i.names === 'all' ? ' (every name)' : i.names.length > 0 ? ` (${i.names.join(', ')})` : '',
              ),
            ),
          ),
        ),
      );
    }
    if (f.diff) {
      const target = el('div', { class: 'diff' });
      const toolbar = el('div', { class: 'diff-toolbar', role: 'group' });
      for (const [view, label] of [
        ['line-by-line', 'Unified'],
        ['side-by-side', 'Side by side'],
      ] as const) {
        const button = el('button', { type: 'button', 'data-view': view, 'aria-pressed': String(diffView === view) }, label);
        button.addEventListener('click', () => {
          diffView = view;
          storage?.setItem('mainguard:diff-view', view);
          for (const b of toolbar.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.view === view));
          drawDiff(target, f.diff!);
        });
        toolbar.append(button);
      }
      parts.push(section('Diff', toolbar, target));
      drawDiff(target, f.diff);
    }
    detail.replaceChildren(...parts);
  };

  const select = (i: number, scroll = true): void => {
    if (i < 0 || i >= files.length) return;
    if (selected >= 0) rows[selected]!.classList.remove('selected');
    selected = i;
    rows[i]!.classList.add('selected');
    if (scroll) rows[i]!.scrollIntoView({ block: 'nearest' });
    render(files[i]!);
    detail.scrollTop = 0;
    graph.focus(i);
    history.replaceState(null, '', `#file=${encodeURIComponent(files[i]!.path)}`);
  };

  const move = (step: number): void => {
    const shown = visible();
    if (shown.length === 0) return;
    const at = shown.indexOf(selected);
    const next = at < 0 ? (step > 0 ? shown[0]! : shown[shown.length - 1]!) : shown[Math.min(shown.length - 1, Math.max(0, at + step))]!;
    select(next);
  };
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'search') {
      if (event.key === 'Escape' || event.key === 'Enter') search.blur();
      return;
    }
    if (event.key === 'j' || event.key === 'n') move(1);
    else if (event.key === 'k' || event.key === 'p') move(-1);
    else if (event.key === 'x' && selected >= 0) (document.getElementById('reviewed-box') as HTMLInputElement | null)?.click();
    else if (event.key === '/') search.focus();
    else return;
    event.preventDefault();
  });

  // The import graph: one box per folder, one mark per file (its shape says script or library, its
  // colour the outcome), the folders' imports as lines; the selected file's own imports drawn over them.
  const graph = ((): { focus(i: number): void } => {
    const holder = document.getElementById('graph');
    if (!holder) return { focus: () => {} };
    const NS = 'http://www.w3.org/2000/svg';
    const svg = (tag: string, attrs: Record<string, string | number>): SVGElement => {
      const node = document.createElementNS(NS, tag);
      for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
      return node;
    };
    const folderOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '.');
    const folders = new Map<string, number[]>();
    files.forEach((f, i) => {
      const folder = folderOf(f.path);
      const members = folders.get(folder);
      if (members) members.push(i);
      else folders.set(folder, [i]);
    });
    // Folder labels leave out the folders every file is under (`stdlib/` in `stdlib/json`).
    const shared = [...folders.keys()].reduce((prefix, folder) => {
      let n = 0;
      while (n < prefix.length && n < folder.length && prefix[n] === folder[n]) n++;
      return prefix.slice(0, n);
    });
    const common = folders.size > 1 && shared.includes('/') ? shared.slice(0, shared.lastIndexOf('/') + 1) : '';
    const labelOf = (folder: string): string => (common !== '' && folder.startsWith(common) ? folder.slice(common.length) : folder);
    const CELL = 12;
    const PAD = 6;
    const LABEL = 14;
    const WIDTH = 1200;
    const position: Array<{ x: number; y: number }> = [];
    const boxes = new Map<string, { x: number; y: number; w: number; h: number }>();
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    for (const [folder, members] of [...folders].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const cols = Math.max(1, Math.ceil(Math.sqrt(members.length * 2)));
      const w = Math.max(cols * CELL + 2 * PAD, Math.min(180, labelOf(folder).length * 6 + 2 * PAD));
      const h = Math.ceil(members.length / cols) * CELL + 2 * PAD + LABEL;
      if (x > 0 && x + w > WIDTH) {
        x = 0;
        y += rowHeight + 10;
        rowHeight = 0;
      }
      boxes.set(folder, { x, y, w, h });
      members.forEach((i, k) => {
        position[i] = { x: x + PAD + (k % cols) * CELL + CELL / 2, y: y + LABEL + PAD + Math.floor(k / cols) * CELL + CELL / 2 };
      });
      x += w + 10;
      rowHeight = Math.max(rowHeight, h);
    }
    const height = y + rowHeight;
    const used = Math.max(...[...boxes.values()].map((b) => b.x + b.w), 0);
    const root = svg('svg', {
      viewBox: `-2 -2 ${used + 4} ${height + 4}`,
      width: used + 4,
      height: height + 4,
      role: 'img',
      'aria-label': `import graph of ${files.length} files in ${folders.size} folders`,
    });
    const edgeLayer = svg('g', { class: 'edges' });
    const focusLayer = svg('g', { class: 'focus-edges' });
    const boxLayer = svg('g', { class: 'folders' });
    const nodeLayer = svg('g', { class: 'nodes' });
    for (const [folder, b] of boxes) {
      const g = svg('g', { class: 'folder' });
      g.append(svg('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: 4 }));
      const label = svg('text', { x: b.x + PAD, y: b.y + 11 });
      const name = labelOf(folder);
      label.textContent = name.length > (b.w - 2 * PAD) / 6 ? `…${name.slice(-Math.floor((b.w - 2 * PAD) / 6) + 1)}` : name;
      const title = svg('title', {});
      title.textContent = `${folder}: ${folders.get(folder)!.length} files`;
      g.append(label, title);
      boxLayer.append(g);
    }
    // Folder to folder: one line per pair, as thick as the number of imports between them.
    const pairs = new Map<string, number>();
    for (const f of files) {
      for (const importer of f.importedBy) {
        const source = importerIndex(importer);
        if (source === undefined) continue;
        const from = folderOf(files[source]!.path);
        if (from !== folderOf(f.path)) pairs.set(`${from}\u0000${folderOf(f.path)}`, (pairs.get(`${from}\u0000${folderOf(f.path)}`) ?? 0) + 1);
      }
    }
    // The lines of each folder, drawn stronger while one of its files is selected.
    const folderEdges = new Map<string, SVGElement[]>();
    const centre = (b: { x: number; y: number; w: number; h: number }): { x: number; y: number } => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });
    for (const [pair, count] of pairs) {
      const [a, b] = pair.split('\u0000') as [string, string];
      const from = centre(boxes.get(a)!);
      const to = centre(boxes.get(b)!);
      const line = svg('line', { x1: from.x, y1: from.y, x2: to.x, y2: to.y, 'stroke-width': 0.5 + Math.log2(count), 'data-from': a, 'data-to': b });
      const title = svg('title', {});
      title.textContent = `${a} imports ${b}: ${count} ${count === 1 ? 'import' : 'imports'}`;
      line.append(title);
      edgeLayer.append(line);
      for (const folder of [a, b]) {
        const lines = folderEdges.get(folder);
        if (lines) lines.push(line);
        else folderEdges.set(folder, [line]);
      }
    }
    const marks: SVGElement[] = files.map((f, i) => {
      const p = position[i]!;
      const shape = f.kind === 'library' ? 'library' : f.kind === 'script' ? 'script' : 'other';
      const attrs = { class: `node outcome-${outcome(f)} kind-${shape}`, 'data-index': i };
      const mark = shape === 'library' ? svg('rect', { ...attrs, x: p.x - 4, y: p.y - 4, width: 8, height: 8 }) : svg('circle', { ...attrs, cx: p.x, cy: p.y, r: shape === 'script' ? 4.5 : 3 });
      const title = svg('title', {});
      title.textContent = `${f.path}: ${OUTCOME_WORDS[outcome(f)]}${f.kind ? ` (${f.kind})` : ''}`;
      mark.append(title);
      mark.addEventListener('click', () => {
        if (rows[i]!.hidden) {
          filter = 'all';
          query = search.value = '';
          applyFilter();
        }
        select(i);
      });
      nodeLayer.append(mark);
      return mark;
    });
    // What each file imports, the reverse of importedBy.
    const imports: number[][] = files.map(() => []);
    files.forEach((f, target) => {
      for (const importer of f.importedBy) {
        const source = importerIndex(importer);
        if (source !== undefined) imports[source]!.push(target);
      }
    });
    root.append(boxLayer, edgeLayer, focusLayer, nodeLayer);
    holder.append(root);
    let focused = -1;
    return {
      focus(i: number): void {
        if (focused >= 0) {
          marks[focused]!.classList.remove('focused');
          for (const line of folderEdges.get(folderOf(files[focused]!.path)) ?? []) line.classList.remove('near');
        }
        focused = i;
        for (const line of folderEdges.get(folderOf(files[i]!.path)) ?? []) line.classList.add('near');
        marks[i]!.classList.add('focused');
        focusLayer.replaceChildren();
        const p = position[i]!;
        const link = (other: number, cls: string): void => {
          const q = position[other]!;
          focusLayer.append(svg('line', { x1: q.x, y1: q.y, x2: p.x, y2: p.y, class: cls }));
        };
        for (const importer of files[i]!.importedBy) {
          const source = importerIndex(importer);
          if (source !== undefined) link(source, 'importer');
        }
        for (const target of imports[i]!) link(target, 'imported');
      },
    };
  })();

  window.addEventListener('hashchange', () => {
    const match = /^#file=(.*)$/.exec(location.hash);
    const i = match ? byPath.get(decodeURIComponent(match[1]!)) : undefined;
    if (i !== undefined && i !== selected) select(i);
  });

  applyFilter();
  updateReviewedCount();
  const start = /^#file=(.*)$/.exec(location.hash);
  const first = start ? byPath.get(decodeURIComponent(start[1]!)) : undefined;
  if (first !== undefined) select(first);
  else {
    const firstChange = files.findIndex((f) => f.status === 'changed' || (f.status === 'skipped' && f.skip!.kind === 'refused'));
    if (firstChange >= 0) select(firstChange, false);
  }
  document.body.dataset.ready = 'true';
}
