// What counts as a module setting itself up rather than doing a script's work, for a module that
// no file of the tree imports: kept as data, listed in the README, extendable with `keep` patterns.
// The rules over the data are here too: the analysis and the judgement from the text apply the same.
import { PURE_FACTORIES } from './classify.js';

/** Calls, by their dotted name, that register, configure or prepare: set-up, not script work. */
export const SETUP_CALLS: ReadonlySet<string> = new Set([
  'atexit.register',
  'copyreg.pickle',
  'copy_reg.pickle',
  'codecs.register',
  'codecs.register_error',
  'codecs.make_identity_dict',
  'codecs.make_encoding_map',
  'codecs.charmap_build',
  'warnings.filterwarnings',
  'warnings.simplefilter',
  'warnings.resetwarnings',
  'warnings.warn',
  'warnings._deprecated',
  'logging.basicConfig',
  'logging.captureWarnings',
  'logging.addLevelName',
  'logging.config.dictConfig',
  'logging.config.fileConfig',
  'sys.path.insert',
  'sys.path.append',
  'sys.path.extend',
  'sys.path.remove',
  'sys.setrecursionlimit',
  'sys.set_int_max_str_digits',
  'site.addsitedir',
  'os.environ.setdefault',
  'os.environ.update',
  'os.environ.pop',
  'os.putenv',
  'os.unsetenv',
  'matplotlib.use',
  'mpl.use',
  'matplotlib.rcParams.update',
  'plt.rcParams.update',
  'plt.style.use',
  'mimetypes.add_type',
  'mimetypes.init',
  'signal.signal',
  'random.seed',
  'np.random.seed',
  'numpy.random.seed',
  'torch.manual_seed',
  'tf.random.set_seed',
  'np.set_printoptions',
  'numpy.set_printoptions',
  'pd.set_option',
  'pandas.set_option',
  'django.setup',
  'admin.site.register',
  'socket.setdefaulttimeout',
  'locale.setlocale',
  'faulthandler.enable',
  'gettext.install',
  'gc.disable',
  'gc.enable',
  'load_dotenv',
  'dotenv.load_dotenv',
  'readline.parse_and_bind',
  'readline.set_completer',
  'sys.setdefaultencoding',
  'threading.stack_size',
  'decimal.getcontext',
  'np.seterr',
  'numpy.seterr',
]);

/**
 * Calls that only ask about the interpreter, the platform or the environment (`sys.gettrace()`,
 * `platform.system()`, `shutil.which("git")`): a module deciding how to set itself up.
 */
export const QUERY_CALL =
  /^(?:sys\.(?:get|is)\w*|os\.(?:get\w*|cpu_count|fspath|fsencode|fsdecode)|platform\.\w+|sysconfig\.get_\w+|locale\.get\w*|shutil\.which|importlib\.util\.find_spec|struct\.calcsize|ctypes\.util\.find_library|math\.\w+|time\.(?:time|monotonic|perf_counter)|string\.\w+)$/;

/** Methods that register something on a registry or configure a logger, whatever object they are called on. */
export const SETUP_METHODS: ReadonlySet<string> = new Set(['register', 'register_blueprint', 'add_url_rule', 'setLevel', 'addHandler', 'removeHandler', 'setFormatter', 'addFilter']);

/** `logging.*` calls that write a record: output, not set-up. */
export const LOGGING_OUTPUT: ReadonlySet<string> = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log']);

/** Methods of the module's own containers and values (or of a literal) that fill or read them. */
export const CONTAINER_METHODS: ReadonlySet<string> = new Set([
  'append',
  'extend',
  'update',
  'setdefault',
  'add',
  'insert',
  'remove',
  'discard',
  'sort',
  'copy',
  'keys',
  'values',
  'items',
  'get',
  'split',
  'rsplit',
  'splitlines',
  'join',
  'format',
  'strip',
  'lstrip',
  'rstrip',
  'lower',
  'upper',
  'replace',
  'encode',
  'decode',
  'startswith',
  'endswith',
  'fromkeys',
  'maketrans',
]);

/** Built-in functions that compute a value and do nothing else. */
export const VALUE_BUILTINS: ReadonlySet<string> = new Set([
  'abs',
  'all',
  'any',
  'ascii',
  'bin',
  'bool',
  'bytearray',
  'bytes',
  'callable',
  'chr',
  'classmethod',
  'complex',
  'dict',
  'dir',
  'divmod',
  'enumerate',
  'filter',
  'float',
  'format',
  'frozenset',
  'getattr',
  'globals',
  'hasattr',
  'hash',
  'hex',
  'id',
  'int',
  'isinstance',
  'issubclass',
  'iter',
  'len',
  'list',
  'locals',
  'map',
  'max',
  'min',
  'next',
  'object',
  'oct',
  'ord',
  'pow',
  'property',
  'range',
  'repr',
  'reversed',
  'round',
  'set',
  'setattr',
  'slice',
  'sorted',
  'staticmethod',
  'str',
  'sum',
  'super',
  'tuple',
  'type',
  'vars',
  'zip',
  'unicode',
  'long',
  'xrange',
]);

/** What a module defines itself, by name: its functions and classes, and its other module-level values. */
export interface OwnNames {
  callables: ReadonlySet<string>;
  values: ReadonlySet<string>;
}

/**
 * Whether a call of a bare name is set-up: a value builtin, a pure factory, a listed set-up call,
 * or one of the module's own functions or classes that is private or whose result is assigned
 * (`_register(X)`, `TABLE = build_table()`; `main()` runs the program).
 */
export function isSetUpName(name: string, own: OwnNames, inAssignment: () => boolean): boolean {
  if (VALUE_BUILTINS.has(name) || PURE_FACTORIES.has(name) || SETUP_CALLS.has(name)) return true;
  return own.callables.has(name) && (name.startsWith('_') || inAssignment());
}

/**
 * Whether a call of a method is set-up, from its callee's dotted name (undefined when the callee
 * is not made of names only), the method and the root name of its receiver: a listed set-up call,
 * a pure factory, a query, logger configuration, a registration, or a method that fills one of
 * the module's own values.
 */
export function isSetUpMethod(dotted: string | undefined, method: string, receiverRoot: string | undefined, own: OwnNames): boolean {
  if (dotted !== undefined) {
    if (SETUP_CALLS.has(dotted) || PURE_FACTORIES.has(dotted) || dotted.startsWith('os.path.') || QUERY_CALL.test(dotted)) return true;
    if (dotted.startsWith('logging.') && !LOGGING_OUTPUT.has(method)) return true;
  }
  if (SETUP_METHODS.has(method)) return true;
  return CONTAINER_METHODS.has(method) && receiverRoot !== undefined && own.values.has(receiverRoot);
}
