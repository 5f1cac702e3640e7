// The benchmark's floor: read and parse every file named in a list with @ast-grep/napi, one thread,
// yielding to the event loop every 32 files so that native trees are freed as they would be anywhere.
import { readFileSync } from 'node:fs';
import python from '@ast-grep/lang-python';
import { parse, registerDynamicLanguage } from '@ast-grep/napi';

registerDynamicLanguage({ python });
const files = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let nodes = 0;
for (const [index, file] of files.entries()) {
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    continue;
  }
  nodes += parse('python', source).root().kind() === 'module' ? 1 : 0;
  if ((index + 1) % 32 === 0) await new Promise((resolve) => setImmediate(resolve));
}
console.log(`${nodes} files parsed`);
