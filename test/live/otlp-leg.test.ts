import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AgentTelemetry } from '../../src/live/agent-telemetry.js';
import { LIVE_OTLP_CONCURRENT_EXPORTS, LIVE_OTLP_EXPORT_SPANS, LIVE_OTLP_QUEUE_SPANS, liveOtlpLeg } from '../../src/live/otlp-leg.js';
import { useBlackHoles } from '../support/receivers/use-receivers.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const blackHole = useBlackHoles();

describe('the live OTLP leg settings', () => {
  it.each([
    { options: {}, env: {}, queue: LIVE_OTLP_QUEUE_SPANS, join: LIVE_OTLP_EXPORT_SPANS, concurrent: LIVE_OTLP_CONCURRENT_EXPORTS },
    { options: {}, env: { OTEL_BSP_MAX_QUEUE_SIZE: '100' }, queue: 100, join: LIVE_OTLP_EXPORT_SPANS, concurrent: LIVE_OTLP_CONCURRENT_EXPORTS },
    { options: { otlpQueueSpans: 30, otlpExportSpans: 0, otlpConcurrentExports: 1 }, env: { OTEL_BSP_MAX_QUEUE_SIZE: '100' }, queue: 30, join: 0, concurrent: 1 },
    { options: {}, env: { OTEL_BSP_MAX_QUEUE_SIZE: 'many' }, queue: LIVE_OTLP_QUEUE_SPANS, join: LIVE_OTLP_EXPORT_SPANS, concurrent: LIVE_OTLP_CONCURRENT_EXPORTS },
  ])('options $options, env $env: queue $queue, joined up to $join, $concurrent in flight', ({ options, env, queue, join, concurrent }) => {
    expect(liveOtlpLeg(options, env)).toMatchObject({ whenFull: 'drop', maxQueueSpans: queue, maxExportSpans: join, maxConcurrentExports: concurrent });
  });

  it.each([
    // 40 tool spans in batches of 4 to a collector that never answers: the leg keeps what its queue holds, the rest is dropped.
    { options: {}, env: {}, kept: 40 },
    { options: {}, env: { OTEL_BSP_MAX_QUEUE_SIZE: '12' }, kept: 12 },
    { options: { otlpQueueSpans: 8 }, env: { OTEL_BSP_MAX_QUEUE_SIZE: '12' }, kept: 8 },
  ])('a collector that never answers: options $options, env $env keep $kept spans queued', async ({ options, env, kept }) => {
    const url = `${await blackHole()}/v1/traces`;
    const telemetry = new AgentTelemetry({
      jsonl: { path: tempDir(), layout: 'directory' },
      otlp: { url, timeoutMillis: 60_000 },
      pending: false,
      batch: { maxExportBatchSize: 4 },
      flushOnExit: false,
      otlpShutdownTimeoutMillis: 50,
      env,
      ...options,
    });
    const session = telemetry.startSession({ sessionId: 's' });
    for (let i = 0; i < 40; i++) session.startToolCall('Bash', { command: 'ls' }).end({ output: 'ok' });
    await nextTurn(); // full batches are handed over in the next turn
    expect(telemetry.stats().sinks.otlp).toMatchObject({ exported: 0, dropped: 40 - kept, pending: kept });
    await telemetry.shutdown();
  });
});
