import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { requireBuild, ROOT } from '../../support/processes/child-writer.js';
import { runTimed } from '../../support/processes/timed-child.js';
import { useTempDirs } from '../../support/isolation/temp-dirs.js';
import { readJsonlSpans } from '../../support/spans/jsonl-spans.js';
import { SpanTree } from '../../support/spans/span-tree.js';
import type { NormalizedSpan } from '../../support/spans/otlp-normalize.js';

const tempDir = useTempDirs();
const REGISTER = pathToFileURL(resolve(ROOT, 'dist/register.js')).href;
const INDEX = pathToFileURL(resolve(ROOT, 'dist/index.js')).href;

/** The environment of a child that writes its spans to `dir` and nowhere else. */
const childEnv = (dir: string) => ({ AGENT_OTEL_JSONL_PATH: dir, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '', AGENT_OTEL_CAPTURE_CONTENT: 'false' });

/** Runs `code` with `node --import agent-otel/register` from the repository root (where `ai` resolves). */
async function runPreloaded(code: string, dir: string, inputType: 'module' | 'commonjs'): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', REGISTER, `--input-type=${inputType}`, '-e', code], { cwd: ROOT, env: { ...process.env, ...childEnv(dir) }, timeout: 60_000 });
  return stdout;
}

/** A two-step run with a tool, on the SDK's mock model; `ai` and `test` are the modules as the app loaded them. */
const TWO_STEP_RUN = `
  const model = new test.MockLanguageModelV3({ doGenerate: [1, 2].map((n) => ({
    content: n === 1 ? [{ type: 'tool-call', toolCallId: 'call-' + n, toolName: 'twice', input: '{"n":21}' }] : [{ type: 'text', text: 'forty-two' }],
    finishReason: { unified: n === 1 ? 'tool-calls' : 'stop', raw: undefined },
    usage: { inputTokens: { total: 100 * n, noCache: 100 * n, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 10 * n, text: 10 * n, reasoning: 0 } },
    warnings: [], response: { id: 'resp-' + n, modelId: 'mock' } })) });
  const twice = ai.tool({ inputSchema: ai.jsonSchema({ type: 'object', properties: { n: { type: 'number' } } }), execute: async ({ n }) => 2 * n });
  const result = await ai.generateText({ model, prompt: 'double 21', tools: { twice }, stopWhen: ai.stepCountIs(3) });
  console.log(result.text);
`;

/** The names under each span, from the root down: the run's tree as text. */
function treeOf(spans: NormalizedSpan[]): string[] {
  const tree = new SpanTree(spans);
  return spans
    .map((s) => `${tree.ancestors(s).reverse().map((a) => a.name).concat(s.name).join(' > ')}`)
    .sort();
}

describe('ai: node --import agent-otel/register', () => {
  requireBuild();

  it('traces an ES module app with no code change, and once when it also calls instrument()', async () => {
    const dir = tempDir();
    const code = `import * as loaded from 'ai'; import * as test from 'ai/test'; import { instrument } from '${INDEX}';
      const ai = instrument(loaded); ${TWO_STEP_RUN}`;
    expect((await runPreloaded(code, dir, 'module')).trim()).toBe('forty-two');
    const spans = readJsonlSpans(dir);
    expect(treeOf(spans)).toEqual(['invoke_agent agent', 'invoke_agent agent > chat mock', 'invoke_agent agent > chat mock', 'invoke_agent agent > execute_tool twice']);
    expect(spans.filter((s) => s.name === 'chat mock').map((s) => s.attributes['gen_ai.usage.input_tokens'])).toEqual([100, 200]);
  });

  it('traces a CommonJS app that requires ai', async () => {
    const dir = tempDir();
    const code = `const ai = require('ai'); const test = require('ai/test'); (async () => { ${TWO_STEP_RUN} })();`;
    expect((await runPreloaded(code, dir, 'commonjs')).trim()).toBe('forty-two');
    expect(treeOf(readJsonlSpans(dir))).toEqual(['invoke_agent agent', 'invoke_agent agent > chat mock', 'invoke_agent agent > chat mock', 'invoke_agent agent > execute_tool twice']);
  });

  it('runs the example agent offline: the researcher nests under the tool call that ran it, the missing file fails', async () => {
    const dir = tempDir();
    const run = await runTimed('examples/vercel-ai-agent.mjs', [], { ...childEnv(join(dir, 'out')), NODE_OPTIONS: `--import=${REGISTER}`, AI_GATEWAY_API_KEY: '' }, 60_000);
    expect([run.code, run.stdout.trim()]).toEqual([0, 'Fix the flaky test, then write the release notes and ship on Friday.']);
    const spans = readJsonlSpans(join(dir, 'out'));
    const lead = 'invoke_agent release-lead';
    const researcher = `${lead} > execute_tool research > invoke_agent researcher`;
    expect(treeOf(spans)).toEqual(
      [lead, ...[1, 2, 3].map(() => `${lead} > chat mock-lead`), `${lead} > execute_tool research`, `${lead} > execute_tool readFile`, researcher, `${researcher} > chat mock-researcher`, `${researcher} > chat mock-researcher`, `${researcher} > execute_tool readFile`, `${researcher} > execute_tool readFile`].sort(),
    );
    const failed = spans.filter((s) => s.attributes['agent_otel.tool.success'] === false);
    expect(failed.map((s) => [s.name, s.attributes['error.type']])).toEqual([['execute_tool readFile', 'tool_error']]);
  });
});
