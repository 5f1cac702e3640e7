import mainGuard from '../../codemods/main-guard/index.js';
import { parsePython } from '../../codemods/main-guard/python.js';
import { registerLanguages } from '../../src/run/languages.js';

// Tests that parse without going through runCodemod register the grammar main-guard declares.
registerLanguages(mainGuard.meta.languages);

export { parsePython };
