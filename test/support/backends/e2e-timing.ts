import { afterAll } from 'vitest';

/**
 * Wall times of an end-to-end test file and of its steps (backend build or
 * cache check, backend start-up, conversion, waiting for the backend),
 * printed with console.log when the file ends, for the issue's notes.
 * Call it before useBackendCleanup so that the stopping of the backends is
 * included in the file's total.
 */
export function useE2eTiming(file: string): <T>(step: string, fn: () => Promise<T>) => Promise<T> {
  const started = performance.now();
  const steps: Array<[string, number]> = [];
  afterAll(() => {
    const total = (performance.now() - started) / 1000;
    const parts = steps.map(([step, ms]) => `${step} ${(ms / 1000).toFixed(2)} s`).join(', ');
    console.log(`[e2e timing] ${file}: ${total.toFixed(2)} s in all${parts ? ` (${parts})` : ''}`);
  });
  return async (step, fn) => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      steps.push([step, performance.now() - t]);
    }
  };
}
