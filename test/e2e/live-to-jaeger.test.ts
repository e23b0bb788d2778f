import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AgentTelemetry } from '../../src/live/agent-telemetry.js';
import {
  printLogsOnFailure,
  startCollector,
  startJaeger,
  waitForJaegerTrace,
} from '../support/backends/backends.js';
import { useE2eSuite } from '../support/backends/e2e-suite.js';
import { useE2eTiming } from '../support/backends/e2e-timing.js';
import { childrenOf, expectAgentTree, expectTraceMatchesJsonl, shownAsError, treeSpans, type TreeSpan } from '../support/backends/jaeger-tree.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';

/**
 * The live API (AgentTelemetry) sending OTLP/HTTP to the real OpenTelemetry
 * Collector started with collector-config/agent-otel-to-jaeger.yaml, which
 * forwards over OTLP/gRPC to the real Jaeger v2: after shutdown Jaeger holds
 * the session as the agent recorded it (model calls, tool calls, one failing,
 * a subagent under the call that launched it), and the JSONL file the live
 * API wrote holds the same spans.
 */
const timed = useE2eTiming('live-to-jaeger.test.ts');
const { tempDir, backends: suiteBackends } = useE2eSuite('e2e: live API -> Collector -> Jaeger', timed);

const SERVICE = 'e2e-live-agent';

/** Wall-clock bounds (epoch µs) around a step, to check the times Jaeger shows. */
interface Bounds {
  fromUs: number;
  toUs: number;
}

async function within<T>(fn: () => Promise<T> | T): Promise<{ value: T; bounds: Bounds }> {
  const fromUs = Date.now() * 1000;
  const value = await fn();
  return { value, bounds: { fromUs, toUs: Date.now() * 1000 } };
}

/**
 * A small agent run. Every span's expected name, parent, outcome and tokens
 * are written down here as the agent saw them, with the wall-clock bounds of
 * each call.
 */
async function runAgent(telemetry: AgentTelemetry, runId: string) {
  const mainId = `live-main-${runId}`;
  const subId = `live-sub-${runId}`;
  const main = telemetry.startSession({ sessionId: mainId, model: 'claude-x', provider: 'anthropic', cwd: '/repo' });
  main.message('user', 'fix the failing test');

  const chat1 = await within(async () => {
    const call = main.startModelCall({ model: 'claude-x' });
    await sleep(25);
    call.end({ responseId: 'resp-1', usage: { input: 100, output: 20, cacheRead: 50, inputIncludesCache: false }, finishReasons: ['tool_use'] });
  });
  const read = await within(async () => {
    const call = main.startToolCall('Read', { path: 'src/a.ts' }, { callId: 'call-read' });
    await sleep(25);
    call.end({ output: 'export const a = 1;' });
  });
  const task = await within(async () => {
    const call = main.startToolCall('Task', { prompt: 'find the test' }, { callId: 'call-task' });
    const sub = telemetry.startSession({ sessionId: subId, agentName: 'Explore', model: 'claude-y', parent: { sessionId: mainId, toolCallId: call.callId } });
    const subChat = sub.startModelCall({ model: 'claude-y' });
    await sleep(25);
    subChat.end({ responseId: 'resp-sub-1', usage: { input: 40, output: 5, inputIncludesCache: false } });
    const grep = sub.startToolCall('Grep', { pattern: 'it(' }, { callId: 'call-grep' });
    await sleep(25);
    grep.end({ output: '3 matches' });
    sub.end();
    call.end({ output: 'test/a.test.ts' });
  });
  const bash = await within(async () => {
    const call = main.startToolCall('Bash', { command: 'npm test' }, { callId: 'call-bash' });
    await sleep(25);
    call.fail(new Error('exit code 1'), 'exit_code');
  });
  const chat2 = await within(async () => {
    const call = main.startModelCall({ model: 'claude-x' });
    await sleep(25);
    call.end({ responseId: 'resp-2', usage: { input: 200, output: 30, inputIncludesCache: false }, finishReasons: ['end_turn'] });
  });
  main.end();
  return { mainId, subId, chat1, read, task, bash, chat2 };
}

/** Clock slack (µs) between the wall clock read here and the live API's performance clock. */
const SLACK_US = 50_000;

function expectWithin(span: TreeSpan, bounds: Bounds, minDurationUs: number): void {
  expect(span.startUs, `${span.name} starts after the call began`).toBeGreaterThanOrEqual(bounds.fromUs - SLACK_US);
  expect(span.startUs + span.durationUs, `${span.name} ends before the call returned`).toBeLessThanOrEqual(bounds.toUs + SLACK_US);
  expect(span.durationUs, `${span.name} lasts at least the time slept`).toBeGreaterThanOrEqual(minDurationUs);
}

describe('live API -> Collector (agent-otel-to-jaeger.yaml) -> Jaeger v2', () => {
  it('Jaeger holds the session tree the agent recorded, with the span ids of its JSONL', { timeout: 240_000 }, async (ctx) => {
    const backends = suiteBackends();
    if (!backends) return ctx.skip();
    const jaeger = await timed('Jaeger start', () => startJaeger(backends, { timeoutMs: 60_000 }));
    const collector = await timed('Collector start', () =>
      startCollector(backends, 'collector-config/agent-otel-to-jaeger.yaml', { JAEGER_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint }, { timeoutMs: 60_000 }),
    );
    printLogsOnFailure(jaeger.process, collector.process);
    const jsonlFile = join(tempDir(), 'live.jsonl');
    const telemetry = new AgentTelemetry({
      serviceName: SERVICE,
      flushOnExit: false,
      env: {},
      jsonl: { path: jsonlFile },
      otlp: { url: collector.otlpHttpUrl, timeoutMillis: 30_000 },
    });
    const run = await timed('agent run', () => runAgent(telemetry, String(process.pid)));
    await timed('shutdown', () => telemetry.shutdown());
    const stats = telemetry.stats();
    expect(stats.rejected, stats.lastError).toBe(0);
    expect(stats.sinks.otlp).toMatchObject({ failed: 0, dropped: 0 });

    const written = readJsonlSpans(jsonlFile);
    expect(written).toHaveLength(9);
    const traceIds = [...new Set(written.map((s) => s.traceId))];
    // The subagent is in its parent's trace.
    expect(traceIds).toHaveLength(1);
    const trace = await timed('waiting for Jaeger', () => waitForJaegerTrace(jaeger.queryUrl, traceIds[0]!, written.length, { timeoutMs: 90_000, intervalMs: 300 }));

    // The JSONL and Jaeger hold the same spans (ids, parents, names, tags, times).
    expectTraceMatchesJsonl(trace, written);
    expect(expectAgentTree(trace).linkedSubagents).toBe(1);

    // The tree as the agent recorded it.
    const spans = treeSpans(trace);
    const agents = spans.filter((s) => s.tags['gen_ai.operation.name'] === 'invoke_agent');
    const main = agents.find((s) => s.tags['gen_ai.conversation.id'] === run.mainId)!;
    const sub = agents.find((s) => s.tags['gen_ai.conversation.id'] === run.subId)!;
    expect(main.name).toBe(`invoke_agent ${SERVICE}`);
    expect(main.parent).toBeUndefined();
    expect(main.service).toBe(SERVICE);
    expect(sub.name).toBe('invoke_agent Explore');
    const tool = (id: string) => spans.find((s) => s.tags['gen_ai.tool.call.id'] === id)!;
    const chat = (id: string) => spans.find((s) => s.tags['gen_ai.response.id'] === id)!;

    expect(childrenOf(spans, main.id).map((s) => s.name).sort()).toEqual(
      ['chat claude-x', 'chat claude-x', 'execute_tool Bash', 'execute_tool Read', 'execute_tool Task'].sort(),
    );
    expect(childrenOf(spans, tool('call-task').id).map((s) => s.id)).toEqual([sub.id]);
    expect(childrenOf(spans, sub.id).map((s) => s.name).sort()).toEqual(['chat claude-y', 'execute_tool Grep']);
    expect(tool('call-grep').parent).toBe(sub.id);
    expect(chat('resp-sub-1').parent).toBe(sub.id);

    // Outcomes: only the Bash call failed, and Jaeger shows it as an error.
    for (const id of ['call-read', 'call-task', 'call-grep', 'call-bash']) {
      const failed = id === 'call-bash';
      expect(tool(id).tags['agent_otel.tool.success'], id).toBe(!failed);
      expect(shownAsError(tool(id)), id).toBe(failed);
      expect(tool(id).tags['gen_ai.operation.name']).toBe('execute_tool');
    }
    expect(tool('call-bash').tags['error.type']).toBe('exit_code');
    for (const span of [main, sub, chat('resp-1'), chat('resp-2'), chat('resp-sub-1')]) expect(shownAsError(span), span.name).toBe(false);

    // Tokens: input counts cache reads (semantic conventions); the root totals its subtree, the subagent its own.
    expect(chat('resp-1').tags).toMatchObject({ 'gen_ai.usage.input_tokens': 150, 'gen_ai.usage.output_tokens': 20, 'gen_ai.usage.cache_read.input_tokens': 50 });
    expect(chat('resp-sub-1').tags).toMatchObject({ 'gen_ai.usage.input_tokens': 40, 'gen_ai.usage.output_tokens': 5 });
    expect(sub.tags).toMatchObject({ 'agent_otel.usage.subtree.input_tokens': 40, 'agent_otel.usage.subtree.output_tokens': 5 });
    expect(main.tags).toMatchObject({
      'agent_otel.usage.subtree.input_tokens': 150 + 40 + 200,
      'agent_otel.usage.subtree.output_tokens': 20 + 5 + 30,
      'agent_otel.session.tool_calls': 3,
      'agent_otel.session.tool_failures': 1,
      'agent_otel.session.model_calls': 2,
    });

    // Times: each span lies within the wall-clock bounds of its call and lasts at least the 25 ms slept.
    expectWithin(chat('resp-1'), run.chat1.bounds, 24_000);
    expectWithin(tool('call-read'), run.read.bounds, 24_000);
    expectWithin(tool('call-task'), run.task.bounds, 49_000);
    expectWithin(sub, run.task.bounds, 49_000);
    expectWithin(tool('call-bash'), run.bash.bounds, 24_000);
    expectWithin(chat('resp-2'), run.chat2.bounds, 24_000);
    // The subagent runs inside the Task call, the session around everything.
    expect(sub.startUs).toBeGreaterThanOrEqual(tool('call-task').startUs);
    expect(sub.startUs + sub.durationUs).toBeLessThanOrEqual(tool('call-task').startUs + tool('call-task').durationUs);
    for (const span of spans) {
      expect(span.startUs, span.name).toBeGreaterThanOrEqual(main.startUs);
      expect(span.startUs + span.durationUs, span.name).toBeLessThanOrEqual(main.startUs + main.durationUs + 1);
    }
  });
});
