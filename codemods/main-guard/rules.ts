import type { RuleInfo } from '../../src/codemod.js';

/** The stable code of a mainguard rule, as users write it in configs and suppression comments. */
export type RuleCode = 'MG000' | 'MG001' | 'MG002' | 'MG003' | 'MG004';

/** A main-guard rule, with everything `mainguard explain CODE` shows. */
export interface Rule extends RuleInfo {
  /** Stable code, e.g. `MG002`. */
  code: RuleCode;
  /** Paragraphs separated by one blank line, each on one line (renderers wrap); `code` in backticks. */
  explanation: string;
  /** A Python file that triggers the rule; ends with a newline. */
  before: string;
  /** The same file once fixed: what `mainguard fix` makes of `before` (by hand for MG003, which fix leaves); ends with a newline. */
  after: string;
}

/** Joins the lines of each paragraph with spaces; paragraphs stay separated by one blank line. */
function prose(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .trim()
        .split(/\s*\n\s*/)
        .join(' '),
    )
    .join('\n\n');
}

/** Strips the first newline and the common indentation of a template literal holding Python code. */
function dedent(strings: TemplateStringsArray): string {
  const text = strings.raw.join('').replace(/^\n/, '');
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const cut = Math.min(...indents);
  return lines
    .map((l) => l.slice(Math.min(cut, l.length - l.trimStart().length)))
    .join('\n')
    .replace(/[ \t]+$/, '');
}

const SUPPRESS = (code: RuleCode, keep: string): string =>
  `${keep} To leave a whole file alone, put \`# mainguard: skip-file\` in a comment at its top.
To turn this rule off for a project, add \`ignore = ["${code}"]\` under \`[tool.mainguard]\` in
pyproject.toml.`;

const KEEP_STATEMENT = 'To keep a statement at module level on purpose, end its line with `# mainguard: keep`.';

const SPAWN = `Under the "spawn" and "forkserver" start methods, multiprocessing prepares every child
process by importing the main module again (under the name "__mp_main__", so a guard is
false there). Spawn is the default on Windows and, since Python 3.8, on macOS; forkserver is
the default on Linux from Python 3.14. Code outside the guard therefore runs once more in
every child process.`;

/** Every rule mainguard reports, by code. */
export const RULES: Record<RuleCode, Rule> = {
  MG000: {
    code: 'MG000',
    severity: 'error',
    name: 'could-not-parse',
    summary: 'the file could not be decoded or parsed as Python, so nothing else in it was checked',
    sourceErrors: true,
    explanation: prose(`mainguard reads a file as Python 3 does: decoded as its coding cookie says (UTF-8
without one), then parsed. A file that does not decode (binary data, a byte its encoding
does not have, an unknown coding cookie) or does not parse (a syntax error, Python 2 syntax
such as \`print "x"\`, a template placeholder such as \`api_id = #####\`) cannot be analysed:
it is reported under this code, at the line of the error, and never rewritten.

It is a finding like the others, so that one such file does not stop a check of a whole
tree: \`check\` and \`fix --dry-run\` exit 1 for it, as for any finding (2 is kept for usage
and configuration errors, and for files that cannot be read at all), and it appears in every
output format, as a SARIF result and a GitHub annotation too.

Fix the file, or leave it out: add its folder to \`extend-exclude\`, or put
\`# mainguard: skip-file\` in a comment at its top (a file that does not decode is not read
that far). To stop reporting such files for a project, add \`ignore = ["MG000"]\` under
\`[tool.mainguard]\` in pyproject.toml. \`# mainguard: keep\` does not apply: no statement of
the file was read.`),
    before: dedent`
      API_ID = #####
      API_HASH = "0123456789abcdef"
    `,
    after: dedent`
      API_ID = 12345
      API_HASH = "0123456789abcdef"
    `,
  },
  MG001: {
    code: 'MG001',
    severity: 'warning',
    name: 'unguarded-script-code',
    summary: 'executable statement at module level, outside a main guard',
    explanation: prose(`Python runs every module-level statement of a file whenever the file is imported, not
only when it is run as a script. Work that should happen only when the file is run as a
script (parsing arguments, reading input, computing, printing) belongs behind
\`if __name__ == "__main__":\`.

Otherwise anything that imports the file runs the script as a side effect: a test runner
collecting tests, a documentation tool such as Sphinx autodoc, another script's \`import\`,
pickle loading an object whose class the script defines (unpickling imports the module that
defines the class). ${SPAWN} Those
children redo the expensive work for nothing, block on \`input()\`, or fail while parsing
arguments that were never meant for them.

\`mainguard fix\` moves the executable statements, in their original order, into a generated
\`def main():\` that is called behind a guard at the end of the file. Imports, functions,
classes, constants and whatever definitions need when they are defined stay at module level,
so the module still imports exactly as before, minus the script. A name that the moved code
assigns and that the remaining code reads (a function body, for example) is declared \`global\`
in \`main()\`. A module whose only executable statements are assignments (a settings module,
a Sphinx conf.py) is meant to run on import and is not flagged.

${SUPPRESS('MG001', KEEP_STATEMENT)}`),
    before: dedent`
      import sys
      import json

      def greet(greeting):
          print(greeting, config["name"])

      with open(sys.argv[1]) as f:
          config = json.load(f)
      greet("hello,")
    `,
    after: dedent`
      import sys
      import json

      def greet(greeting):
          print(greeting, config["name"])


      def main():
          global config
          with open(sys.argv[1]) as f:
              config = json.load(f)
          greet("hello,")


      if __name__ == "__main__":
          main()
    `,
  },
  MG002: {
    code: 'MG002',
    severity: 'error',
    name: 'process-start-at-import',
    summary: 'a process-starting call (multiprocessing Process/Pool/Manager, concurrent.futures ProcessPoolExecutor) runs at import time: unsafe under spawn',
    explanation: prose(`${SPAWN}

When that code starts processes itself (\`multiprocessing.Process(...).start()\`, \`Pool()\`,
\`Manager()\`, \`concurrent.futures.ProcessPoolExecutor()\`), each child tries to start
children of its own while it is still being set up. Python stops it with "RuntimeError: An
attempt has been made to start a new process before the current process has finished its
bootstrapping phase", which the parent sees as crashed workers, a BrokenProcessPool, or a
Pool that hangs forever replacing workers that die at start-up. Old Python versions could
even fork-bomb the machine. The same script may work on Linux with Python 3.13 or older
(where "fork" is the default) and break on Windows, on macOS, or after upgrading to 3.14.

\`mainguard fix\` moves the process-starting code, with the rest of the script's executable
statements, into a generated \`def main():\` called behind \`if __name__ == "__main__":\`.
Functions and classes that workers need stay at module level, so the children can still
import them by name. A program frozen into an executable (PyInstaller, cx_Freeze) should
also call \`multiprocessing.freeze_support()\` first thing under the guard.

${SUPPRESS('MG002', KEEP_STATEMENT)}`),
    before: dedent`
      from concurrent.futures import ProcessPoolExecutor

      def square(x):
          return x * x

      with ProcessPoolExecutor() as pool:
          print(sum(pool.map(square, range(1000))))
    `,
    after: dedent`
      from concurrent.futures import ProcessPoolExecutor

      def square(x):
          return x * x


      def main():
          with ProcessPoolExecutor() as pool:
              print(sum(pool.map(square, range(1000))))


      if __name__ == "__main__":
          main()
    `,
  },
  MG003: {
    code: 'MG003',
    severity: 'warning',
    name: 'nested-main-guard',
    summary: 'an `if __name__ == "__main__":` guard that is not at module level (inside a function or class body)',
    explanation: prose(`A main guard only does its job at module level. Indented into a function, it runs only
when that function is called, so running the file as a script usually does nothing at all;
indented into a class body, it runs while the class is being defined, before the class name
exists, and typically fails with a NameError. Either way it is nearly always an indentation
slip: the guard was meant to follow the function or class, not to be part of it.

\`mainguard check\` reports it, but \`mainguard fix\` does not rewrite it: moving the guard out
changes what runs and when, and only you know what was intended. Dedent the guard to module
level (and move it to the end of the file if it is not there already).

${SUPPRESS('MG003', 'To accept a nested guard on purpose, end its `if` line with `# mainguard: keep`.')}`),
    before: dedent`
      import sys

      def main():
          print("arguments:", sys.argv[1:])

          if __name__ == "__main__":
              main()
    `,
    after: dedent`
      import sys

      def main():
          print("arguments:", sys.argv[1:])


      if __name__ == "__main__":
          main()
    `,
  },
  MG004: {
    code: 'MG004',
    severity: 'warning',
    name: 'duplicate-main-guard',
    summary: 'more than one main guard in a module',
    explanation: prose(`A module with several \`if __name__ == "__main__":\` blocks scatters its script between its
definitions: the script part is hard to find, easy to break when code is moved around, and
no longer has a single entry point. It is often the result of pasting snippets together.

\`mainguard fix\` merges the guards into one at the end of the file, keeping their bodies in
the order in which they ran, together with any unguarded executable statements between them.
Definitions that sat between the guards stay where they are.

${SUPPRESS('MG004', 'No comment keeps the guards apart.')}`),
    before: dedent`
      import sys

      def parse(argv):
          return argv[1:]

      if __name__ == "__main__":
          args = parse(sys.argv)

      def report(args):
          print(len(args), "arguments")

      if __name__ == "__main__":
          report(args)
    `,
    after: dedent`
      import sys

      def parse(argv):
          return argv[1:]

      def report(args):
          print(len(args), "arguments")


      if __name__ == "__main__":
          args = parse(sys.argv)
          report(args)
    `,
  },
};

/** The rules in code order, as the codemod declares them in its `meta`. */
export const MAIN_GUARD_RULES: readonly Rule[] = Object.values(RULES);
