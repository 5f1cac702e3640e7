import ora from 'ora';

/** A progress display: told how far the work is, cleared when it stops. */
export interface Progress {
  /** `done` of `total` files are processed. */
  update(done: number, total: number): void;
  /** Clears the display; call it before printing anything else. */
  stop(): void;
}

/** The progress of runs without a terminal (CI, pipes): shows nothing. */
export const NO_PROGRESS: Progress = { update: () => {}, stop: () => {} };

// Setting the text more often than the spinner redraws only costs time.
const MIN_UPDATE_MS = 100;

/**
 * Starts an ora spinner on `stream` (stderr) reading `LABEL 120/1790 files · 3.2s`; the caller
 * decides whether the stream is a terminal worth drawing on. Keys typed meanwhile are discarded
 * (so they cannot answer a later prompt), Ctrl-C still interrupts.
 */
export function startProgress(stream: NodeJS.WritableStream, label: string): Progress {
  const started = performance.now();
  const spinner = ora({ stream, text: label }).start();
  let last = 0;
  return {
    update(done, total) {
      const now = performance.now();
      if (done < total && now - last < MIN_UPDATE_MS) return;
      last = now;
      spinner.text = `${label} ${done}/${total} files · ${((now - started) / 1000).toFixed(1)}s`;
    },
    stop() {
      spinner.stop();
    },
  };
}
