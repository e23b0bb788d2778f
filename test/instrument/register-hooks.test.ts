import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { runWithRegister, type AppRun } from '../support/processes/run-with-register.js';

const tempDir = useTempDirs();

/**
 * A stand-in package named like an SDK, in an application folder of its own:
 * it records that it was loaded and exports a function that says who it is.
 */
function fakeSdk(app: string, name: string, version: string): void {
  const dir = join(app, 'node_modules', ...name.split('/'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version, main: 'index.js' }));
  writeFileSync(
    join(dir, 'index.js'),
    `globalThis.__loaded = [...(globalThis.__loaded ?? []), ${JSON.stringify(name)}];\n` +
      `function generateText() { return 'original'; }\nmodule.exports = { generateText, query: generateText, addTraceProcessor() {} };\n`,
  );
}

function runApp(app: string, file: string, source: string): Promise<AppRun> {
  writeFileSync(join(app, file), source);
  return runWithRegister(join(app, file), [], join(app, 'traces'));
}

const warnings = (stderr: string) => stderr.split('\n').filter((line) => line.includes('[AGENT_OTEL_SDK]'));

describe('agent-otel/register and the SDKs an application uses', () => {
  it('loads no SDK the application does not import', async () => {
    const app = tempDir();
    for (const name of ['ai', '@openai/agents', '@langchain/core', '@anthropic-ai/claude-agent-sdk']) fakeSdk(app, name, '1.0.0');
    const run = await runApp(app, 'app.mjs', `console.log(JSON.stringify(globalThis.__loaded ?? []));\n`);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(warnings(run.stderr)).toEqual([]);
  });

  it('leaves an SDK version it does not know alone, and says so once, whether imported or required', async () => {
    const app = tempDir();
    fakeSdk(app, 'ai', '99.1.0');
    const run = await runApp(
      app,
      'app.mjs',
      [
        `import { generateText } from 'ai';`,
        `import * as again from 'ai';`,
        `import { createRequire } from 'node:module';`,
        `const required = createRequire(import.meta.url)('ai');`,
        `console.log(JSON.stringify([generateText(), again.generateText(), required.generateText(), generateText === required.generateText]));`,
      ].join('\n'),
    );
    expect(run.code).toBe(0);
    // The module is untouched: each binding is the package's own function.
    expect(JSON.parse(run.stdout)).toEqual(['original', 'original', 'original', true]);
    const said = warnings(run.stderr);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('ai 99.1.0 is not a version agent-otel knows');
  });

  it('says so for a CommonJS application too, and the application runs as without agent-otel', async () => {
    const app = tempDir();
    fakeSdk(app, '@openai/agents', '99.0.0');
    const run = await runApp(app, 'app.cjs', `const a = require('@openai/agents'); const b = require('@openai/agents'); console.log(a === b, a.generateText());\n`);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('true original');
    expect(warnings(run.stderr)).toHaveLength(1);
    expect(warnings(run.stderr)[0]).toContain('@openai/agents 99.0.0');
  });
});
