import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../src/core/errors.js';
import { ExportLeg, FanoutExporter, JsonlFileExporter } from '../../src/index.js';
import { createDualExporter } from '../../src/sinks/dual-exporter.js';
import { WRITE_AT_BYTES } from '../../src/exporters/jsonl/jsonl-file-exporter.js';
import type { JournalEntry, LegJournal } from '../../src/exporters/fanout/leg-journal.js';
import { useCleanOtelEnv } from '../support/isolation/clean-otel-env.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { spanIdsOfJsonl } from '../support/spans/trace-lines.js';

useCleanOtelEnv();
const tempDir = useTempDirs();
const ids = (spans: readonly ReadableSpan[]) => spans.map((s) => s.spanContext().spanId);

describe('JsonlFileExporter buffer', () => {
  it('writes in the next turn, or at once on the caller’s stack when the buffer reaches WRITE_AT_BYTES', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    const exporter = new JsonlFileExporter({ path: file });
    const small = sampleSpans(2);
    exporter.export(small, () => undefined);
    expect(exporter.stats()).toMatchObject({ spansBuffered: 2, spansWritten: 0 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(spanIdsOfJsonl(readFileSync(file, 'utf8'))).toEqual(expect.arrayContaining(ids(small)));
    // One synchronous loop, no turn of the event loop: the file grows as the buffer fills, so memory stays bounded.
    const before = statSync(file).size;
    let exported = 0;
    while (statSync(file).size === before && exported < 10_000) {
      exporter.export(sampleSpans(50, { attributeBytes: 2000, resource: { 'service.name': `s${exported}` } }), () => undefined);
      exported += 50;
    }
    expect(statSync(file).size).toBeGreaterThanOrEqual(before + WRITE_AT_BYTES);
    expect(exporter.stats().spansBuffered).toBe(0);
    await exporter.shutdown();
    expect(exporter.stats()).toMatchObject({ spansWritten: 2 + exported, spansFailed: 0 });
  });
});

describe('ExportLeg passThrough', () => {
  it('hands every batch to the exporter at once, drops nothing however many, and drains when they are answered', async () => {
    const taken: ReadableSpan[][] = [];
    const answers: Array<() => void> = [];
    const exporter: SpanExporter = {
      export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
        taken.push(spans);
        answers.push(() => done({ code: ExportResultCode.SUCCESS }));
      },
      shutdown: async () => undefined,
    };
    const leg = new ExportLeg({ name: 'jsonl', exporter, passThrough: true, maxQueueSpans: 10, whenFull: 'drop', env: {} });
    const results: Array<Promise<ExportResult>> = [];
    for (let i = 0; i < 50; i++) results.push(leg.submit(sampleSpans(4)));
    expect(taken).toHaveLength(50); // synchronously, past the queue size: nothing waits, nothing is dropped
    expect(leg.stats()).toEqual({ exported: 0, failed: 0, dropped: 0, pending: 200 });
    let drained = false;
    void leg.drain().then(() => (drained = true));
    for (const answer of answers) answer();
    expect((await Promise.all(results)).every((r) => r.code === ExportResultCode.SUCCESS)).toBe(true);
    await Promise.resolve();
    expect(drained).toBe(true);
    expect(leg.stats()).toEqual({ exported: 200, failed: 0, dropped: 0, pending: 0 });
  });

  it('refuses a journal on a pass-through leg (it has no queue to journal)', () => {
    const journal: LegJournal = { record: () => ({ ready: Promise.resolve(), settle: () => undefined }), flush: async () => undefined, shutdown: async () => undefined };
    const exporter = new JsonlFileExporter({ path: join(tempDir(), 'x.jsonl') });
    expect(() => new ExportLeg({ name: 'otlp', exporter, passThrough: true, journal })).toThrow(InvalidConfigError);
  });

  it('createDualExporter gives agent-otel’s JSONL exporter a pass-through leg: 70,000 spans in one loop, none dropped', async () => {
    const dir = join(tempDir(), 'out');
    const exporter = createDualExporter({ jsonl: { path: dir }, otlp: false, jsonlLeg: { maxQueueSpans: 1024, whenFull: 'drop' }, env: {} });
    const all: string[] = [];
    for (let i = 0; i < 140; i++) {
      const batch = sampleSpans(500, { resource: { 'service.name': `b${i}` } });
      all.push(...ids(batch));
      exporter.export(batch, () => undefined);
    }
    await exporter.shutdown();
    expect(exporter.stats().jsonl).toEqual({ exported: 70_000, failed: 0, dropped: 0, pending: 0 });
    const written = readdirSync(dir).flatMap((name) => spanIdsOfJsonl(readFileSync(join(dir, name), 'utf8')));
    expect(written.sort()).toEqual(all.sort());
  });
});

describe('FanoutExporter order', () => {
  it('hands a batch to the legs with a journal first, whatever their place', () => {
    const order: string[] = [];
    const plain = (name: string): SpanExporter => ({
      export(_spans: ReadableSpan[], done: (result: ExportResult) => void) {
        order.push(name);
        done({ code: ExportResultCode.SUCCESS });
      },
      shutdown: async () => undefined,
    });
    const journal: LegJournal = {
      record(): JournalEntry {
        order.push('journal');
        return { ready: Promise.resolve(), settle: () => undefined };
      },
      flush: async () => undefined,
      shutdown: async () => undefined,
    };
    const fanout = new FanoutExporter([
      { name: 'jsonl', exporter: plain('jsonl'), passThrough: true },
      { name: 'otlp', exporter: plain('otlp'), journal },
    ]);
    fanout.export(sampleSpans(3), () => undefined);
    expect(order).toEqual(['journal', 'jsonl']); // the OTLP export itself comes later, from its queue
  });
});
