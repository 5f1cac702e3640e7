import type { SgNode } from '@ast-grep/napi';
import { isMainGuard } from './guards.js';
import { doesScriptWorkIn } from './script-calls.js';

/** Where a top-level statement belongs: at module level, in main(), or it is the main guard itself. */
export type Verdict = 'stay' | 'move' | 'guard';

/** The syntactic verdict on one statement, before names are looked at. */
export interface Classification {
  verdict: Verdict;
  /** Why, in a few words ("import", "call", "assignment from a call"...). */
  reason: string;
  /**
   * True when the statement stays only because what it computes is static: it moves after all
   * if it reads a name that moved code binds.
   */
  demotable?: boolean;
  /**
   * True for what stays at module level on purpose even where moved code came first: imports,
   * definitions, set-up for later imports (and blocks holding them). The order rule never moves it.
   */
  hoisted?: boolean;
  /** For a guard: it has an `elif`/`else` branch, which runs on import. */
  hasElse?: boolean;
}

/** Calls of pure factories that are cheap and free of side effects: their results may stay at module level. */
export const PURE_FACTORIES: ReadonlySet<string> = new Set([
  'TypeVar',
  'typing.TypeVar',
  'NewType',
  'typing.NewType',
  'ParamSpec',
  'typing.ParamSpec',
  'TypeVarTuple',
  'typing.TypeVarTuple',
  'namedtuple',
  'collections.namedtuple',
  'NamedTuple',
  'typing.NamedTuple',
  'TypedDict',
  'typing.TypedDict',
  'Enum',
  'enum.Enum',
  'IntEnum',
  'enum.IntEnum',
  'Flag',
  'enum.Flag',
  'IntFlag',
  'enum.IntFlag',
  'StrEnum',
  'enum.StrEnum',
  'logging.getLogger',
  'getLogger',
  're.compile',
  'os.path.join',
  'os.path.dirname',
  'os.path.abspath',
  'os.path.basename',
  'os.path.realpath',
  'os.path.expanduser',
  'os.path.splitext',
  'pathlib.Path',
  'Path',
  'PurePath',
  'pathlib.PurePath',
  'os.environ.get',
  'os.getenv',
  'object',
  'frozenset',
  'set',
  'dict',
  'tuple',
  'list',
  'functools.partial',
  'partial',
  'operator.itemgetter',
  'itemgetter',
  'operator.attrgetter',
  'attrgetter',
  'struct.Struct',
  'threading.Lock',
  'threading.RLock',
  'threading.Event',
  'threading.local',
  'contextvars.ContextVar',
  'ContextVar',
  'collections.defaultdict',
  'defaultdict',
  'collections.OrderedDict',
  'OrderedDict',
  'collections.deque',
  'deque',
  'collections.Counter',
  'Counter',
  'dataclasses.field',
  'field',
]);

/** Calls that prepare later imports; they stay at module level when an import follows them. */
export const IMPORT_SETUP_CALLS: ReadonlySet<string> = new Set([
  'sys.path.insert',
  'sys.path.append',
  'sys.path.extend',
  'site.addsitedir',
  'matplotlib.use',
  'mpl.use',
  'os.environ.setdefault',
  'os.environ.update',
  'os.putenv',
  'warnings.filterwarnings',
  'warnings.simplefilter',
]);

/** Whether a top-level statement imports something: an import, or a try/if block or call that does. */
export function importsSomething(node: SgNode): boolean {
  const kind = String(node.kind());
  if (kind.startsWith('import') || kind === 'future_import_statement') return true;
  if (kind === 'try_statement' || kind === 'if_statement') {
    return node.find({ rule: { any: [{ kind: 'import_statement' }, { kind: 'import_from_statement' }] } }) !== null;
  }
  return kind === 'expression_statement' && isImportCall(node);
}

/** Calls that import a module: they stay at module level like import statements. */
export const IMPORT_CALL = /(?:^|\.)(?:import_module|importorskip|__import__)$/;

/** Lower-case names whose subscripts are type aliases (`list[int]`), static like `List[int]`. */
export const GENERIC_ALIAS_BASES: ReadonlySet<string> = new Set(['list', 'dict', 'tuple', 'set', 'frozenset', 'type']);

const LITERAL_KINDS = new Set(['integer', 'float', 'true', 'false', 'none', 'ellipsis', 'identifier']);
const TRANSPARENT_KINDS = new Set([
  'binary_operator',
  'unary_operator',
  'boolean_operator',
  'comparison_operator',
  'not_operator',
  'conditional_expression',
  'parenthesized_expression',
  'list',
  'tuple',
  'set',
  'dictionary',
  'pair',
  'expression_list',
  'list_splat',
  'dictionary_splat',
  'concatenated_string',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
  'for_in_clause',
  'if_clause',
  'keyword_argument',
  'argument_list',
  'slice',
  'interpolation',
  'format_specifier',
  'format_expression',
  'type',
  'generic_type',
  'type_parameter',
  'union_type',
  'constrained_type',
  'member_type',
  'splat_type',
]);

// Kinds that can run code or bind names; an expression with none of them is static outright.
const MAYBE_DYNAMIC = { rule: { any: ['call', 'subscript', 'await', 'yield', 'named_expression', 'ERROR'].map((kind) => ({ kind })) } };

/** Whether evaluating an expression is free of effects worth moving: literals, names, operators, pure factories. */
export function isStaticExpression(node: SgNode): boolean {
  const kind = String(node.kind());
  if (LITERAL_KINDS.has(kind)) return true;
  // Attribute access and operators are accepted as static, so without calls, subscripts, awaits,
  // yields or walruses anywhere inside there is nothing left to rule out.
  if (!node.matches(MAYBE_DYNAMIC) && !node.find(MAYBE_DYNAMIC)) return true;
  return walkIsStatic(node, kind);
}

function walkIsStatic(node: SgNode, kind: string): boolean {
  if (LITERAL_KINDS.has(kind)) return true;
  if (kind === 'lambda' || kind === 'comment') return true;
  if (kind === 'string') {
    return node.children().every((c) => c.kind() !== 'interpolation' || isStaticExpression(c));
  }
  if (kind === 'attribute') {
    const object = node.field('object');
    return object !== null && isStaticExpression(object);
  }
  if (kind === 'subscript') return isStaticSubscript(node);
  if (kind === 'call') return isPureCall(node);
  if (TRANSPARENT_KINDS.has(kind)) {
    return node.children().every((c) => !c.isNamed() || isStaticExpression(c));
  }
  return !node.isNamed();
}

// `List[int]`, `Dict[str, Any]`, `CONSTANTS["x"]`: type aliases and lookups in the module's own constants.
function isStaticSubscript(node: SgNode): boolean {
  const value = node.field('value');
  if (!value || (value.kind() !== 'identifier' && value.kind() !== 'attribute')) return false;
  const last = value.text().split('.').pop() ?? '';
  if (!/^[A-Z]/.test(last) && !GENERIC_ALIAS_BASES.has(last)) return false;
  return node.children().every((c) => c.id() === value.id() || !c.isNamed() || isStaticExpression(c));
}

function isPureCall(node: SgNode): boolean {
  const fn = node.field('function');
  const args = node.field('arguments');
  if (!fn || !args) return false;
  const name = dottedName(fn);
  return name !== undefined && PURE_FACTORIES.has(name) && isStaticExpression(args);
}

/** `a.b.c` for identifiers and attribute chains of identifiers, else undefined. */
export function dottedName(node: SgNode): string | undefined {
  const kind = node.kind();
  if (kind === 'identifier') return node.text();
  if (kind !== 'attribute') return undefined;
  const object = node.field('object');
  const attribute = node.field('attribute');
  const base = object ? dottedName(object) : undefined;
  return base !== undefined && attribute ? `${base}.${attribute.text()}` : undefined;
}

const move = (reason: string): Classification => ({ verdict: 'move', reason });
const stay = (reason: string, demotable = false): Classification => ({ verdict: 'stay', reason, demotable });
const hoist = (reason: string): Classification => ({ verdict: 'stay', reason, hoisted: true });

/** Context a classification needs from the rest of the module. */
export interface ClassifyContext {
  /** An import statement comes later in the module. */
  importFollows: boolean;
}

/** Classifies one statement by its syntax alone, following DESIGN's "what stays, what moves". */
export function classifyStatement(node: SgNode, context: ClassifyContext): Classification {
  switch (node.kind()) {
    case 'import_statement':
    case 'import_from_statement':
    case 'future_import_statement':
      return hoist('import');
    case 'function_definition':
    case 'class_definition':
    case 'decorated_definition':
      return hoist('definition');
    case 'pass_statement':
      return stay('pass');
    case 'global_statement':
      return stay('global statement (no effect at module level)');
    case 'type_alias_statement':
      return stay('type alias');
    case 'expression_statement':
      return classifyExpressionStatement(node, context);
    case 'if_statement':
      if (isMainGuard(node)) {
        return { verdict: 'guard', reason: 'main guard', hasElse: node.field('alternative') !== null };
      }
      return classifyBlockStatement(node, context, 'if block');
    case 'try_statement':
      if (isImportWithFallback(node, context)) return hoist('import with a fallback');
      return classifyBlockStatement(node, context, 'try block');
    case 'for_statement':
      return move('loop');
    case 'while_statement':
      return move('loop');
    case 'with_statement':
      return move('with block');
    case 'print_statement':
      return move('print statement');
    case 'exec_statement':
      return move('exec statement');
    case 'delete_statement':
      return move('del');
    case 'assert_statement':
      return move('assert');
    case 'raise_statement':
      return move('raise');
    default:
      return move(
        String(node.kind())
          .replace(/_statement$/, '')
          .replace(/_/g, ' '),
      );
  }
}

function classifyExpressionStatement(node: SgNode, context: ClassifyContext): Classification {
  const children = node.namedChildren();
  if (children.length !== 1) return move('expression');
  const expr = children[0]!;
  switch (expr.kind()) {
    case 'string':
    case 'concatenated_string':
      // f"{launch()}" runs code; a plain string does nothing.
      return isStaticExpression(expr) ? stay('docstring') : move('expression');
    case 'ellipsis':
      return stay('ellipsis');
    case 'assignment': {
      if (isImportCall(node)) return hoist('import');
      const classification = classifyAssignment(expr);
      // `os.environ["X"] = "1"` before an import prepares it, like sys.path.insert.
      return context.importFollows && classification.verdict === 'stay' && writesEnvironment(node) ? { ...classification, hoisted: true } : classification;
    }
    case 'augmented_assignment': {
      const left = expr.field('left');
      const right = expr.field('right');
      if (left?.kind() === 'identifier' && right && isStaticExpression(right)) return stay('constant', true);
      return move('assignment');
    }
    case 'call': {
      const fn = expr.field('function');
      const name = fn ? dottedName(fn) : undefined;
      if (name && IMPORT_CALL.test(name)) return hoist('import');
      // Set-up stays whatever its arguments compute; what they read is kept for it, like a definition's needs.
      if (name && IMPORT_SETUP_CALLS.has(name) && context.importFollows) return hoist('set-up for later imports');
      return move('call');
    }
    default:
      return move('expression');
  }
}

function classifyAssignment(assignment: SgNode): Classification {
  const targets: SgNode[] = [];
  let value: SgNode | null = assignment;
  let annotated = false;
  while (value?.kind() === 'assignment') {
    const left = value.field('left');
    if (left) targets.push(left);
    if (value.field('type')) annotated = true;
    value = value.field('right');
  }
  if (value === null) return stay('annotation');
  // `make = lambda base=START: ...` defines a function like `def`: it stays, and what its default
  // values read is kept for it.
  if (value.kind() === 'lambda' && targets.every((t) => t.kind() === 'identifier')) return hoist('definition');
  const valueIsStatic = isStaticExpression(value);
  if (!valueIsStatic) return move(value.kind() === 'call' ? 'assignment from a call' : 'assignment');
  if (targets.every(isNameTarget)) return stay(annotated ? 'annotated constant' : 'constant', true);
  if (targets.every((t) => isNameTarget(t) || isOwnedTarget(t))) return stay('constant', true);
  return move('assignment to an attribute or item');
}

function isNameTarget(target: SgNode): boolean {
  const kind = target.kind();
  if (kind === 'identifier') return true;
  if (kind === 'pattern_list' || kind === 'tuple_pattern' || kind === 'list_pattern') {
    return target.namedChildren().every(isNameTarget);
  }
  if (kind === 'list_splat_pattern') return target.namedChildren().every(isNameTarget);
  return false;
}

// `Foo.attr = 1`, `TABLE["k"] = 2`, `os.environ["X"] = "1"`: the base must be defined by the module
// (checked later, against its bindings) or be os.environ.
function isOwnedTarget(target: SgNode): boolean {
  const kind = target.kind();
  if (kind !== 'attribute' && kind !== 'subscript') return false;
  const base = kind === 'attribute' ? target.field('object') : target.field('value');
  if (!base) return false;
  const baseName = dottedName(base);
  if (baseName === 'os.environ') return kind === 'subscript' && isStaticExpression(target.field('subscript') ?? base);
  return baseName !== undefined && !baseName.includes('.') ? true : isOwnedTarget(base);
}

/** The root name of an attribute/subscript assignment target (`Foo` in `Foo.x[1] = 2`). */
export function targetRootName(target: SgNode): string | undefined {
  let node: SgNode | null = target;
  while (node && (node.kind() === 'attribute' || node.kind() === 'subscript')) {
    node = node.kind() === 'attribute' ? node.field('object') : node.field('value');
  }
  return node?.kind() === 'identifier' ? node.text() : undefined;
}

const BLOCK_CHILD_KINDS = new Set(['block', 'else_clause', 'elif_clause', 'except_clause', 'except_group_clause', 'finally_clause']);

// `try: import x / except ImportError: x = None` and `if TYPE_CHECKING: import y` stay when every
// statement inside would stay on its own and every condition is static.
// `try: import x` / `except ImportError: print(...); sys.exit(1)`: the handler runs only when the
// import fails, which would have failed the import of this module anyway.
function isImportWithFallback(node: SgNode, context: ClassifyContext): boolean {
  const body = node.field('body');
  if (!body) return false;
  let imports = false;
  for (const inner of body.namedChildren()) {
    if (inner.kind() === 'comment') continue;
    if (classifyStatement(inner, context).verdict !== 'stay') return false;
    if (/import/.test(String(inner.kind())) || isImportCall(inner)) imports = true;
  }
  return imports;
}

function isImportCall(statement: SgNode): boolean {
  let expr = statement.kind() === 'expression_statement' ? statement.child(0) : null;
  while (expr?.kind() === 'assignment') expr = expr.field('right');
  const fn = expr?.kind() === 'call' ? expr.field('function') : null;
  const name = fn ? dottedName(fn) : undefined;
  return name !== undefined && IMPORT_CALL.test(name);
}

// `if`/`try` blocks whose bodies hold only definitions, imports and static assignments stay with
// their conditions, whatever the conditions call (`if sys.platform.startswith("linux"):`), so that
// the module still defines those names on import; unless a condition does what a script does.
function classifyBlockStatement(node: SgNode, context: ClassifyContext, label: string): Classification {
  let hoisted = false;
  let definitions = false;
  let dynamicCondition = false;
  for (const part of [node, ...node.children().filter((c) => BLOCK_CHILD_KINDS.has(String(c.kind())) && c.kind() !== 'block')]) {
    const condition = part.field('condition');
    if (condition && !isStaticExpression(condition)) {
      if (doesScriptWorkIn(condition.text())) return move(label);
      dynamicCondition = true;
    }
    for (const block of part.children().filter((c) => c.kind() === 'block')) {
      for (const inner of block.namedChildren()) {
        if (inner.kind() === 'comment') continue;
        const classification = classifyStatement(inner, context);
        if (classification.verdict !== 'stay') return move(label);
        if (classification.hoisted) hoisted = true;
        if (classification.reason === 'definition' || classification.hoisted) definitions = true;
      }
    }
  }
  // A called condition around constants only is script logic; around definitions it is how a
  // module picks its implementation.
  if (dynamicCondition && !definitions) return move(label);
  return { ...stay(`definitional ${label}`), hoisted: hoisted || dynamicCondition };
}

/** `os.environ["X"] = ...`: a write every later program and library call sees. */
export function writesEnvironment(node: SgNode): boolean {
  const expr = node.kind() === 'expression_statement' ? node.child(0) : null;
  if (expr?.kind() !== 'assignment') return false;
  const left = expr.field('left');
  const base = left?.kind() === 'subscript' ? left.field('value') : null;
  return base !== null && base !== undefined && dottedName(base) === 'os.environ';
}
