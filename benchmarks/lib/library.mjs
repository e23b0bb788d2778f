import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The benchmarks measure the BUILT library (dist/), as users run it. */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = join(REPO, 'dist/index.js');

/** @returns {Promise<typeof import('../../src/index.js')>} the built library, typed by its sources */
export async function loadLibrary() {
  if (!existsSync(ENTRY)) throw new Error('dist/index.js is missing: run `npm run build` first (npm run bench does it)');
  return import(pathToFileURL(ENTRY).href);
}

/** When dist/ was built (ms), to say in the report which build was measured. */
export function buildTime() {
  return existsSync(ENTRY) ? statSync(ENTRY).mtimeMs : undefined;
}
