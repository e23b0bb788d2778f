import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../../support/processes/child-writer.js';

/**
 * Small applications on the OpenAI Agents SDK for the child-process tests,
 * written to a folder whose node_modules is the repository's (so that
 * `@openai/agents` is found as an application finds it). Each answers with a
 * custom model, offline, and prints the agent's final output.
 */
export function writeApp(dir: string, file: string, source: string): string {
  mkdirSync(dir, { recursive: true });
  try {
    symlinkSync(resolve(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const path = join(dir, file);
  writeFileSync(path, source);
  return path;
}

/** A custom model answering `text` with the given token counts, as JavaScript source. */
const offlineModel = (text: string, input: number, output: number) => `
class OfflineModel {
  async getResponse() {
    return {
      responseId: 'offline_1',
      output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: ${JSON.stringify(text)} }] }],
      usage: new Usage({ requests: 1, inputTokens: ${input}, outputTokens: ${output}, totalTokens: ${input + output} }),
    };
  }
  async *getStreamedResponse() {
    throw new Error('not streamed');
  }
}`;

/** Loads the SDK with require(). */
export const cjsApp = (text: string, input: number, output: number) => `
const { Agent, run, Usage } = require('@openai/agents');
${offlineModel(text, input, output)}
run(new Agent({ name: 'cjs-agent', model: new OfflineModel() }), 'hello').then((result) => console.log(result.finalOutput));
`;

/** Imports the SDK and also passes it to agent-otel's instrument(). */
export const instrumentedApp = (text: string, input: number, output: number) => `
import * as agents from '@openai/agents';
import { instrument } from ${JSON.stringify(pathToFileURL(resolve(ROOT, 'dist/index.js')).href)};
const { Agent, run, Usage } = instrument(agents);
${offlineModel(text, input, output)}
const result = await run(new Agent({ name: 'esm-agent', model: new OfflineModel() }), 'hello');
console.log(result.finalOutput);
`;
