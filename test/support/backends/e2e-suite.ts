import { beforeAll } from 'vitest';
import { backendsOrSkip, useBackendCleanup, type Backends } from './backends.js';
import { useTempDirs } from '../isolation/temp-dirs.js';

type Timed = <T>(step: string, fn: () => Promise<T>) => Promise<T>;

export interface E2eSuite {
  /** A fresh temporary directory, removed after the test. */
  tempDir: () => string;
  /** Inside a test: the real backends, or undefined when the suite is skipped (no backends, not on CI). */
  backends: () => Backends | undefined;
}

/**
 * The common set-up of an end-to-end test file: backends built (or found in
 * the cache) once in a `beforeAll`, every started backend stopped after the
 * file, temporary directories removed after each test. With `timed` (from
 * useE2eTiming, called before this) the backend step is timed too.
 */
export function useE2eSuite(suite: string, timed?: Timed): E2eSuite {
  useBackendCleanup();
  const tempDir = useTempDirs();
  let backends: Backends | undefined;
  beforeAll(async () => {
    const get = (): Promise<Backends | undefined> => backendsOrSkip(suite);
    backends = timed ? await timed('backends (build or cache check)', get) : await get();
  });
  return { tempDir, backends: () => backends };
}
