import { renderExplanation } from '../report/explain.js';
import { prepareCodemod } from '../run/codemods.js';
import { type Io, rulesOf } from './shared.js';

/** `mainguard explain CODE`: a rule of the built-in codemod, explained. */
export async function runExplain(code: string, io: Io): Promise<number> {
  const codemod = await prepareCodemod('main-guard', io.cwd);
  io.out(renderExplanation(code, rulesOf(codemod), io.color));
  return 0;
}
