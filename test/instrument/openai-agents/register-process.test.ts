import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCleanOtelEnv } from '../../support/isolation/clean-otel-env.js';
import { useTempDirs } from '../../support/isolation/temp-dirs.js';
import { ROOT } from '../../support/processes/child-writer.js';
import { runTimed } from '../../support/processes/timed-child.js';
import type { NormalizedSpan } from '../../support/spans/otlp-normalize.js';
import { readJsonlSpans } from '../../support/spans/jsonl-spans.js';
import { cjsApp, instrumentedApp, writeApp } from './offline-apps.js';

const tempDir = useTempDirs();
useCleanOtelEnv();

/**
 * Runs an app with `node --import <dist>/register.js` (through NODE_OPTIONS) and reads the spans it wrote.
 * The SDK's tracing is on by default outside tests: NODE_ENV is cleared, and no OpenAI key is given, so the
 * SDK's own exporter sends nothing.
 */
async function runRegistered(app: string): Promise<{ stdout: string; spans: NormalizedSpan[] }> {
  const out = join(tempDir(), 'traces.jsonl');
  const run = await runTimed(app, [], {
    NODE_OPTIONS: `--import=${resolve(ROOT, 'dist/register.js')}`,
    NODE_ENV: '',
    OPENAI_API_KEY: '',
    OPENAI_AGENTS_DISABLE_TRACING: '',
    AGENT_OTEL_JSONL_PATH: out,
  });
  expect(run.code, run.stderr).toBe(0);
  return { stdout: run.stdout, spans: readJsonlSpans(out) };
}

const byName = (spans: NormalizedSpan[], name: string) => spans.filter((s) => s.name === name);

describe('@openai/agents through node --import agent-otel/register', () => {
  it('traces the ESM example with no change to its code', async () => {
    const { stdout, spans } = await runRegistered('examples/openai-agents-agent.mjs');
    expect(stdout).toContain('umbrella');
    const [root] = byName(spans, 'invoke_agent weather-assistant');
    expect(root).toBeDefined();
    const under = spans.filter((s) => s.parentSpanId === root!.spanId).map((s) => s.name);
    expect(under.sort()).toEqual(['chat scripted-weather-model', 'chat scripted-weather-model', 'execute_tool get_weather']);
    // The example's scripted model reports 310 + 352 input and 24 + 19 output tokens.
    expect(root!.attributes['agent_otel.usage.own.input_tokens']).toBe(310 + 352);
    expect(root!.attributes['agent_otel.usage.own.output_tokens']).toBe(24 + 19);
  });

  it('traces an app that loads the SDK with require()', async () => {
    const { stdout, spans } = await runRegistered(writeApp(tempDir(), 'app.cjs', cjsApp('hello from CommonJS', 12, 3)));
    expect(stdout).toContain('hello from CommonJS');
    expect(spans.map((s) => s.name).sort()).toEqual(['chat', 'invoke_agent cjs-agent']);
    const chat = byName(spans, 'chat')[0]!;
    expect([chat.attributes['gen_ai.usage.input_tokens'], chat.attributes['gen_ai.usage.output_tokens']]).toEqual([12, 3]);
  });

  it('traces each run once when the app also calls instrument()', async () => {
    const { stdout, spans } = await runRegistered(writeApp(tempDir(), 'app.mjs', instrumentedApp('traced once', 21, 4)));
    expect(stdout).toContain('traced once');
    expect(spans.map((s) => s.name).sort()).toEqual(['chat', 'invoke_agent esm-agent']);
    const chat = byName(spans, 'chat')[0]!;
    expect([chat.attributes['gen_ai.usage.input_tokens'], chat.attributes['gen_ai.usage.output_tokens']]).toEqual([21, 4]);
  });
});
