import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../src/core/errors.js';
import { ExportLeg, exportSpans, JsonlFileExporter } from '../../src/index.js';
import { useCleanOtelEnv } from '../support/isolation/clean-otel-env.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

useCleanOtelEnv();
const tempDir = useTempDirs();

describe('ExportLeg configuration', () => {
  const exporter = (): SpanExporter => new JsonlFileExporter({ path: join(tempDir(), 'x.jsonl') });
  it.each([
    { option: undefined, env: {}, capacity: 2048, timeout: 30_000 },
    { option: undefined, env: { OTEL_BSP_MAX_QUEUE_SIZE: '10', OTEL_BSP_EXPORT_TIMEOUT: '500' }, capacity: 10, timeout: 500 },
    { option: { maxQueueSpans: 3, exportTimeoutMillis: 100 }, env: { OTEL_BSP_MAX_QUEUE_SIZE: '10', OTEL_BSP_EXPORT_TIMEOUT: '500' }, capacity: 3, timeout: 100 },
    { option: undefined, env: { OTEL_BSP_MAX_QUEUE_SIZE: 'lots', OTEL_BSP_EXPORT_TIMEOUT: '-1' }, capacity: 2048, timeout: 30_000 },
  ])('option $option, env $env -> capacity $capacity, timeout $timeout', ({ option, env, capacity, timeout }) => {
    const leg = new ExportLeg({ name: 'x', exporter: exporter(), env, ...option });
    expect(leg.capacity).toBe(capacity);
    expect(leg.exportTimeoutMillis).toBe(timeout);
  });

  it('refuses invalid options', () => {
    expect(() => new ExportLeg({ name: 'x', exporter: exporter(), maxQueueSpans: 0 })).toThrow(InvalidConfigError);
  });
});

describe('exportSpans', () => {
  it('turns a throwing exporter into FAILED and ignores a second callback', async () => {
    const throwing: SpanExporter = {
      export: () => {
        throw new Error('boom');
      },
      shutdown: async () => undefined,
    };
    const twice: SpanExporter = {
      export: (_spans: ReadableSpan[], callback: (result: ExportResult) => void) => {
        callback({ code: ExportResultCode.SUCCESS });
        callback({ code: ExportResultCode.FAILED, error: new Error('late') });
      },
      shutdown: async () => undefined,
    };
    const thrown = await exportSpans(throwing, []);
    expect(thrown.code).toBe(ExportResultCode.FAILED);
    expect(thrown.error?.message).toBe('boom');
    expect((await exportSpans(twice, [])).code).toBe(ExportResultCode.SUCCESS);
  });
});

describe('ExportLeg concurrent exports', () => {
  /** An exporter that answers each batch after `ms` (FAILED for the batches listed), tracking how many are in flight at once. */
  function timed(ms: number, failCalls: number[] = []) {
    const seen = { calls: 0, inFlight: 0, peak: 0 };
    const exporter: SpanExporter = {
      export(_spans: ReadableSpan[], done: (result: ExportResult) => void) {
        const call = seen.calls++;
        seen.inFlight++;
        seen.peak = Math.max(seen.peak, seen.inFlight);
        if (ms === Infinity) return;
        setTimeout(() => {
          seen.inFlight--;
          done(failCalls.includes(call) ? { code: ExportResultCode.FAILED, error: new Error('no') } : { code: ExportResultCode.SUCCESS });
        }, ms);
      },
      shutdown: async () => undefined,
    };
    return { exporter, seen };
  }

  it.each([
    { max: undefined, sizes: [2, 3, 1, 4], failCalls: [] as number[], peak: 1 },
    { max: 1, sizes: [2, 3, 1], failCalls: [1], peak: 1 },
    { max: 2, sizes: [2, 3, 1, 4, 5], failCalls: [], peak: 2 },
    { max: 2, sizes: [1, 2, 3, 4], failCalls: [0, 3], peak: 2 },
    { max: 4, sizes: [1, 2], failCalls: [], peak: 2 },
    { max: 3, sizes: [5, 1, 1, 1, 1, 1, 1], failCalls: [2], peak: 3 },
  ])('maxConcurrentExports $max, batches $sizes, failing calls $failCalls: at most $peak in flight', async ({ max, sizes, failCalls, peak }) => {
    const { exporter, seen } = timed(15, failCalls);
    const leg = new ExportLeg({ name: 'x', exporter, env: {}, maxConcurrentExports: max });
    const results = sizes.map((n) => leg.submit(sampleSpans(n)));
    expect(leg.stats().pending).toBe(sizes.reduce((a, b) => a + b, 0));
    await leg.drain();
    expect(seen.inFlight).toBe(0); // drain waits for every batch in flight, not only the first
    expect(seen.peak).toBe(peak);
    expect(seen.calls).toBe(sizes.length);
    // Batches are started in order (call i sends batch i), even when their answers come in another order.
    const codes = (await Promise.all(results)).map((r) => r.code);
    expect(codes).toEqual(sizes.map((_, i) => (failCalls.includes(i) ? ExportResultCode.FAILED : ExportResultCode.SUCCESS)));
    const total = sizes.reduce((a, b) => a + b, 0);
    const failedSpans = sizes.filter((_, i) => failCalls.includes(i)).reduce((a, b) => a + b, 0);
    expect(leg.stats()).toEqual({ exported: total - failedSpans, failed: failedSpans, dropped: 0, pending: 0 });
    await leg.shutdown();
  });

  it.each([
    { max: 1, sizes: [2, 2, 2], calls: 1 },
    { max: 2, sizes: [2, 2, 2], calls: 2 },
    { max: 3, sizes: [1, 1], calls: 2 },
  ])('at the shutdown deadline every batch held fails, those in flight too (max $max)', async ({ max, sizes, calls }) => {
    const { exporter, seen } = timed(Infinity);
    const leg = new ExportLeg({ name: 'x', exporter, env: {}, maxConcurrentExports: max, shutdownTimeoutMillis: 30 });
    const results = sizes.map((n) => leg.submit(sampleSpans(n)));
    const started = Date.now();
    await leg.shutdown();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(seen.calls).toBe(calls);
    expect((await Promise.all(results)).every((r) => r.code === ExportResultCode.FAILED)).toBe(true);
    expect(leg.stats()).toEqual({ exported: 0, failed: sizes.reduce((a, b) => a + b, 0), dropped: 0, pending: 0 });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses maxConcurrentExports %s', (max) => {
    const exporter: SpanExporter = { export: () => undefined, shutdown: async () => undefined };
    expect(() => new ExportLeg({ name: 'x', exporter, maxConcurrentExports: max })).toThrow(InvalidConfigError);
  });
});

describe('ExportLeg joined exports', () => {
  /** An exporter that records each call's span ids and answers after `ms` (FAILED for the calls listed). */
  function joined(ms: number, failCalls: number[] = []) {
    const calls: string[][] = [];
    const exporter: SpanExporter = {
      export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
        const call = calls.push(spans.map((s) => s.spanContext().spanId)) - 1;
        setTimeout(() => done(failCalls.includes(call) ? { code: ExportResultCode.FAILED, error: new Error('no') } : { code: ExportResultCode.SUCCESS }), ms);
      },
      shutdown: async () => undefined,
    };
    return { exporter, calls };
  }

  it.each([
    // The first batch goes alone (nothing queued yet); those queued behind it are joined up to the limit.
    { maxExportSpans: 6, sizes: [2, 3, 3, 1, 4, 2], calls: [[0], [1, 2], [3, 4], [5]], failCalls: [] as number[] },
    { maxExportSpans: 6, sizes: [1, 7, 2, 2], calls: [[0], [1], [2, 3]], failCalls: [1] },
    { maxExportSpans: 0, sizes: [1, 1, 1], calls: [[0], [1], [2]], failCalls: [2] },
    { maxExportSpans: 100, sizes: [5, 5, 5, 5], calls: [[0], [1, 2, 3]], failCalls: [1] },
  ])('maxExportSpans $maxExportSpans, batches $sizes: exports $calls; each batch gets its export’s result', async ({ maxExportSpans, sizes, calls, failCalls }) => {
    const { exporter, calls: seen } = joined(10, failCalls);
    const leg = new ExportLeg({ name: 'x', exporter, env: {}, maxExportSpans });
    const batches = sizes.map((n) => sampleSpans(n));
    const results = await Promise.all(batches.map((batch) => leg.submit(batch)));
    const idsOf = (i: number) => batches[i]!.map((s) => s.spanContext().spanId);
    expect(seen).toEqual(calls.map((group) => group.flatMap(idsOf)));
    const failedBatch = (i: number) => failCalls.some((call) => calls[call]!.includes(i));
    expect(results.map((r) => r.code)).toEqual(sizes.map((_, i) => (failedBatch(i) ? ExportResultCode.FAILED : ExportResultCode.SUCCESS)));
    const failedSpans = sizes.filter((_, i) => failedBatch(i)).reduce((a, b) => a + b, 0);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(leg.stats()).toEqual({ exported: total - failedSpans, failed: failedSpans, dropped: 0, pending: 0 });
    await leg.shutdown();
  });

  it.each([-1, 1.5, Number.NaN])('refuses maxExportSpans %s', (max) => {
    const exporter: SpanExporter = { export: () => undefined, shutdown: async () => undefined };
    expect(() => new ExportLeg({ name: 'x', exporter, maxExportSpans: max })).toThrow(InvalidConfigError);
  });
});
