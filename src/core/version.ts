import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The package version, read from package.json (two levels above src/core/ and dist/core/). */
export const VERSION: string = (require('../../package.json') as { version: string }).version;
