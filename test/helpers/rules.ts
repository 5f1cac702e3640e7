import mainGuard from '../../codemods/main-guard/index.js';
import { RuleBook } from '../../src/report/rule-book.js';

/** The rules the built-in codemod declares, as the reporters receive them. */
export const MG_RULES = new RuleBook(mainGuard.meta.rules);
