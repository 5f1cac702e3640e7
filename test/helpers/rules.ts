import mainGuard from '../../codemods/main-guard/index.js';
import { configSchema } from '../../src/config/config.js';
import { RuleBook } from '../../src/report/rule-book.js';
import { registerLanguages } from '../../src/run/languages.js';

/** The rules the built-in codemod declares, as the reporters receive them. */
export const MG_RULES = new RuleBook(mainGuard.meta.rules);

/** The keys of [tool.mainguard] with the built-in codemod: mainguard's own, then main-guard's options and codes. */
export const MG_SCHEMA = configSchema([mainGuard.meta]);
// As loadCodemod does: the options' checks parse with the codemod's grammar.
registerLanguages(mainGuard.meta.languages);
