import { configDefaults, defineConfig } from 'vitest/config';

/** Against the real OpenTelemetry Collector, Jaeger and Arize Phoenix (test/support/backends). */
const E2E = ['test/e2e/**/*.test.ts'];
/** Reliability families that run child processes to their end through kills, resets, bursts and dead collectors. */
const PROCESSES = ['test/reliability/{crash-safety,down-collector,exit-flush,faults,jsonl-burst,pending-kill-loop}.test.ts', 'test/reliability/watch-*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // `vitest run` (npm test) runs all three; `npm run test:unit` runs the unit
    // project alone, two files at a time (about 45 s on a 2-core machine).
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...E2E, ...PROCESSES] } },
      { extends: true, test: { name: 'processes', include: PROCESSES } },
      { extends: true, test: { name: 'e2e', include: E2E } },
    ],
  },
});
