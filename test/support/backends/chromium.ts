import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser, ConsoleMessage, Page, Request } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { skipLoudly } from './cached-install.js';

/**
 * A real headless Chromium for the tests of agent-otel's HTML pages: Debian's
 * `chromium` package (or the browser named by AGENT_OTEL_CHROMIUM, or one
 * found on PATH), driven by playwright-core. .ci/run installs the package;
 * elsewhere a missing browser skips loudly, and on CI it fails.
 */

const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

const executable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The browser's executable: AGENT_OTEL_CHROMIUM, /usr/bin/chromium, else the first of the usual names on PATH. */
export function findChromium(env: Record<string, string | undefined> = process.env): string | undefined {
  const named = env['AGENT_OTEL_CHROMIUM'];
  if (named) return executable(named) ? named : undefined;
  if (executable('/usr/bin/chromium')) return '/usr/bin/chromium';
  const dirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const name of NAMES) for (const dir of dirs) if (executable(join(dir, name))) return join(dir, name);
  return undefined;
}

/**
 * For a test file: a headless Chromium launched in a `beforeAll` and closed
 * after the file. The getter returns undefined, after a loud banner, when it
 * cannot be had (on CI that fails the file instead).
 */
export function useChromium(suite: string): () => Browser | undefined {
  const fix = 'Install it: apt-get install -y --no-install-recommends chromium (as .ci/run does), and npm ci for playwright-core';
  let browser: Browser | undefined;
  beforeAll(async () => {
    const path = findChromium();
    if (path === undefined) return skipLoudly(suite, 'Chromium is', 'no chromium executable (/usr/bin/chromium, AGENT_OTEL_CHROMIUM or PATH)', fix);
    let playwright: typeof import('playwright-core');
    try {
      playwright = await import('playwright-core');
    } catch (error) {
      return skipLoudly(suite, 'playwright-core is', `it cannot be loaded: ${(error as Error).message}`, fix);
    }
    browser = await playwright.chromium.launch({ executablePath: path, headless: true });
    return undefined;
  });
  afterAll(() => browser?.close());
  return () => browser;
}

/** What a page did that a self-contained page must not: console errors, uncaught errors, requests for anything but the page's own file. */
export interface PageWatch {
  errors: string[];
  requests: string[];
}

/** Records a page's console errors, uncaught errors and requests from now on. */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { errors: [], requests: [] };
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' || message.type() === 'warning') watch.errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error: Error) => watch.errors.push(`pageerror: ${error.message}`));
  page.on('request', (request: Request) => watch.requests.push(request.url()));
  return watch;
}
