import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { HELD_BATCHES, SpanBatcher } from '../../src/live/span-batcher.js';
import { SUCCESS } from '../../src/exporters/export-result.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';

/** An exporter that records the size of each batch it is handed, answering SUCCESS at once. */
function recording() {
  const sizes: number[] = [];
  const exporter: SpanExporter = {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      sizes.push(spans.length);
      done(SUCCESS);
    },
    shutdown: async () => undefined,
  };
  return { exporter, sizes };
}

const ids = (spans: readonly ReadableSpan[]) => spans.map((s) => s.spanContext().spanId);

describe('SpanBatcher', () => {
  it('hands a full batch over in the next turn, not in the call that fills it', async () => {
    const { exporter, sizes } = recording();
    const batcher = new SpanBatcher(exporter, { maxExportBatchSize: 4, scheduledDelayMillis: 60_000, env: {} });
    batcher.add(sampleSpans(3));
    batcher.add(sampleSpans(2));
    expect(sizes).toEqual([]);
    await nextTurn();
    // Everything buffered goes: the full batch and the rest.
    expect(sizes).toEqual([4, 1]);
    await batcher.flush();
  });

  it(`hands batches over on the caller's stack once ${HELD_BATCHES} full batches wait (a caller that never yields)`, async () => {
    const { exporter, sizes } = recording();
    const batcher = new SpanBatcher(exporter, { maxExportBatchSize: 3, scheduledDelayMillis: 60_000, env: {} });
    for (let i = 0; i < HELD_BATCHES * 3 - 1; i++) batcher.add(sampleSpans(1));
    expect(sizes).toEqual([]);
    batcher.add(sampleSpans(1));
    expect(sizes).toEqual(Array.from({ length: HELD_BATCHES }, () => 3));
    await batcher.flush();
  });

  it('flush hands over what is buffered at once, in order, the partial batch included', async () => {
    const handed: ReadableSpan[] = [];
    const exporter: SpanExporter = {
      export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
        handed.push(...spans);
        done(SUCCESS);
      },
      shutdown: async () => undefined,
    };
    const batcher = new SpanBatcher(exporter, { maxExportBatchSize: 4, scheduledDelayMillis: 60_000, env: {} });
    const spans = sampleSpans(6);
    batcher.add(spans.slice(0, 5));
    batcher.add(spans.slice(5));
    const flushed = batcher.flush();
    expect(ids(handed)).toEqual(ids(spans));
    await flushed;
  });
});
