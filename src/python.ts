import { parse, registerDynamicLanguage, type SgRoot } from '@ast-grep/napi';
import python from '@ast-grep/lang-python';

let registered = false;

/** Registers tree-sitter-python with ast-grep once per process; worker threads inherit it. */
export function registerPython(): void {
  if (registered) return;
  registerDynamicLanguage({ python });
  registered = true;
}

/** Parses Python source text into an ast-grep tree, registering the grammar on first use. */
export function parsePython(source: string): SgRoot {
  registerPython();
  return parse('python', source);
}
