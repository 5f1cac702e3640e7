// Parse trees live in native memory the JS heap does not count, so the garbage collector, which
// frees them, runs too rarely on its own: a thread that parses thousands of files collects by
// hand, every few files (the trees themselves are freed after its event loop turns).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** Runs a full garbage collection in this thread. */
export function collectGarbage(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
