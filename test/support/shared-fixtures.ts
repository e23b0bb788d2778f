import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
