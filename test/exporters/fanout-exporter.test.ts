import { ExportResultCode } from '@opentelemetry/core';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError, ShutdownError } from '../../src/core/errors.js';
import {
  createOtlpTraceExporter,
  ExportLeg,
  exportSpans,
  FanoutExporter,
  FanoutExportError,
  JsonlFileExporter,
} from '../../src/index.js';
import { useCleanOtelEnv } from '../support/isolation/clean-otel-env.js';
import { expectedSpan, readJsonl } from '../support/expectations/expected-spans.js';
import { bySpanId, useOtlpReceiver, type OtlpReceiver } from '../support/receivers/otlp-receiver.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

useCleanOtelEnv();
const tempDir = useTempDirs();

const receiver = useOtlpReceiver();

function legs(file: string, url: string, otlp: { maxQueueSpans?: number; exportTimeoutMillis?: number; timeoutMillis?: number } = {}) {
  return [
    { name: 'jsonl', exporter: new JsonlFileExporter({ path: file }), whenFull: 'block' as const },
    {
      name: 'otlp',
      exporter: createOtlpTraceExporter({ url, timeoutMillis: otlp.timeoutMillis ?? 2000 }),
      maxQueueSpans: otlp.maxQueueSpans,
      exportTimeoutMillis: otlp.exportTimeoutMillis,
    },
  ];
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('FanoutExporter', () => {
  it('gives every span to every leg', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    const fanout = new FanoutExporter(legs(file, receiver().tracesUrl));
    const spans = sampleSpans(8);
    const result = await exportSpans(fanout, spans);
    await fanout.shutdown();

    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const expected = spans.map(expectedSpan).sort(bySpanId);
    expect(readJsonl(file).spans.sort(bySpanId)).toEqual(expected);
    expect(receiver().acceptedSpans().sort(bySpanId)).toEqual(expected);
    expect(fanout.stats()).toEqual({
      jsonl: { exported: 8, failed: 0, dropped: 0, pending: 0 },
      otlp: { exported: 8, failed: 0, dropped: 0, pending: 0 },
    });
  });

  it.each([
    { name: 'answers 500', setup: async (r: OtlpReceiver) => r.script({ status: 500 }), url: (r: OtlpReceiver) => r.tracesUrl },
    { name: 'refuses the connection', setup: async (r: OtlpReceiver) => r.close(), url: (r: OtlpReceiver) => r.tracesUrl },
  ])('keeps writing JSONL and reports the otlp leg when the receiver $name', async ({ setup, url }) => {
    const file = join(tempDir(), 'traces.jsonl');
    const target = url(receiver());
    await setup(receiver());
    const fanout = new FanoutExporter(legs(file, target, { timeoutMillis: 500 }));
    const spans = sampleSpans(5);
    const result = await exportSpans(fanout, spans);
    await fanout.shutdown();

    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(FanoutExportError);
    expect((result.error as FanoutExportError).legs).toEqual(['otlp']);
    expect(result.error?.message).toMatch(/^export failed on 1 of 2 leg\(s\): otlp: /);
    expect(readJsonl(file).spans.sort(bySpanId)).toEqual(spans.map(expectedSpan).sort(bySpanId));
    expect(fanout.stats()).toEqual({
      jsonl: { exported: 5, failed: 0, dropped: 0, pending: 0 },
      otlp: { exported: 0, failed: 5, dropped: 0, pending: 0 },
    });
  });

  it('does not let a slow leg hold up the others', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    receiver().script({ delayMs: 1500 });
    const fanout = new FanoutExporter(legs(file, receiver().tracesUrl));
    const spans = sampleSpans(4);
    const pending = exportSpans(fanout, spans);

    await waitFor(() => fanout.stats().jsonl?.exported === 4);
    expect(readJsonl(file).spans).toHaveLength(4);
    expect(fanout.stats().otlp).toMatchObject({ exported: 0, pending: 4 });

    expect((await pending).code).toBe(ExportResultCode.SUCCESS);
    expect(fanout.stats().otlp).toMatchObject({ exported: 4, pending: 0 });
    await fanout.shutdown();
  });

  it('fails a leg whose export never calls back, after its deadline, and moves on', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    receiver().script({ hang: true });
    const fanout = new FanoutExporter(legs(file, receiver().tracesUrl, { exportTimeoutMillis: 200, timeoutMillis: 800 }));
    const first = sampleSpans(2);
    const second = sampleSpans(3);
    const [r1, r2] = await Promise.all([exportSpans(fanout, first), exportSpans(fanout, second)]);

    expect(r1.code).toBe(ExportResultCode.FAILED);
    expect(r1.error?.message).toMatch(/otlp: export timed out after 200 ms/);
    expect(r2.code).toBe(ExportResultCode.SUCCESS);
    expect(readJsonl(file).spans).toHaveLength(5);
    await fanout.shutdown();
  });

  it('drops, counts and reports spans when a leg queue is full, while the JSONL leg keeps them all', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    receiver().script({ delayMs: 400 });
    const fanout = new FanoutExporter(legs(file, receiver().tracesUrl, { maxQueueSpans: 5 }));
    const batches = [sampleSpans(5), sampleSpans(5), sampleSpans(5)];
    const results = await Promise.all(batches.map((batch) => exportSpans(fanout, batch)));
    await fanout.shutdown();

    expect(results.map((result) => result.code)).toEqual([ExportResultCode.SUCCESS, ExportResultCode.FAILED, ExportResultCode.FAILED]);
    expect(results[1]?.error?.message).toMatch(/otlp: queue full \(5 spans\): 5 span\(s\) dropped/);
    expect(fanout.stats().otlp).toEqual({ exported: 5, failed: 0, dropped: 10, pending: 0 });
    expect(receiver().acceptedSpans().map((span) => span.spanId).sort()).toEqual(batches[0]?.map((span) => span.spanContext().spanId).sort());
    expect(readJsonl(file).spans).toHaveLength(15);
    expect(fanout.stats().jsonl).toEqual({ exported: 15, failed: 0, dropped: 0, pending: 0 });
  });

  it('makes a blocking leg wait for room instead of dropping', async () => {
    receiver().script({ delayMs: 300 }, { delayMs: 300 });
    const leg = new ExportLeg({
      name: 'otlp',
      exporter: createOtlpTraceExporter({ url: receiver().tracesUrl }),
      maxQueueSpans: 5,
      whenFull: 'block',
    });
    const fanout = new FanoutExporter([leg]);
    const batches = [sampleSpans(5), sampleSpans(5), sampleSpans(5)];
    const settled: number[] = [];
    const all = batches.map((batch, i) => exportSpans(fanout, batch).then((result) => (settled.push(i), result)));

    await waitFor(() => receiver().requests.length === 1);
    expect(leg.stats()).toEqual({ exported: 0, failed: 0, dropped: 0, pending: 15 });
    const results = await Promise.all(all);
    await fanout.shutdown();

    expect(results.every((result) => result.code === ExportResultCode.SUCCESS)).toBe(true);
    expect(settled).toEqual([0, 1, 2]);
    expect(receiver().requests).toHaveLength(3);
    expect(receiver().acceptedSpans().sort(bySpanId)).toEqual(batches.flat().map(expectedSpan).sort(bySpanId));
    expect(leg.stats()).toEqual({ exported: 15, failed: 0, dropped: 0, pending: 0 });
  });

  it('waits for every leg on forceFlush', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    receiver().script({ delayMs: 300 });
    const fanout = new FanoutExporter(legs(file, receiver().tracesUrl));
    fanout.export(sampleSpans(3), () => undefined);
    await fanout.forceFlush();
    expect(receiver().acceptedSpans()).toHaveLength(3);
    expect(readJsonl(file).spans).toHaveLength(3);
    await fanout.shutdown();
  });

  it('works as the exporter of a real BatchSpanProcessor', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    const fanout = new FanoutExporter(legs(file, receiver().tracesUrl));
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'fanout-test' }),
      spanProcessors: [new BatchSpanProcessor(fanout, { maxExportBatchSize: 4, scheduledDelayMillis: 10 })],
    });
    const tracer = provider.getTracer('fanout-test');
    for (let i = 0; i < 10; i++) tracer.startSpan(`span ${i}`).end();
    await provider.shutdown();

    const written = readJsonl(file).spans.sort(bySpanId);
    expect(written.map((span) => span.name).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `span ${i}`).sort());
    expect(receiver().acceptedSpans().sort(bySpanId)).toEqual(written);
    await expect(fanout.shutdown()).resolves.toBeUndefined();
  });

  it('reports FAILED after shutdown, and shuts down twice', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    const fanout = new FanoutExporter(legs(file, receiver().tracesUrl));
    await Promise.all([fanout.shutdown(), fanout.shutdown()]);
    await expect(fanout.shutdown()).resolves.toBeUndefined();
    await expect(fanout.forceFlush()).resolves.toBeUndefined();
    const result = await exportSpans(fanout, sampleSpans(1));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(ShutdownError);
    expect(receiver().requests).toHaveLength(0);
  });

  it('refuses no legs and duplicate leg names', () => {
    expect(() => new FanoutExporter([])).toThrow(InvalidConfigError);
    const exporter = new JsonlFileExporter({ path: join(tempDir(), 'x.jsonl') });
    expect(() => new FanoutExporter([{ name: 'a', exporter }, { name: 'a', exporter }])).toThrow(/named "a"/);
  });
});
