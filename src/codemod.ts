import type { DynamicLangRegistrations } from '@ast-grep/napi';

/** A source file handed to a codemod: its path (as the user sees it) and its decoded text. */
export interface SourceFile {
  path: string;
  source: string;
  /**
   * The other files of the scanned tree that import this one, found by the project index (for a
   * codemod with an `index` step); undefined where there is no tree (stdin).
   */
  importedBy?: ImportingFile[];
  /**
   * Every name `importer` (one of `importedBy`) uses, with the reads the index deferred
   * (ImportingFile.deferred): found by running the `index` step on that file again, for the reads
   * through this module's bindings (IndexContext.readsThrough). Asking makes the result depend on
   * that file's bytes (the cache keys it so). `all` when the file cannot be read now.
   */
  namesUsedBy?(importer: ImportingFile): string[] | 'all';
}

/**
 * A name one file reads from a module, as a codemod's `index` step finds it: the dotted path as
 * written (`a.b.x` for `from a.b import x`, or for `a.b.x` read after `import a.b`), which the runner
 * resolves against the tree's files as Python would. A last component `*` means every name
 * (`from a import *`, `getattr(a, name)`, `vars(a)`); `?`, that the file binds the module and
 * reads names of it the step did not look for (IndexContext.deferReads).
 */
export interface ModuleReference {
  /** Leading dots of a relative import; 0 for an absolute one. */
  level: number;
  path: string[];
}

/** The last component of a ModuleReference whose reads the step deferred (IndexContext.deferReads). */
export const DEFERRED_READS = '?';

/**
 * What an `index` step may ask of the tree it runs over. A reference whose first name is no
 * module or package of the tree resolves to nothing, so the step need not look for it; the runner
 * remembers the names answered no, and indexes a file again once one of them joins the tree.
 */
export interface IndexContext {
  /** Whether some file (its name without `.py`) or folder of the tree is called `name`. */
  inTree(name: string): boolean;
  /** Whether some folder of the tree (a package, or a namespace package) is called `name`. */
  hasFolder?(name: string): boolean;
  /**
   * Whether the step may leave out the reads of a module's names through the name an import
   * binds it to (`a.x` after `import a`), and return the reference `a.?` instead, when no folder
   * of the tree has the module's name (a package's reads can reach modules of their own): the
   * runner runs the step again on that file (see `readsThrough`) when a transform of the module
   * asks which names the file uses (SourceFile.namesUsedBy). Most never ask.
   */
  deferReads?: boolean;
  /**
   * When set, the step need look for the reads through no other binding than those of these
   * references (`0:a.b`, a binding's level and dotted path as encodeReferences writes them): the
   * runner asks so when a transform wants the reads an importer's index deferred.
   */
  readsThrough?: ReadonlySet<string>;
}

/** A file of the tree that imports a module, and which of its module-level names it uses. */
export interface ImportingFile {
  /** As the user sees it. */
  path: string;
  /** The names it takes or reads; `all` when it may use any of them. Without the deferred reads (see `deferred`). */
  names: string[] | 'all';
  /**
   * Set when the index deferred its reads of the module's names through a name it binds the
   * module to (`a.x` after `import a`): `names` holds only those it takes by name, and
   * SourceFile.namesUsedBy finds the rest. What the runner needs to: where the file is, and the
   * references (`0:a`, as encodeReferences writes them) through which it binds the module.
   */
  deferred?: { absPath: string; through: string[] };
}

/** A rule violation found in a file; lines and columns are 1-based. */
export interface Finding {
  code: string;
  message: string;
  line: number;
  column: number;
}

/** What a codemod judged a file to be, and why (see CodemodApi.classify). */
export interface FileJudgement {
  kind: string;
  why: string;
}

/** One line of a codemod's per-file report: what it did and why, shown before approval. */
export interface ReportEntry {
  /** `warning` or `note`, which every codemod may write, or a kind its `meta.entryKinds` declares. */
  kind: string;
  message: string;
  line?: number;
}

/** What a codemod may call while transforming a file; collects findings and report lines. */
export interface CodemodApi {
  /** Records a finding (shown by `check`, and by `fix` when the rewrite does not resolve it). */
  report(finding: Finding): void;
  /** Records a line of the rewrite's report. */
  describe(entry: ReportEntry): void;
  /**
   * Records what the file is and why (`library`, "imported by tools/a.py"): shown for files left
   * alone by `--verbose`, and in the JSON output as `kind` and `why`. The last call wins.
   */
  classify(kind: string, why: string): void;
  /**
   * Leaves the file byte-identical and tells the user why (shown as `path:line: refused: reason`,
   * or not at all with `kind: 'ignored'`, for files out of the codemod's scope). Never returns.
   */
  skip(reason: string, options?: { line?: number; kind?: 'refused' | 'ignored' }): never;
}

/** Thrown by a codemod to leave a file byte-identical, with the reason shown to the user. */
export class SkipFile extends Error {
  /** 1-based line the reason points at, when there is one. */
  readonly line?: number;
  /** `refused`: a rewrite would change behaviour; `ignored`: the file is out of scope. */
  readonly kind: 'refused' | 'ignored';

  constructor(reason: string, options: { line?: number; kind?: 'refused' | 'ignored' } = {}) {
    super(reason);
    this.name = 'SkipFile';
    this.line = options.line;
    this.kind = options.kind ?? 'refused';
  }
}

/**
 * Thrown by a codemod when a file cannot be processed at all (a syntax error): the file fails, the
 * run goes on (a finding of the codemod's `sourceErrors` rule, if it declares one).
 */
export class FileError extends Error {
  /** 1-based line the error points at, when there is one. */
  readonly line?: number;
  /** 1-based column on that line, when known. */
  readonly column?: number;

  constructor(message: string, line?: number, column?: number) {
    super(message);
    this.name = 'FileError';
    this.line = line;
    this.column = column;
  }
}

/** Options passed through from the command line to a codemod (`--freeze-support`, `--keep`...). */
export type CodemodOptions = Record<string, unknown>;

/** How serious a rule's findings are: `error` (red; SARIF level and GitHub command `error`) or `warning`. */
export type Severity = 'error' | 'warning';

/** A rule a codemod reports findings of, declared in its `meta` and read by the runner. */
export interface RuleInfo {
  /** Stable code users put in configs and comments, e.g. `MG002`. */
  code: string;
  /** Kebab-case name, e.g. `process-start-at-import`. */
  name: string;
  /** One line, no final period: what a finding means. */
  summary: string;
  severity: Severity;
  /**
   * Files the codemod cannot read as source — that do not decode, or for which it throws a
   * FileError (a syntax error) — are findings of this rule, at the error's line, rather than
   * errors of the run: `check` exits 1 for them, not 2, and select/ignore choose them.
   */
  sourceErrors?: boolean;
  /** For `mainguard explain`: paragraphs separated by one blank line, `code` in backticks. */
  explanation?: string;
  /** For `mainguard explain`: a file that has the finding, and the same file fixed; each ends with a newline. */
  before?: string;
  after?: string;
}

/** The value of a codemod's option: a switch, or a list of strings. */
export type OptionValue = boolean | string[];

/**
 * An option a codemod takes, declared in its `meta` so that the runner sets it from
 * `[tool.mainguard]` and the command line: the key `freeze-support` is the flag
 * `--freeze-support` and reaches `transform` as `options.freezeSupport`.
 */
export type OptionInfo = {
  /** The key in `[tool.mainguard]` and the flag's name, kebab-case. */
  key: string;
  /** One line for `--help`. */
  description: string;
  /**
   * What is wrong with one value (a list's item), for an error naming where it was set; undefined
   * when it is fine.
   */
  check?(value: string): { problem: string; hint?: string } | undefined;
} & (
  | {
      /** A switch: `--KEY` turns it on (`--no-KEY` off, when it is on by default). */
      type: 'boolean';
      default: boolean;
    }
  | {
      /** A list: each `--KEY VALUE` adds one item to the table's list. */
      type: 'strings';
      default: string[];
      /** How `--help` names the value, e.g. `pattern` (default `value`). */
      valueName?: string;
    }
);

/** How the word of a report line's kind is colored on a terminal. */
export type EntryColor = 'green' | 'cyan' | 'magenta' | 'blue' | 'yellow' | 'dim';

/** A kind of report line a codemod writes besides `warning` and `note`. */
export interface EntryKindInfo {
  /** The word shown, e.g. `moved`. */
  kind: string;
  color: EntryColor;
}

/** What a codemod says of itself. */
export interface CodemodMeta {
  name: string;
  description: string;
  /** The rules whose findings it reports (none for a codemod that only rewrites). */
  rules?: RuleInfo[];
  /** The options the runner sets from the configuration and the flags. */
  options?: OptionInfo[];
  /** The kinds of its report lines, besides `warning` and `note`. */
  entryKinds?: EntryKindInfo[];
  /**
   * The tree-sitter grammars it parses with, by the name it passes to ast-grep's `parse`: the
   * runner registers them once per process when it loads the codemod, before any transform or
   * option check.
   */
  languages?: DynamicLangRegistrations;
}

/** A codemod module: `transform` returns the new text, or undefined/the same text for "no change". */
export interface Codemod {
  meta: CodemodMeta;
  /**
   * Optional project-wide step, run on every discovered file before any `transform`: what the file
   * imports. The runner resolves the references to files of the tree and hands each `transform`
   * the files that import it (`SourceFile.importedBy`). Must be cheap and must not throw.
   */
  index?(file: SourceFile, tree: IndexContext): ModuleReference[];
  transform(file: SourceFile, api: CodemodApi, options: CodemodOptions): string | undefined | null;
}
