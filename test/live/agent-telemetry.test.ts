import { afterEach, describe, expect, it } from 'vitest';
import { AgentTelemetry } from '../../src/live/agent-telemetry.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';
import { bySpanId, startOtlpReceiver, type OtlpReceiver } from '../support/receivers/otlp-receiver.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const receivers: OtlpReceiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

async function receiver(): Promise<OtlpReceiver> {
  const r = await startOtlpReceiver();
  receivers.push(r);
  return r;
}

/** A small agent run through the live API; returns what the test expects to see. */
function runAgent(telemetry: AgentTelemetry) {
  const session = telemetry.startSession({ sessionId: 'live-1', model: 'claude-x', provider: 'anthropic', cwd: '/repo' });
  session.message('user', 'fix the failing test, token sk-ant-api03-SECRETSECRETSECRETSECRET1234');
  const chat = session.startModelCall({ model: 'claude-x' });
  chat.end({ responseId: 'resp-1', usage: { input: 100, output: 20, cacheRead: 50, inputIncludesCache: false }, finishReasons: ['tool_use'] });
  const read = session.startToolCall('Read', { path: 'src/a.ts' }, { callId: 'call-read' });
  read.end({ success: true, output: 'export const a = 1;' });
  const bash = session.startToolCall('Bash', { command: 'npm test' }, { callId: 'call-bash' });
  bash.fail(new Error('exit code 1'), 'exit_code');
  session.end();
  return { toolCalls: 2, failures: 1, input: 150, output: 20 };
}

describe('live API', () => {
  it('sends every span to the JSONL file and to the collector, the same spans on both', async () => {
    const otlp = await receiver();
    const dir = tempDir();
    const telemetry = new AgentTelemetry({
      serviceName: 'my-agent',
      flushOnExit: false,
      env: { AGENT_OTEL_JSONL_PATH: dir, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url },
    });
    const expected = runAgent(telemetry);
    await telemetry.shutdown();

    const onDisk = readJsonlSpans(dir).sort(bySpanId);
    const received = otlp.acceptedSpans().sort(bySpanId);
    expect(onDisk).toHaveLength(1 + 1 + expected.toolCalls);
    expect(received).toEqual(onDisk);

    const root = onDisk.find((s) => s.parentSpanId === undefined)!;
    expect(root.name).toBe('invoke_agent my-agent');
    expect(root.resource['service.name']).toBe('my-agent');
    expect(Number(root.attributes['agent_otel.session.tool_calls'])).toBe(expected.toolCalls);
    expect(Number(root.attributes['agent_otel.session.tool_failures'])).toBe(expected.failures);
    expect(Number(root.attributes['agent_otel.usage.subtree.input_tokens'])).toBe(expected.input);
    const bash = onDisk.find((s) => s.attributes['gen_ai.tool.call.id'] === 'call-bash')!;
    expect(bash.status.code).toBe(2);
    expect(bash.attributes['error.type']).toBe('exit_code');
    for (const span of onDisk) expect(span.traceId).toBe(root.traceId);
    // Content stays out by default: sizes only.
    expect(JSON.stringify(onDisk, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toMatch(/fix the failing|npm test|SECRET/);
  });

  it('with no configuration writes JSONL only, into AGENT_OTEL_JSONL_PATH', async () => {
    const dir = tempDir();
    const telemetry = new AgentTelemetry({ flushOnExit: false, env: { AGENT_OTEL_JSONL_PATH: dir } });
    runAgent(telemetry);
    await telemetry.shutdown();
    expect(Object.keys(telemetry.stats().sinks)).toEqual(['jsonl']);
    expect(readJsonlSpans(dir)).toHaveLength(4);
    expect(telemetry.stats().sinks.jsonl?.exported).toBe(4);
  });

  it('keeps writing JSONL when the collector fails, and reports the failure', async () => {
    const otlp = await receiver();
    otlp.script(...Array.from({ length: 20 }, () => ({ status: 500 })));
    const dir = tempDir();
    const telemetry = new AgentTelemetry({
      flushOnExit: false,
      env: { AGENT_OTEL_JSONL_PATH: dir },
      otlp: { url: otlp.tracesUrl, timeoutMillis: 2000 },
    });
    runAgent(telemetry);
    await telemetry.shutdown();
    expect(readJsonlSpans(dir)).toHaveLength(4);
    const stats = telemetry.stats();
    expect(stats.sinks.otlp?.failed).toBe(4);
    expect(stats.sinks.otlp?.exported).toBe(0);
    expect(stats.lastError).toMatch(/otlp/);
    expect(otlp.acceptedSpans()).toHaveLength(0);
  });

  it('on shutdown ends open sessions and calls as interrupted, flushes, and is safe to call twice', async () => {
    const dir = tempDir();
    const telemetry = new AgentTelemetry({ flushOnExit: false, env: { AGENT_OTEL_JSONL_PATH: dir } });
    const session = telemetry.startSession({ sessionId: 'cut-off' });
    session.startToolCall('Bash', { command: 'sleep 100' }, { callId: 'never-ends' });
    await Promise.all([telemetry.shutdown(), telemetry.shutdown()]);
    await telemetry.shutdown();
    const spans = readJsonlSpans(dir);
    expect(spans).toHaveLength(2);
    const root = spans.find((s) => s.parentSpanId === undefined)!;
    expect(root.attributes['agent_otel.session.outcome']).toBe('interrupted');
    const tool = spans.find((s) => s.parentSpanId !== undefined)!;
    expect(tool.attributes['agent_otel.tool.interrupted']).toBe(true);
    // After shutdown nothing throws and nothing is recorded.
    const late = telemetry.startSession({ sessionId: 'late' });
    expect(() => late.startToolCall('x').end()).not.toThrow();
    expect(readJsonlSpans(dir)).toHaveLength(2);
  });

  it('never throws into the caller on bad arguments', async () => {
    const dir = tempDir();
    const telemetry = new AgentTelemetry({ flushOnExit: false, env: { AGENT_OTEL_JSONL_PATH: dir } });
    const session = telemetry.startSession();
    const bad = session as unknown as { startToolCall(name: unknown, input: unknown): { end(r: unknown): void } };
    expect(() => bad.startToolCall(undefined, { circular: globalThis }).end({ output: 12n })).not.toThrow();
    expect(() => session.message('nonsense' as 'user', undefined)).not.toThrow();
    expect(() => session.end({ outcome: 'ok' })).not.toThrow();
    await telemetry.shutdown();
    expect(readJsonlSpans(dir).length).toBeGreaterThanOrEqual(1);
  });

  it('gives the same ids as a conversion of the same session (agent + session id)', async () => {
    const dir = tempDir();
    const telemetry = new AgentTelemetry({ flushOnExit: false, env: { AGENT_OTEL_JSONL_PATH: dir } });
    const session = telemetry.startSession({ agent: 'claude-code', sessionId: 'abc' });
    session.startToolCall('Read', {}, { callId: 'toolu_1' }).end();
    session.end();
    await telemetry.shutdown();
    const { SpanMapper } = await import('../../src/spans/mapper.js');
    const mapper = new SpanMapper();
    const t = 1_700_000_000_000;
    const converted = [
      ...mapper.push({ type: 'session.start', sessionId: 'abc', time: t, meta: { agent: 'claude-code' } }),
      ...mapper.push({ type: 'tool.call', sessionId: 'abc', time: t + 1, callId: 'toolu_1', name: 'Read' }),
      ...mapper.push({ type: 'tool.result', sessionId: 'abc', time: t + 2, callId: 'toolu_1', success: true }),
      ...mapper.finish(),
    ];
    const live = readJsonlSpans(dir);
    expect(live.map((s) => s.spanId).sort()).toEqual(converted.map((s) => s.spanContext().spanId).sort());
    expect(new Set(live.map((s) => s.traceId))).toEqual(new Set([converted[0]!.spanContext().traceId]));
  });
});
