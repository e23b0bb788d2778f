import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * How a benchmark script talks to run.mjs: it prints human-readable lines as
 * it goes, then one line `BENCH_RESULT <json>`. Run alone, the JSON is the
 * last line of its output; run.mjs picks it up from the child's stdout.
 */
export const RESULT_MARKER = 'BENCH_RESULT ';

export function isMain(importMetaUrl) {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(importMetaUrl);
}

export function log(...parts) {
  console.log(...parts);
}

/** Runs `fn` as the script's main: prints its result as JSON and sets the exit code on failure. */
export async function main(name, fn) {
  try {
    const result = await fn();
    console.log(`${RESULT_MARKER}${JSON.stringify({ name, ...result })}`);
  } catch (error) {
    console.error(`[${name}] failed:`, error);
    console.log(`${RESULT_MARKER}${JSON.stringify({ name, error: String((error instanceof Error && error.stack) || error) })}`);
    process.exitCode = 1;
  }
}

/** A target line: `met` with the figure and the target, so the report can say by how much it is missed. */
export function target(description, value, limit, better) {
  const met = better === 'higher' ? value >= limit : value <= limit;
  return { description, value, limit, better, met };
}
