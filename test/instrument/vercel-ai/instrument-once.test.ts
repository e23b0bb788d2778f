import { createRequire } from 'node:module';
import semver from 'semver';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import * as aiModule from 'ai';
import { tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { instrument } from '../../../src/instrument/instrument.js';
import { vercelAiHook } from '../../../src/instrument/vercel-ai/vercel-ai-hook.js';
import { childrenOf, mockModel, roots, tracedAi, type Reply } from './ai-test-kit.js';

const aiPackage = createRequire(import.meta.url)('ai/package.json') as { version: string };
const { ai, telemetry, memory, spans } = tracedAi();
const echo = tool({ inputSchema: z.object({ text: z.string() }), execute: async ({ text }) => text });
const replies = (): Reply[] => [
  { id: 'o-1', calls: [{ id: 'c-o', tool: 'echo', input: { text: 'x' } }], tokens: { input: 3, output: 1 }, finish: 'tool-calls' },
  { id: 'o-2', text: 'x', tokens: { input: 4, output: 1 }, finish: 'stop' },
];

describe('ai: instrumented once', () => {
  it('knows the installed version of ai', () => {
    expect(semver.satisfies(aiPackage.version, vercelAiHook.versions)).toBe(true);
  });

  it('recognizes the ai module, and no other', () => {
    expect(vercelAiHook.recognizes(aiModule as unknown as Record<string, unknown>)).toBe(true);
    expect(vercelAiHook.recognizes({ generateText: () => undefined })).toBe(false);
  });

  it('traces each run once when the module is instrumented again', async () => {
    memory.reset();
    const again = instrument(ai, { telemetry });
    expect(again.generateText).toBe(ai.generateText);
    await again.generateText({ model: mockModel(replies()), prompt: 'x', tools: { echo }, stopWhen: again.stepCountIs(3) });
    await new again.ToolLoopAgent({ model: mockModel(replies()), tools: { echo } }).generate({ prompt: 'x' });
    const all = await spans();
    expect(roots(all)).toHaveLength(2);
    for (const root of roots(all)) expect(childrenOf(all, root)).toHaveLength(3);
    expect(all).toHaveLength(8);
  });

  it("leaves the SDK's own OpenTelemetry spans to the application's tracer, and makes its own once", async () => {
    memory.reset();
    const theirs = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(theirs)] });
    await ai.generateText({
      model: mockModel(replies()),
      prompt: 'x',
      tools: { echo },
      stopWhen: ai.stepCountIs(3),
      experimental_telemetry: { isEnabled: true, functionId: 'echo-task', tracer: provider.getTracer('app') },
    });
    const ours = await spans();
    expect(ours.map((s) => s.name).sort()).toEqual(['chat o-1-model', 'chat o-2-model', 'execute_tool echo', 'invoke_agent echo-task']);
    const sdkSpans = theirs.getFinishedSpans().map((s) => s.name);
    expect(sdkSpans.length).toBeGreaterThan(0);
    expect(sdkSpans.every((name) => name.startsWith('ai.'))).toBe(true);
    await provider.shutdown();
  });

  it('gives the application what the SDK gives without tracing', async () => {
    const run = (generateText: typeof aiModule.generateText) =>
      generateText({ model: mockModel(replies()), prompt: 'x', tools: { echo }, stopWhen: aiModule.stepCountIs(3), _internal: { generateId: () => 'fixed-id' } });
    const [plain, traced] = await Promise.all([run(aiModule.generateText), run(ai.generateText)]);
    const view = (r: Awaited<ReturnType<typeof run>>) => ({ text: r.text, usage: r.totalUsage, steps: r.steps.map((s) => ({ content: s.content, finish: s.finishReason, usage: s.usage, id: s.response.id })) });
    expect(view(traced)).toEqual(view(plain));
  });
});
