// Reading results and outcomes in tests: each status has its own fields, so a test first narrows
// the result to the status it expects, and fails with the file's reason when it has another.
import { expect } from 'vitest';

/** The reason of a skipped or failed result; "" for the other statuses. */
export function reasonOf(result: { status: string }): string {
  return 'reason' in result && typeof result.reason === 'string' ? result.reason : '';
}

/** Fails the test unless `result` has `status` (the message is its reason); narrows it to that status. */
export function expectStatus<T extends { status: string }, S extends T['status']>(result: T, status: S): asserts result is Extract<T, { status: S }> {
  expect(result.status, reasonOf(result)).toBe(status);
}
