import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/** The read-only shared fixtures next to the repository (`../shared/fixtures`). */
export const SHARED_FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');

/**
 * The path of a shared fixture folder, or undefined when it is absent: then,
 * on CI, this throws (the fixtures are required there); elsewhere it warns once
 * and the caller skips the tests that need it.
 */
export function sharedFixture(relative: string): string | undefined {
  const path = resolve(SHARED_FIXTURES, relative);
  if (existsSync(path)) return path;
  const message = `shared fixtures not found at ${path}`;
  if (process.env.CI) throw new Error(`${message} (required when CI is set)`);
  console.warn(`${message}; skipping the tests that need them`);
  return undefined;
}

/**
 * A suite that needs a shared fixture folder: `define(path)` declares its
 * tests. Without the folder (a clone with no ../shared) the suite is skipped
 * and `define` is never called, so collecting it touches no missing file;
 * vitest still runs a skipped suite's body, hence the guard. On CI a missing
 * folder fails the file (see sharedFixture).
 */
export function describeWithFixture(name: string, relative: string, define: (path: string) => void | Promise<void>): void {
  const path = sharedFixture(relative);
  describe.skipIf(path === undefined)(name, () => (path === undefined ? undefined : define(path)));
}
