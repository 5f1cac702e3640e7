// Where a module reads its own variables by name rather than through its code: `globals()`, `vars()`
// and `dir()` without an argument, eval and exec on the module's namespace, the module object itself
// (`sys.modules[__name__]`, `import __main__`), a frame's `f_globals`. Any name moved code binds may
// then be looked up, so main() must keep binding module variables.
import type { SgNode, SgRoot } from '@ast-grep/napi';
import { dottedName } from './classify.js';
import { CALL_TIME } from './names.js';

/** A place where a module reads its own namespace: its 1-based line and what it is, as the report shows it. */
export interface NamespaceRead {
  line: number;
  what: string;
}

const CANDIDATES = {
  rule: {
    any: [
      { kind: 'call', has: { field: 'function', kind: 'identifier', regex: '^(?:globals|vars|locals|dir|eval|exec|__import__)$' } },
      { kind: 'call', has: { field: 'function', kind: 'attribute', regex: '(?:^|\\.)import_module$' } },
      { kind: 'exec_statement' },
      { kind: 'attribute', regex: '^sys\\s*\\.\\s*modules$' },
      { kind: 'identifier', regex: '^(?:__main__|f_globals)$' },
    ],
  },
};

// Without an argument these read the namespace they are called in: at module level, the module's.
const NAMESPACE_OF_CALLER = new Set(['vars', 'locals', 'dir']);

/** The first place where the module reads its own namespace by name, if there is one. */
export function findNamespaceRead(root: SgRoot): NamespaceRead | undefined {
  for (const node of root.root().findAll(CANDIDATES)) {
    const what = namespaceRead(node);
    if (what !== undefined) return { line: node.range().start.line + 1, what };
  }
  return undefined;
}

function namespaceRead(node: SgNode): string | undefined {
  const kind = node.kind();
  if (kind === 'exec_statement') return /\bin\b/.test(node.text()) ? undefined : 'exec without a namespace';
  if (kind === 'identifier') {
    const parent = node.parent();
    const isAttributeName = parent?.kind() === 'attribute' && parent.field('attribute')?.id() === node.id();
    if (node.text() === 'f_globals') return isAttributeName ? "a frame's f_globals" : undefined;
    // `import __main__` binds it; run as a script, that module is this one.
    if (isAttributeName || node.ancestors().some((a) => a.kind() === 'import_statement')) return undefined;
    return '__main__';
  }
  if (kind === 'attribute') {
    const use = ownModuleUse(node);
    return use && compact(use.text());
  }
  const fn = node.field('function')!;
  const name = fn.kind() === 'identifier' ? fn.text() : (dottedName(fn) ?? '');
  const args = (node.field('arguments')?.namedChildren() ?? []).filter((arg) => arg.kind() !== 'comment');
  const positional = args.filter((arg) => arg.kind() !== 'keyword_argument');
  if (name === 'globals') return 'globals()';
  if (NAMESPACE_OF_CALLER.has(name)) return args.length === 0 && !node.matches({ rule: CALL_TIME }) ? `${name}()` : undefined;
  if (name === 'eval' || name === 'exec') {
    const namespace = positional[1] ?? args.find((arg) => arg.field('name')?.text() === 'globals')?.field('value');
    return namespace === undefined || namespace.text() === 'None' ? `${name}() without a globals argument` : undefined;
  }
  // __import__(__name__), importlib.import_module(__name__)
  return positional[0] && namesThisModule(positional[0]) ? compact(node.text()) : undefined;
}

// `sys.modules[__name__]`, `sys.modules["__main__"]`, `sys.modules.get(__name__)`: the expression that
// takes this module from `sys.modules`. A key that is not a string literal may name this module too.
function ownModuleUse(modules: SgNode): SgNode | undefined {
  const use = modules.parent();
  if (use?.kind() === 'subscript' && use.field('value')?.id() === modules.id()) {
    const key = use.field('subscript');
    return key === null || key.kind() !== 'string' || namesThisModule(key) ? use : undefined;
  }
  const call = use?.kind() === 'attribute' ? use.parent() : null;
  if (call?.kind() === 'call' && call.field('function')?.id() === use!.id()) {
    const first = call.field('arguments')?.namedChildren()[0];
    return first !== undefined && (first.kind() !== 'string' || namesThisModule(first)) ? call : undefined;
  }
  return undefined;
}

function namesThisModule(node: SgNode): boolean {
  return node.text() === '__name__' || /^(['"])__main__\1$/.test(node.text());
}

function compact(text: string): string {
  return text.replace(/\s+/g, ' ');
}
