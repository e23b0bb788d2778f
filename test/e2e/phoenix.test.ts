import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendsOrSkip, printLogsOnFailure, REPO, startCollector, useBackendCleanup } from '../support/backends/backends.js';
import { replay } from '../../src/replay/replay.js';
import { makeTraceLines } from '../support/spans/trace-lines.js';
import { phoenixOrSkip, startPhoenix, type RunningPhoenix } from '../support/backends/phoenix.js';
import {
  nestedAttribute,
  phoenixProjectId,
  phoenixSessions,
  phoenixSpanCosts,
  phoenixTrace,
  waitForPhoenixSpans,
  type PhoenixSpan,
} from '../support/backends/phoenix-api.js';
import { byTrace } from '../support/backends/jaeger-tree.js';
import {
  chatsCarry,
  chatTotals,
  CONTENT_ATTRIBUTE_PREFIXES,
  expectedInputMessages,
  expectedOutputMessages,
  operation,
  PHOENIX_KIND,
  sessionOf,
  shownMessages,
} from '../support/expectations/phoenix-expected.js';
import { sharedFixture } from '../support/fixtures/shared-fixtures.js';
import { isJsonObject, SAMPLE_SESSIONS } from '../support/fixtures/sample-sessions.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { cli } from '../support/runs/cli.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';
import type { NormalizedSpan } from '../support/spans/otlp-normalize.js';

/**
 * `agent-otel convert <sessions> --endpoint <Phoenix>/v1/traces` on sessions of several agents (one with
 * subagents, and the real Claude Code and Codex logs of ../shared/fixtures/real), then every trace read
 * back from a real Arize Phoenix (REST and GraphQL): the span kinds, span counts, token totals, cost,
 * session and messages Phoenix shows must be those of the JSONL that the same run wrote. Two Phoenix
 * servers: one for a run with content capture off, one with it on (the same sessions give the same
 * trace ids, which one Phoenix would keep only once).
 */
useBackendCleanup();
const tempDir = useTempDirs();
const SUITE = 'e2e: convert --endpoint -> Arize Phoenix';
const PROJECT = 'agent-otel-e2e';

const INPUTS = [
  ...SAMPLE_SESSIONS,
  ...[sharedFixture('real/claude-code'), sharedFixture('real/codex')].filter((p): p is string => p !== undefined),
];

interface Run {
  phoenix: RunningPhoenix;
  /** What the run wrote to its JSONL, by trace. */
  written: NormalizedSpan[];
  traces: Map<string, NormalizedSpan[]>;
  /** What Phoenix stored, by span id. */
  stored: Map<string, PhoenixSpan>;
  projectId: string;
}

/** Converts INPUTS to Phoenix and to a JSONL file, then waits until Phoenix holds every span. */
async function convertTo(phoenix: RunningPhoenix, capture: boolean): Promise<Run> {
  const out = join(tempDir(), 'traces.jsonl');
  const args = ['convert', ...INPUTS, '--endpoint', phoenix.otlpHttpUrl, '--header', `x-project-name=${PROJECT}`, '--out', out, '--json'];
  const run = await cli(capture ? [...args, '--capture-content'] : args, { cwd: REPO });
  expect(run.code, run.stderr).toBe(0);
  const summary = JSON.parse(run.stdout) as { exportFailures: number };
  expect(summary.exportFailures).toBe(0);
  const written = readJsonlSpans(out);
  const spans = await waitForPhoenixSpans(phoenix.url, PROJECT, written.length, { timeoutMs: 120_000 });
  return {
    phoenix,
    written,
    traces: byTrace(written),
    stored: new Map(spans.map((s) => [s.context.span_id, s])),
    projectId: await phoenixProjectId(phoenix.url, PROJECT),
  };
}

let off: Run | undefined;
let on: Run | undefined;

beforeAll(async () => {
  const install = await phoenixOrSkip(SUITE);
  if (!install) return;
  const [a, b] = await Promise.all([startPhoenix(install), startPhoenix(install)]);
  off = await convertTo(a, false);
  on = await convertTo(b, true);
}, 600_000);

afterAll(() => {
  off = on = undefined;
});


const rootOf = (spans: readonly NormalizedSpan[]): NormalizedSpan => {
  const roots = spans.filter((s) => s.parentSpanId === undefined);
  expect(roots, `trace ${spans[0]?.traceId}: one root`).toHaveLength(1);
  return roots[0]!;
};

describe('convert --endpoint -> Arize Phoenix', () => {
  it('Phoenix stores every span with the kind its operation maps to (AGENT, LLM, TOOL)', (ctx) => {
    if (!off) return ctx.skip();
    printLogsOnFailure(off.phoenix.process);
    expect(off.stored.size).toBe(off.written.length);
    const ops = new Set<string>();
    for (const span of off.written) {
      const stored = off.stored.get(span.spanId);
      expect(stored, `${span.name} ${span.spanId}`).toBeDefined();
      expect(stored?.context.trace_id).toBe(span.traceId);
      expect(stored?.parent_id ?? undefined).toBe(span.parentSpanId);
      expect(stored?.span_kind, `${span.name}`).toBe(PHOENIX_KIND[operation(span)]);
      ops.add(operation(span));
    }
    expect([...ops].sort()).toEqual(['chat', 'execute_tool', 'invoke_agent']);
    // Subagents are in the sample: some AGENT spans sit below a TOOL span.
    const subagents = off.written.filter((s) => operation(s) === 'invoke_agent' && s.parentSpanId !== undefined);
    expect(subagents.length).toBeGreaterThan(0);
  });

  it('per trace: the span count and kinds, and tokens equal to the sum over chat spans (nothing counted twice)', { timeout: 300_000 }, async (ctx) => {
    if (!off) return ctx.skip();
    printLogsOnFailure(off.phoenix.process);
    let withUsageAbove = 0;
    for (const [traceId, spans] of off.traces) {
      const trace = await phoenixTrace(off.phoenix.url, off.projectId, traceId);
      expect(trace.numSpans, traceId).toBe(spans.length);
      const kinds = Object.fromEntries(trace.spanCountsByKind.map((k) => [k.spanKind.toUpperCase(), k.count]));
      const expectedKinds: Record<string, number> = {};
      for (const span of spans) expectedKinds[PHOENIX_KIND[operation(span)]!] = (expectedKinds[PHOENIX_KIND[operation(span)]!] ?? 0) + 1;
      expect(kinds, traceId).toEqual(expectedKinds);

      const root = rootOf(spans);
      const totals = chatTotals(spans);
      expect(trace.rootSpan?.spanId, traceId).toBe(root.spanId);
      expect(trace.rootSpan?.cumulativeTokenCountPrompt, `${traceId}: input tokens`).toBe(totals.input);
      expect(trace.rootSpan?.cumulativeTokenCountCompletion, `${traceId}: output tokens`).toBe(totals.output);
      // Agent and tool spans that carry usage of their own (roll-ups) must not be added.
      if (spans.some((s) => operation(s) !== 'chat' && s.attributes['gen_ai.usage.input_tokens'] !== undefined)) withUsageAbove += 1;
    }
    console.log(`[phoenix] ${off.traces.size} traces; ${withUsageAbove} with gen_ai.usage.* on agent or tool spans`);
  });

  it('Phoenix files each trace under its root session (session.id / gen_ai.conversation.id)', { timeout: 300_000 }, async (ctx) => {
    if (!off) return ctx.skip();
    printLogsOnFailure(off.phoenix.process);
    const expected = new Map<string, number>();
    for (const [traceId, spans] of off.traces) {
      const session = sessionOf(rootOf(spans));
      expected.set(session, (expected.get(session) ?? 0) + 1);
      const trace = await phoenixTrace(off.phoenix.url, off.projectId, traceId);
      expect(trace.session?.sessionId, `trace ${traceId} (${rootOf(spans).name})`).toBe(session);
    }
    const sessions = await phoenixSessions(off.phoenix.url, off.projectId);
    expect(Object.fromEntries(sessions.map((s) => [s.sessionId, s.numTraces]))).toEqual(Object.fromEntries(expected));
  });

  it('cost per trace: Phoenix prices LLM spans only, and agrees with agent-otel\'s own price of the calls', { timeout: 300_000 }, async (ctx) => {
    if (!off) return ctx.skip();
    if (!chatsCarry(off.written, 'gen_ai.usage.cost')) {
      console.warn('[phoenix] chat spans carry no gen_ai.usage.cost yet: the cost comparison is skipped');
      return ctx.skip();
    }
    printLogsOnFailure(off.phoenix.process);
    let equal = 0;
    let bounded = 0;
    for (const [traceId, spans] of off.traces) {
      const trace = await phoenixTrace(off.phoenix.url, off.projectId, traceId);
      const costs = await phoenixSpanCosts(off.phoenix.url, off.projectId, traceId);
      const kindOf = new Map(spans.map((s) => [s.spanId, PHOENIX_KIND[operation(s)]]));
      // Only LLM spans are priced by Phoenix, whatever usage the others carry.
      for (const span of costs) {
        if (kindOf.get(span.spanId) !== 'LLM') expect(span.costSummary, `${traceId} ${span.spanId}`).toBeNull();
      }
      const totals = chatTotals(spans);
      const phoenixPricedAll = costs.every((span) => kindOf.get(span.spanId) !== 'LLM' || span.costSummary?.total.cost != null);
      if (totals.unpriced > 0 || !phoenixPricedAll || totals.localCost === 0) continue;
      const cost = trace.costSummary.total.cost ?? 0;
      const where = `${traceId}: Phoenix ${cost} USD, agent-otel ${totals.localCost} USD`;
      if (totals.hourWrites === 0) {
        // Two price tables (agent-otel's and Phoenix's own), the same calls: equal within 1%.
        expect(Math.abs(cost - totals.localCost), where).toBeLessThanOrEqual(totals.localCost * 0.01);
        equal += 1;
      } else {
        // Phoenix prices every cache write at the 5-minute rate (1.25 x input at Anthropic), agent-otel the
        // 1-hour ones at their own (2 x input): Phoenix's figure is lower, at most 1.6 times lower were every
        // token a 1-hour write, and never higher.
        expect(cost, where).toBeLessThanOrEqual(totals.localCost * 1.01);
        expect(cost, where).toBeGreaterThanOrEqual((totals.localCost / 1.6) * 0.99);
        bounded += 1;
      }
    }
    console.log(`[phoenix] cost: ${equal} traces equal within 1%, ${bounded} with 1-hour cache writes within bounds`);
    expect(equal, 'traces without 1-hour cache writes priced by both').toBeGreaterThan(0);
  });

  it('capture off: no message or tool content reaches Phoenix', (ctx) => {
    if (!off) return ctx.skip();
    for (const span of off.stored.values()) {
      const leaked = Object.keys(span.attributes).filter((key) => CONTENT_ATTRIBUTE_PREFIXES.some((p) => key === p || key.startsWith(`${p}.`)));
      expect(leaked, `${span.name} ${span.context.span_id}`).toEqual([]);
      if (span.span_kind === 'TOOL') expect(span.attributes['output.value'], span.name).toBeUndefined();
    }
  });

  it('capture on: Phoenix shows tool arguments and results', (ctx) => {
    if (!on) return ctx.skip();
    printLogsOnFailure(on.phoenix.process);
    let shown = 0;
    for (const span of on.written) {
      const args = span.attributes['gen_ai.tool.call.arguments'];
      if (operation(span) !== 'execute_tool' || typeof args !== 'string') continue;
      const stored = on.stored.get(span.spanId)!;
      // Phoenix keeps JSON object arguments as an object (its API returns it flattened; an empty one leaves
      // no key), other arguments as text.
      const parameters = nestedAttribute(stored.attributes, 'tool.parameters');
      if (isJsonObject(args)) expect(parameters ?? {}, `${span.name} ${span.spanId}`).toEqual(JSON.parse(args));
      else expect(parameters, `${span.name} ${span.spanId}`).toBe(args);
      const result = span.attributes['gen_ai.tool.call.result'];
      if (typeof result === 'string') expect(stored.attributes['output.value'], `${span.name} ${span.spanId}: result`).toBe(result);
      shown += 1;
    }
    expect(shown, 'tool spans with arguments').toBeGreaterThan(0);
  });

  it('capture on: Phoenix shows each chat span\'s input and output messages', (ctx) => {
    if (!on) return ctx.skip();
    if (!chatsCarry(on.written, 'gen_ai.input.messages')) {
      console.warn('[phoenix] chat spans carry no gen_ai.input.messages yet: the message comparison is skipped');
      return ctx.skip();
    }
    printLogsOnFailure(on.phoenix.process);
    // Phoenix drops a message list whole when one message breaks the conventions' schema (an output
    // message without finish_reason, say), and shows one tool result per message: every message and every
    // tool result must be there.
    let withInput = 0;
    let withOutput = 0;
    for (const span of on.written) {
      if (operation(span) !== 'chat') continue;
      const stored = on.stored.get(span.spanId)!;
      const where = `${span.name} ${span.spanId}`;
      const input = expectedInputMessages(span.attributes);
      const output = expectedOutputMessages(span.attributes);
      expect(shownMessages(stored.attributes, 'llm.input_messages', input), `${where}: input`).toEqual(input);
      expect(shownMessages(stored.attributes, 'llm.output_messages', output), `${where}: output`).toEqual(output);
      if (input.length > 0) withInput += 1;
      if (output.length > 0) withOutput += 1;
    }
    expect(withInput, 'chat spans with input messages').toBeGreaterThan(0);
    expect(withOutput, 'chat spans with output messages').toBeGreaterThan(0);
  });

  it('collector-config/agent-otel-to-phoenix.yaml delivers to Phoenix, into the project PHOENIX_PROJECT_NAME names', async (ctx) => {
    if (!off) return ctx.skip();
    const backends = await backendsOrSkip(SUITE);
    if (!backends) return ctx.skip();
    const project = 'via-collector';
    const collector = await startCollector(backends, 'collector-config/agent-otel-to-phoenix.yaml', {
      PHOENIX_COLLECTOR_ENDPOINT: off.phoenix.url,
      PHOENIX_PROJECT_NAME: project,
    });
    printLogsOnFailure(off.phoenix.process, collector.process);
    const data = makeTraceLines({ traces: 1, spansPerTrace: 5, spansPerLine: 2, resource: { 'service.name': 'to-phoenix' } });
    const file = join(tempDir(), 'trace.jsonl');
    writeFileSync(file, data.lines.map((l) => `${l}\n`).join(''));
    expect(await replay({ inputs: [file], endpoint: collector.otlpHttpUrl })).toMatchObject({ spans: 5, failed: 0 });
    const spans = await waitForPhoenixSpans(off.phoenix.url, project, 5, { timeoutMs: 30_000 });
    expect(spans.map((s) => s.context.span_id).sort()).toEqual(data.spans.map((s) => s.spanId).sort());
  });
});
