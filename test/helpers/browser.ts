// Headless Chromium for the tests of the review page: the system's Chromium (Debian's package),
// driven by playwright-core, with every request that leaves file:// refused and recorded.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** The Chromium the tests drive: `MAINGUARD_CHROMIUM`, else Debian's. */
const CHROMIUM = process.env.MAINGUARD_CHROMIUM ?? '/usr/bin/chromium';

/** Only an explicit `MAINGUARD_SKIP_BROWSER_TESTS=1` skips the browser tests; a missing Chromium fails them. */
export const SKIP_BROWSER_TESTS = process.env.MAINGUARD_SKIP_BROWSER_TESTS === '1';

/** Starts headless Chromium, or fails saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM}: install it (apt-get install -y chromium, as .ci/run does) or set MAINGUARD_CHROMIUM to its path; MAINGUARD_SKIP_BROWSER_TESTS=1 skips these tests`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** A page opened offline, with what it logged as errors and the requests it tried beyond file://. */
export interface OfflinePage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions, in order. */
  errors: string[];
  /** URLs the page asked for that are not file:// ones (all refused). */
  requests: string[];
  /** Milliseconds from navigation to the page's script marking it ready. */
  loadMs: number;
}

/** Opens an HTML file in a fresh offline context and waits for the page's script to finish (`body[data-ready]`). */
export async function openOffline(browser: Browser, file: string, viewport = { width: 1400, height: 1000 }): Promise<OfflinePage> {
  const context = await browser.newContext({ offline: true, viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  const started = performance.now();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return { context, page, errors, requests, loadMs: performance.now() - started };
}
