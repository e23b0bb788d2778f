import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExportLeg } from '../../src/exporters/fanout/export-leg.js';
import { PendingJournal } from '../../src/pending/pending-journal.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { spanIdsOfJsonl } from '../support/spans/trace-lines.js';

const tempDir = useTempDirs();

type Answer = 'ok' | 'fail' | 'hang' | { lateOkAfterMs: number };

/** An exporter answering each call as scripted (then `ok`), recording what the pending folder held when it was called. */
function scripted(dir: string, ...answers: Answer[]) {
  const seenInflight: string[][] = [];
  const exporter: SpanExporter = {
    export(_spans: ReadableSpan[], done: (result: ExportResult) => void) {
      seenInflight.push(files(dir).filter((f) => f.endsWith('.inflight')));
      const answer = answers.shift() ?? 'ok';
      if (answer === 'ok') done({ code: ExportResultCode.SUCCESS });
      else if (answer === 'fail') done({ code: ExportResultCode.FAILED, error: new Error('collector down') });
      else if (answer !== 'hang') setTimeout(() => done({ code: ExportResultCode.SUCCESS }), answer.lateOkAfterMs);
    },
    shutdown: async () => undefined,
  };
  return { exporter, seenInflight };
}

function files(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
  } catch {
    return [];
  }
}

function pendingIds(dir: string): string[] {
  return files(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => spanIdsOfJsonl(readFileSync(join(dir, f), 'utf8')));
}

const ids = (spans: ReadableSpan[]) => spans.map((s) => s.spanContext().spanId);

describe('ExportLeg with a pending journal', () => {
  it('writes each batch before sending it and removes it once delivered', async () => {
    const dir = join(tempDir(), 'pending');
    const { exporter, seenInflight } = scripted(dir, 'ok', 'ok');
    const journal = new PendingJournal({ dir });
    const leg = new ExportLeg({ name: 'otlp', exporter, journal, env: {} });
    const [a, b] = [sampleSpans(3), sampleSpans(4)];
    await Promise.all([leg.submit(a), leg.submit(b)]);
    await leg.shutdown();
    expect(seenInflight.map((list) => list.length)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(seenInflight.every((list) => list.length >= 1)).toBe(true); // on disk before the export was called
    expect(files(dir)).toEqual([]);
    expect(journal.stats()).toMatchObject({ journaled: 7, delivered: 7, pending: 0, lost: 0 });
  });

  it('keeps a failed batch as pending, with exactly its spans, in an owner-only file', async () => {
    const dir = join(tempDir(), 'pending');
    const { exporter } = scripted(dir, 'fail', 'ok');
    const journal = new PendingJournal({ dir });
    const leg = new ExportLeg({ name: 'otlp', exporter, journal, env: {} });
    const failed = sampleSpans(5);
    const delivered = sampleSpans(2, { resource: { 'service.name': 'other' } });
    expect((await leg.submit(failed)).code).toBe(ExportResultCode.FAILED);
    expect((await leg.submit(delivered)).code).toBe(ExportResultCode.SUCCESS);
    await leg.shutdown();
    expect(pendingIds(dir).sort()).toEqual(ids(failed).sort());
    expect(files(dir).every((f) => /^agent-otel-\d{8}T\d{6}Z-\d+-\d+\.jsonl$/.test(f))).toBe(true);
    for (const f of files(dir)) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(journal.stats()).toMatchObject({ journaled: 7, delivered: 2, pending: 5, byReason: { failed: 5, timeout: 0, dropped: 0, shutdown: 0 } });
  });

  it('keeps a batch that timed out, and forgets it when the late answer says it arrived', async () => {
    const dir = join(tempDir(), 'pending');
    const { exporter } = scripted(dir, { lateOkAfterMs: 150 }, 'hang');
    const journal = new PendingJournal({ dir });
    const leg = new ExportLeg({ name: 'otlp', exporter, journal, env: {}, exportTimeoutMillis: 50, shutdownTimeoutMillis: 10 });
    const late = sampleSpans(3);
    const never = sampleSpans(4, { resource: { 'service.name': 'never' } });
    expect((await leg.submit(late)).code).toBe(ExportResultCode.FAILED);
    await journal.flush();
    expect(pendingIds(dir).sort()).toEqual(ids(late).sort());
    expect((await leg.submit(never)).code).toBe(ExportResultCode.FAILED);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await leg.shutdown();
    // The late success removed its file; the batch that never got an answer stays.
    expect(pendingIds(dir).sort()).toEqual(ids(never).sort());
    expect(journal.stats()).toMatchObject({ delivered: 3, pending: 4, byReason: { timeout: 4 } });
    expect(leg.stats()).toMatchObject({ exported: 3, failed: 4 });
  });

  it('keeps what a full queue drops, and what is still queued at the shutdown deadline', async () => {
    const dir = join(tempDir(), 'pending');
    const { exporter } = scripted(dir, 'hang');
    const journal = new PendingJournal({ dir });
    const leg = new ExportLeg({ name: 'otlp', exporter, journal, env: {}, maxQueueSpans: 6, shutdownTimeoutMillis: 100 });
    const batches = [sampleSpans(3), sampleSpans(3, { resource: { 'service.name': 'b' } }), sampleSpans(2, { resource: { 'service.name': 'c' } })];
    const results = batches.map((batch) => leg.submit(batch));
    expect((await results[2])?.code).toBe(ExportResultCode.FAILED); // 3 + 3 fill the queue: dropped at once
    const started = Date.now();
    await leg.shutdown();
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await Promise.all(results)).map((r) => r.code)).toEqual([ExportResultCode.FAILED, ExportResultCode.FAILED, ExportResultCode.FAILED]);
    expect(pendingIds(dir).sort()).toEqual(batches.flatMap(ids).sort());
    expect(files(dir).some((f) => f.endsWith('.inflight'))).toBe(false);
    expect(journal.stats()).toMatchObject({ pending: 8, byReason: { dropped: 2, shutdown: 6 } });
  });

  it('settles each batch of a joined export on its own: a failed join keeps every batch in it, each in its file', async () => {
    const dir = join(tempDir(), 'pending');
    const { exporter } = scripted(dir, 'ok', 'fail');
    const journal = new PendingJournal({ dir });
    const leg = new ExportLeg({ name: 'otlp', exporter, journal, env: {}, maxExportSpans: 10 });
    const batches = [sampleSpans(2), sampleSpans(3, { resource: { 'service.name': 'b' } }), sampleSpans(4, { resource: { 'service.name': 'c' } })];
    const results = await Promise.all(batches.map((batch) => leg.submit(batch)));
    await leg.shutdown();
    // The first goes alone; the two queued behind it are joined into the second export, which fails.
    expect(results.map((r) => r.code)).toEqual([ExportResultCode.SUCCESS, ExportResultCode.FAILED, ExportResultCode.FAILED]);
    expect(pendingIds(dir).sort()).toEqual([...ids(batches[1]!), ...ids(batches[2]!)].sort());
    expect(files(dir)).toHaveLength(2);
    expect(journal.stats()).toMatchObject({ journaled: 9, delivered: 2, pending: 7, byReason: { failed: 7 } });
  });

  it('counts spans as lost, not pending, when the journal cannot be written, and still exports', async () => {
    const blocker = join(tempDir(), 'a-file');
    await import('node:fs/promises').then((fs) => fs.writeFile(blocker, 'not a folder'));
    const dir = join(blocker, 'pending');
    const { exporter } = scripted(dir, 'ok', 'fail');
    const journal = new PendingJournal({ dir });
    const leg = new ExportLeg({ name: 'otlp', exporter, journal, env: {} });
    expect((await leg.submit(sampleSpans(2))).code).toBe(ExportResultCode.SUCCESS);
    expect((await leg.submit(sampleSpans(3))).code).toBe(ExportResultCode.FAILED);
    await leg.shutdown();
    expect(journal.stats()).toMatchObject({ journaled: 0, writeFailures: 5, pending: 0, lost: 3 });
  });
});

describe('PendingJournal writes', () => {
  it('writes each batch whole, on the caller’s stack, before record returns: no temporary file is left', async () => {
    const dir = join(tempDir(), 'pending');
    const journal = new PendingJournal({ dir });
    const [a, b, c] = [sampleSpans(9000), sampleSpans(9000, { resource: { 'service.name': 'b' } }), sampleSpans(5, { resource: { 'service.name': 'c' } })];
    const first = journal.record(a);
    expect(files(dir)).toHaveLength(1);
    const inFirst = spanIdsOfJsonl(readFileSync(join(dir, files(dir)[0]!), 'utf8'));
    expect(inFirst.sort()).toEqual(ids(a).sort());
    const second = journal.record(b);
    const third = journal.record(c);
    expect(files(dir)).toHaveLength(3);
    expect(files(dir).every((f) => f.endsWith('.inflight'))).toBe(true);
    await Promise.all([first.ready, second.ready, third.ready]);
    first.settle('delivered');
    second.settle('dropped');
    third.settle('failed');
    await journal.shutdown();
    expect(pendingIds(dir).sort()).toEqual([...ids(b), ...ids(c)].sort());
    expect(journal.stats()).toMatchObject({ journaled: 18_005, delivered: 9000, pending: 9005, byReason: { dropped: 9000, failed: 5 }, lost: 0 });
  });
});
