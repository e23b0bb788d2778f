import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentTelemetry, type AgentTelemetryOptions } from '../../src/live/agent-telemetry.js';
import { cli } from '../support/runs/cli.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';
import { useBlackHoles, useOtlpReceivers } from '../support/receivers/use-receivers.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { spanIdsOfJsonl } from '../support/spans/trace-lines.js';

const tempDir = useTempDirs();
const receiver = useOtlpReceivers();
const blackHole = useBlackHoles();

/** An agent run of `calls` tool calls through the live API; returns the span count it makes. */
function run(telemetry: AgentTelemetry, id: string, calls: number): number {
  const session = telemetry.startSession({ sessionId: id });
  for (let i = 0; i < calls; i++) session.startToolCall('Bash', { i }, { callId: `${id}-${i}` }).end({ success: true });
  session.end();
  return calls + 1;
}

function telemetry(dir: string, endpoint: string, extra: Partial<AgentTelemetryOptions> = {}): AgentTelemetry {
  return new AgentTelemetry({
    flushOnExit: false,
    env: { AGENT_OTEL_JSONL_PATH: dir, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
    otlp: { url: `${endpoint}/v1/traces`, timeoutMillis: 300 },
    ...extra,
  });
}

function pendingSpanIds(dir: string): string[] {
  const pending = join(dir, 'pending');
  return readdirSync(pending)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => spanIdsOfJsonl(readFileSync(join(pending, f), 'utf8')));
}

describe('pending delivery through the live API', () => {
  it('keeps what a down collector missed, and delivers it when the exporter starts again', async () => {
    const dir = tempDir();
    const down = await receiver();
    down.script(...Array.from({ length: 50 }, () => ({ status: 500 })));
    const first = telemetry(dir, down.url);
    const produced = run(first, 'down-1', 30);
    await first.shutdown();
    const stats = first.stats();
    expect(stats.pending).toMatchObject({ pending: produced, lost: 0 });
    expect(stats.pending?.byReason.failed).toBe(produced);
    const onDisk = readJsonlSpans(dir).map((s) => s.spanId).sort();
    expect(onDisk).toHaveLength(produced);
    expect(pendingSpanIds(dir).sort()).toEqual(onDisk);

    const up = await receiver();
    const second = telemetry(dir, up.url);
    const more = run(second, 'up-2', 3);
    await second.shutdown(); // right away: the start-up delivery still gets its grace
    const accepted = up.acceptedSpans().map((s) => s.spanId);
    expect(new Set(accepted).size).toBe(accepted.length);
    expect(accepted.sort()).toEqual(readJsonlSpans(dir).map((s) => s.spanId).sort());
    expect(accepted).toHaveLength(produced + more);
    expect(second.stats().pending?.earlier).toMatchObject({ removed: expect.any(Number), left: 0 });
    expect(second.stats().pending?.earlier?.removed).toBeGreaterThan(0);
    expect(pendingSpanIds(dir)).toEqual([]);
  });

  it('never holds up the start, even when the earlier delivery hangs', async () => {
    const dir = tempDir();
    const bad = await receiver();
    bad.script(...Array.from({ length: 20 }, () => ({ status: 500 })));
    const first = telemetry(dir, bad.url);
    const produced = run(first, 'hang-1', 5);
    await first.shutdown();
    expect(pendingSpanIds(dir)).toHaveLength(produced);

    const hole = await blackHole();
    const started = Date.now();
    const second = telemetry(dir, hole, { pending: { deliverGraceMillis: 200, deliverTimeoutMillis: 2000 }, otlpShutdownTimeoutMillis: 200 });
    run(second, 'hang-2', 2);
    expect(Date.now() - started).toBeLessThan(200);
    await second.shutdown();
    expect(Date.now() - started).toBeLessThan(9_000); // grace + the in-flight request's 5 s timeout
    // Nothing was acknowledged, so everything is still pending: the earlier spans and the new ones.
    expect(pendingSpanIds(dir)).toHaveLength(produced + 3);
  });

  it('agent-otel replay --pending delivers the folder once, and a second run sends nothing', async () => {
    const dir = tempDir();
    const down = await receiver();
    down.script(...Array.from({ length: 20 }, () => ({ status: 500 })));
    const first = telemetry(dir, down.url, { pending: { deliverOnStart: false } });
    const produced = run(first, 'cli-1', 12);
    await first.shutdown();

    const target = await receiver();
    const one = await cli(['replay', '--pending', '--out', dir, '--endpoint', target.url]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/pending .*: \d+ of \d+ file\(s\) delivered and removed, 0 left/);
    expect(target.acceptedSpans()).toHaveLength(produced);
    const two = await cli(['replay', '--pending', '--out', dir, '--endpoint', target.url]);
    expect(two.code).toBe(0);
    expect(target.acceptedSpans()).toHaveLength(produced);
    expect(pendingSpanIds(dir)).toEqual([]);
  });

  it.each([
    [['replay', '--pending', 'some.jsonl'], /takes no files/],
    [['replay', '--pending', '--dry-run'], /cannot be combined with --dry-run/],
    [['replay', '--out', 'x', 'y.jsonl'], /--out goes with --pending/],
  ])('refuses %j', async (args, message) => {
    const result = await cli(args, { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
