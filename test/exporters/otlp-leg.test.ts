import { ExportResultCode } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOtlpTraceExporter, ExportLeg, exportSpans } from '../../src/index.js';
import { PendingJournal } from '../../src/pending/pending-journal.js';
import { useCleanOtelEnv } from '../support/isolation/clean-otel-env.js';
import { pendingSpans } from '../support/faults/fault-counts.js';
import { useOtlpReceivers } from '../support/receivers/use-receivers.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

useCleanOtelEnv();
const tempDir = useTempDirs();
const receiver = useOtlpReceivers();

/** An exporter that never answers: only the leg's deadlines end its batches. */
const silent: SpanExporter = { export: () => undefined, shutdown: async () => undefined };

async function closedUrl(): Promise<string> {
  const r = await receiver();
  await r.close();
  return r.tracesUrl;
}

describe('ExportLeg settleOnJournal', () => {
  it('answers SUCCESS once a batch is journaled, before any delivery; a batch that finds the queue full is kept as dropped', async () => {
    const dir = join(tempDir(), 'pending');
    const journal = new PendingJournal({ dir });
    const leg = new ExportLeg({ name: 'otlp', exporter: silent, journal, settleOnJournal: true, maxQueueSpans: 4, shutdownTimeoutMillis: 0 });
    const first = await leg.submit(sampleSpans(4));
    const second = await leg.submit(sampleSpans(3));
    expect(first.code).toBe(ExportResultCode.SUCCESS);
    expect(second.code).toBe(ExportResultCode.SUCCESS);
    expect(leg.stats()).toMatchObject({ exported: 0, dropped: 3, pending: 4 });
    await leg.forceFlush(); // the journal only: the silent exporter is never waited for
    expect(pendingSpans(dir)).toBe(7);
    await leg.shutdown();
    expect(journal.stats()).toMatchObject({ journaled: 7, pending: 7, byReason: { dropped: 3, shutdown: 4 } });
  });

  it('without a journal it answers as usual, with the delivery (nothing would keep the batch)', async () => {
    const leg = new ExportLeg({ name: 'otlp', exporter: silent, settleOnJournal: true, exportTimeoutMillis: 50 });
    const result = await leg.submit(sampleSpans(1));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(String(result.error)).toMatch(/timed out after 50 ms/);
    await leg.shutdown();
  });
});

describe('the OTLP leg at shutdown', () => {
  it('does not retry a refused connection once shutting down: shutdown ends at once and the batch is pending', async () => {
    const dir = join(tempDir(), 'pending');
    const journal = new PendingJournal({ dir });
    const exporter = createOtlpTraceExporter({ url: await closedUrl(), timeoutMillis: 20_000 }, {});
    const leg = new ExportLeg({ name: 'otlp', exporter, journal, shutdownTimeoutMillis: 15_000 });
    const result = leg.submit(sampleSpans(5));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the first attempt was refused; a retry is waiting
    expect(leg.stats().pending).toBe(5);
    const started = Date.now();
    await leg.shutdown();
    const ms = Date.now() - started;
    expect((await result).code).toBe(ExportResultCode.FAILED);
    expect(String((await result).error)).toMatch(/ECONNREFUSED/);
    expect(ms).toBeLessThan(2000); // against 15 s of shutdown deadline and 20 s of export timeout
    expect(pendingSpans(dir)).toBe(5);
    expect(journal.stats().byReason.failed).toBe(5);
  });

  it('still retries a 503 while shutting down, within the deadline, and delivers', async () => {
    const r = await receiver();
    r.script({ status: 503, retryAfter: 1 });
    const dir = join(tempDir(), 'pending');
    const journal = new PendingJournal({ dir });
    const leg = new ExportLeg({ name: 'otlp', exporter: createOtlpTraceExporter({ url: r.tracesUrl }, {}), journal, shutdownTimeoutMillis: 10_000 });
    const result = leg.submit(sampleSpans(2));
    await r.waitForRequests(1);
    await leg.shutdown();
    expect((await result).code).toBe(ExportResultCode.SUCCESS);
    expect(r.requests.map((q) => q.status)).toEqual([503, 200]);
    expect(pendingSpans(dir)).toBe(0);
  });

  it('cancels a request to an endpoint that never answers at the shutdown deadline', async () => {
    const r = await receiver();
    r.script({ hang: true });
    const exporter = createOtlpTraceExporter({ url: r.tracesUrl, timeoutMillis: 60_000 }, {});
    const leg = new ExportLeg({ name: 'otlp', exporter, shutdownTimeoutMillis: 300 });
    const result = leg.submit(sampleSpans(1));
    await r.waitForRequests(1);
    const started = Date.now();
    await leg.shutdown();
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await result).code).toBe(ExportResultCode.FAILED);
    // The exporter's own result, after the cancel: FAILED and saying why.
    const late = await exportSpans(exporter, sampleSpans(1));
    expect(late.code).toBe(ExportResultCode.FAILED);
  });
});
