import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Warning } from '../../src/core/diagnostics.js';
import { InvalidConfigError } from '../../src/core/errors.js';
import { ReplayStoppedError } from '../../src/replay/replay-errors.js';
import { replay } from '../../src/replay/replay.js';
import type { ReplayOptions } from '../../src/replay/replay-options.js';
import { useReplayReceivers } from '../support/receivers/replay-receiver.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { makeTraceLines, spansOfTracesData, type TraceLines } from '../support/spans/trace-lines.js';

const tempDir = useTempDirs();
const receiver = useReplayReceivers();

function writeJsonl(name: string, lines: string[], dir = tempDir()): string {
  const file = join(dir, name);
  writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
  return file;
}

function input(traces = 6, spansPerTrace = 7, spansPerLine = 4): TraceLines & { file: string } {
  const data = makeTraceLines({ traces, spansPerTrace, spansPerLine });
  return { ...data, file: writeJsonl('traces.jsonl', data.lines) };
}

/** Fast retries for tests. */
const FAST: Partial<ReplayOptions> = { backoff: { initialMs: 5, maxMs: 20 }, deadlineMs: 10_000 };

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

describe('replay into a real HTTP receiver', () => {
  it('sends every span exactly once, gzipped when asked, in batches under the byte bound', async () => {
    const data = input(10, 9, 3);
    const r = await receiver();
    const maxBatchBytes = 6000;
    const summary = await replay({ inputs: [data.file], endpoint: r.url, maxBatchBytes, concurrency: 3, gzip: true });

    expect(r.acceptedSpanIds().sort()).toEqual(data.spans.map((s) => s.spanId).sort());
    expect(r.received.length).toBeGreaterThan(1);
    for (const request of r.received) {
      expect(request.headers['content-encoding']).toBe('gzip');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.bodyBytes).toBeLessThanOrEqual(maxBatchBytes);
      expect(request.wireBytes).toBeLessThan(request.bodyBytes); // really compressed
    }
    // Several lines were merged into one request.
    expect(r.received.length).toBeLessThan(data.lines.length);
    expect(summary).toMatchObject({
      files: 1,
      lines: data.lines.length,
      spans: data.spans.length,
      requests: r.received.length,
      retries: 0,
      rejected: 0,
      failed: 0,
      skippedLines: 0,
      warnings: 0,
    });
    expect(summary.bytes).toBe(r.received.reduce((n, q) => n + q.bodyBytes, 0));
    expect(summary.wireBytes).toBe(r.received.reduce((n, q) => n + q.wireBytes, 0));
  });

  it('keeps the line text as written (no re-serialization) unless rebasing', async () => {
    const data = makeTraceLines({ traces: 2, spansPerTrace: 3, spansPerLine: 2 });
    // Spaces after commas: a re-serialization would drop them.
    const spaced = data.lines.map((l) => l.replace(/,"/g, ', "'));
    const file = writeJsonl('spaced.jsonl', spaced);
    const r = await receiver();
    await replay({ inputs: [file], endpoint: r.url });
    expect(r.received).toHaveLength(1);
    expect(r.received[0]!.headers['content-encoding']).toBeUndefined(); // a loopback endpoint: no gzip by default
    const inners = spaced.map((l) => l.slice(l.indexOf('[') + 1, l.lastIndexOf(']')));
    const body = `{"resourceSpans":[${inners.join(',')}]}`;
    expect(r.received[0]!.text).toBe(body);
    // Sent in pieces, but with its length up front, not chunked.
    expect(r.received[0]!.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(r.received[0]!.headers['transfer-encoding']).toBeUndefined();
    expect(r.acceptedSpanIds().sort()).toEqual(data.spans.map((s) => s.spanId).sort());
  });

  it('sends custom headers', async () => {
    const data = input(1, 2);
    const r = await receiver();
    await replay({ inputs: [data.file], endpoint: r.url, headers: { 'x-api-key': 'k-123', authorization: 'Bearer t' } });
    expect(r.received[0]!.headers['x-api-key']).toBe('k-123');
    expect(r.received[0]!.headers['authorization']).toBe('Bearer t');
  });

  it('retries 429 after the Retry-After seconds, then succeeds', async () => {
    const data = input(1, 3, 10);
    const r = await receiver((q) => (q.index === 0 ? { status: 429, retryAfter: '1' } : {}));
    const summary = await replay({ inputs: [data.file], endpoint: r.url, ...FAST });
    expect(r.received.map((q) => q.status)).toEqual([429, 200]);
    expect(r.received[1]!.at - r.received[0]!.at).toBeGreaterThanOrEqual(950);
    expect(summary).toMatchObject({ requests: 2, retries: 1, failed: 0, spans: 3 });
    expect(r.acceptedSpanIds().sort()).toEqual(data.spans.map((s) => s.spanId).sort());
  });

  it('retries 503 with an HTTP-date Retry-After, then succeeds', async () => {
    const data = input(1, 3, 10);
    let retryAt = 0;
    const r = await receiver((q) => {
      if (q.index > 0) return {};
      // HTTP dates have whole seconds: the next full second at least one second ahead.
      retryAt = Math.ceil((Date.now() + 1000) / 1000) * 1000;
      return { status: 503, retryAfter: new Date(retryAt).toUTCString() };
    });
    const summary = await replay({ inputs: [data.file], endpoint: r.url, ...FAST });
    expect(r.received.map((q) => q.status)).toEqual([503, 200]);
    expect(r.received[1]!.at).toBeGreaterThanOrEqual(retryAt - 50);
    expect(summary.retries).toBe(1);
  });

  it.each([502, 503, 504])('retries %i without Retry-After with backoff', async (status) => {
    const data = input(1, 2, 10);
    const r = await receiver((q) => (q.index < 2 ? { status } : {}));
    const summary = await replay({ inputs: [data.file], endpoint: r.url, ...FAST });
    expect(r.received.map((q) => q.status)).toEqual([status, status, 200]);
    expect(summary).toMatchObject({ requests: 3, retries: 2, failed: 0 });
  });

  it.each([400, 500])('does not retry %i: the batch is counted refused and the replay goes on', async (status) => {
    const data = input(4, 5, 5);
    const warnings: Warning[] = [];
    const r = await receiver((q) => (q.index === 0 ? { status, body: 'bad data' } : {}));
    const summary = await replay({
      inputs: [data.file],
      endpoint: r.url,
      maxBatchBytes: 4000,
      concurrency: 1,
      onWarning: (w) => warnings.push(w),
      ...FAST,
    });
    const firstBatch = r.received[0]!.spanIds.length;
    expect(r.received.filter((q) => q.status === status)).toHaveLength(1);
    expect(r.received.length).toBeGreaterThan(1);
    expect(summary.refused).toBe(firstBatch);
    expect(summary.failed).toBe(0);
    expect(summary.retries).toBe(0);
    expect(summary.requests).toBe(r.received.length);
    expect(r.acceptedSpanIds()).toHaveLength(data.spans.length - firstBatch);
    expect(warnings.map((w) => w.code)).toEqual(['batch_rejected']);
    expect(warnings[0]!.message).toContain(`HTTP ${status}: bad data`);
  });

  it('reports partial success (rejectedSpans) and keeps going', async () => {
    const data = input(3, 4, 4);
    const warnings: Warning[] = [];
    const r = await receiver(() => ({ body: '{"partialSuccess":{"rejectedSpans":"2","errorMessage":"too old"}}' }));
    const summary = await replay({ inputs: [data.file], endpoint: r.url, maxBatchBytes: 3000, onWarning: (w) => warnings.push(w) });
    expect(r.received.length).toBeGreaterThan(1);
    expect(summary.rejected).toBe(2 * r.received.length);
    expect(summary.failed).toBe(0);
    expect(warnings).toHaveLength(r.received.length);
    expect(warnings.every((w) => w.code === 'partial_success' && w.message.includes('too old'))).toBe(true);
  });

  it('stops on 401 without retrying, and never shows header values', async () => {
    const data = input(2, 3);
    const secret = 'super-secret-token-value';
    const r = await receiver(() => ({ status: 401, body: 'unauthorized' }));
    const warnings: Warning[] = [];
    const error = await replay({
      inputs: [data.file],
      endpoint: r.url,
      headers: { authorization: `Bearer ${secret}` },
      onWarning: (w) => warnings.push(w),
      checkpoint: join(tempDir(), 'cp.json'),
      ...FAST,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayStoppedError);
    const stopped = error as ReplayStoppedError;
    expect(stopped.status).toBe(401);
    expect(stopped.message).toContain('HTTP 401');
    expect(r.received).toHaveLength(1);
    const everything = JSON.stringify({ message: stopped.message, summary: stopped.summary, warnings, cause: String(stopped.cause) });
    expect(everything).not.toContain(secret);
  });

  it('gives up after maxAttempts of 503', async () => {
    const data = input(1, 2);
    const r = await receiver(() => ({ status: 503 }));
    const error = await replay({ inputs: [data.file], endpoint: r.url, maxAttempts: 3, ...FAST }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayStoppedError);
    expect((error as ReplayStoppedError).message).toContain('gave up after 3 attempts');
    expect(r.received).toHaveLength(3);
    expect((error as ReplayStoppedError).summary).toMatchObject({ requests: 3, retries: 2, failed: 2 });
  });

  it('gives up when Retry-After points past the deadline', async () => {
    const data = input(1, 2);
    const r = await receiver(() => ({ status: 429, retryAfter: '3600' }));
    const error = await replay({ inputs: [data.file], endpoint: r.url, ...FAST, deadlineMs: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayStoppedError);
    expect((error as ReplayStoppedError).message).toMatch(/retry in 3600 s would pass the 5 s deadline/);
    expect(r.received).toHaveLength(1);
  });

  it('an unreachable endpoint stops the replay with the network error', async () => {
    const data = input(1, 2);
    const r = await receiver();
    await r.close();
    const error = await replay({ inputs: [data.file], endpoint: r.url, ...FAST }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayStoppedError);
    expect((error as ReplayStoppedError).message).toMatch(/request failed: .*ECONNREFUSED/);
  });

  it('resumes from the checkpoint after an abort mid-stream and sends nothing twice', async () => {
    const data = input(12, 6, 2);
    const r = await receiver((q) => ({ delayMs: q.index % 3 === 0 ? 30 : 5 }));
    const checkpoint = join(tempDir(), 'cp.json');
    const controller = new AbortController();
    let batches = 0;
    const first = await replay({
      inputs: [data.file],
      endpoint: r.url,
      checkpoint,
      maxBatchBytes: 2500,
      concurrency: 3,
      signal: controller.signal,
      onBatch: () => {
        if (++batches === 3) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ReplayStoppedError);
    const sentFirst = r.acceptedSpanIds().length;
    expect(sentFirst).toBeGreaterThan(0);
    expect(sentFirst).toBeLessThan(data.spans.length);

    const second = await replay({ inputs: [data.file], endpoint: r.url, checkpoint, maxBatchBytes: 2500, concurrency: 3 });
    const ids = r.acceptedSpanIds();
    expect(duplicates(ids)).toEqual([]);
    expect(ids.sort()).toEqual(data.spans.map((s) => s.spanId).sort());
    expect(second.resumedBytes).toBeGreaterThan(0);
    expect(second.spans).toBe(data.spans.length - sentFirst);

    // A third run finds everything acknowledged and sends nothing.
    const before = r.received.length;
    const third = await replay({ inputs: [data.file], endpoint: r.url, checkpoint });
    expect(r.received.length).toBe(before);
    expect(third.spans).toBe(0);
  });

  it('skips a torn last line with file, line and byte offset, and sends it once completed', async () => {
    const data = input(3, 4, 4);
    const last = data.lines.at(-1)!;
    const head = data.lines.slice(0, -1);
    const dir = tempDir();
    const file = join(dir, 'torn.jsonl');
    const cut = Math.floor(last.length / 2);
    writeFileSync(file, `${head.map((l) => `${l}\n`).join('')}${last.slice(0, cut)}`);
    const tornOffset = Buffer.byteLength(head.map((l) => `${l}\n`).join(''));
    const checkpoint = join(dir, 'cp.json');
    const warnings: Warning[] = [];
    const r = await receiver();

    const first = await replay({ inputs: [file], endpoint: r.url, checkpoint, onWarning: (w) => warnings.push(w) });
    const lastSpans = spansOfTracesData(JSON.parse(last)).length;
    expect(first).toMatchObject({ skippedLines: 1, lines: data.lines.length, spans: data.spans.length - lastSpans });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'torn_line', file, line: data.lines.length });
    expect(warnings[0]!.message).toContain(`byte offset ${tornOffset}`);
    expect(r.acceptedSpanIds()).toHaveLength(data.spans.length - lastSpans);

    // The writer finishes the line: the resumed replay sends exactly that line.
    appendFileSync(file, `${last.slice(cut)}\n`);
    const second = await replay({ inputs: [file], endpoint: r.url, checkpoint });
    expect(second).toMatchObject({ lines: 1, spans: lastSpans, skippedLines: 0 });
    expect(duplicates(r.acceptedSpanIds())).toEqual([]);
    expect(r.acceptedSpanIds().sort()).toEqual(data.spans.map((s) => s.spanId).sort());
  });

  it('warns about invalid and non-trace lines with their line numbers and sends the rest', async () => {
    const data = input(2, 4, 2);
    const lines = [...data.lines];
    lines.splice(1, 0, '{"resourceSpans": [ oops');
    lines.splice(3, 0, '{"resourceLogs":[]}', '');
    const file = writeJsonl('mixed.jsonl', lines);
    const warnings: Warning[] = [];
    const r = await receiver();
    const summary = await replay({ inputs: [file], endpoint: r.url, onWarning: (w) => warnings.push(w) });
    expect(warnings.map((w) => [w.code, w.line])).toEqual([
      ['invalid_json', 2],
      ['not_traces', 4],
    ]);
    expect(summary).toMatchObject({ skippedLines: 2, spans: data.spans.length, lines: lines.length - 1 });
    expect(r.acceptedSpanIds().sort()).toEqual(data.spans.map((s) => s.spanId).sort());
  });

  it('reads directories: only *.jsonl/*.ndjson/*.json, not hidden files, in name order', async () => {
    const dir = tempDir();
    const a = makeTraceLines({ traces: 1, spansPerTrace: 2, spansPerLine: 2, resource: { 'service.name': 'a' } });
    const b = makeTraceLines({ traces: 1, spansPerTrace: 3, spansPerLine: 3, resource: { 'service.name': 'b' } });
    const c = makeTraceLines({ traces: 1, spansPerTrace: 1, spansPerLine: 1, resource: { 'service.name': 'c' } });
    writeJsonl('2-b.jsonl', b.lines, dir);
    writeJsonl('1-a.ndjson', a.lines, dir);
    writeJsonl('3-c.json', c.lines, dir);
    writeJsonl('.hidden.jsonl', c.lines, dir);
    writeFileSync(join(dir, 'notes.txt'), 'not traces\n');
    const r = await receiver();
    const summary = await replay({ inputs: [dir], endpoint: r.url, concurrency: 1, maxBatchBytes: 1024 });
    expect(summary.files).toBe(3);
    const services = r.received.map((q) => {
      const rs = (q.body as { resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue: string } }> } }> }).resourceSpans;
      return rs.map((x) => x.resource.attributes.find((kv) => kv.key === 'service.name')?.value.stringValue).join(',');
    });
    expect(services.join(',')).toBe('a,b,c');
    expect(summary.spans).toBe(6);
  });

  it('dry run parses and counts without sending or writing a checkpoint', async () => {
    const data = input(5, 5, 3);
    const r = await receiver();
    const checkpoint = join(tempDir(), 'cp.json');
    const summary = await replay({ inputs: [data.file], endpoint: r.url, dryRun: true, checkpoint, maxBatchBytes: 3000 });
    expect(r.received).toHaveLength(0);
    expect(summary).toMatchObject({ dryRun: true, spans: 25, lines: data.lines.length, wireBytes: 0 });
    expect(summary.requests).toBeGreaterThan(1);
    expect(() => readFileSync(checkpoint)).toThrow();
    // A dry run needs no endpoint at all.
    const offline = await replay({ inputs: [data.file], dryRun: true });
    expect(offline.spans).toBe(25);
  });

  it('rebases time: the latest end becomes now and every time moves by the same amount', async () => {
    const data = input(3, 4, 3);
    const r = await receiver();
    const nowMs = 1_900_000_000_123;
    await replay({ inputs: [data.file], endpoint: r.url, rebaseTime: true, now: () => nowMs });
    // Expected values from the generated spans, independently of the implementation.
    const latest = data.spans.reduce((max, s) => (s.endNs > max ? s.endNs : max), 0n);
    const shift = BigInt(nowMs) * 1_000_000n - latest;
    const sent = r.received.flatMap((q) => spansOfTracesData(q.body));
    expect(sent).toHaveLength(data.spans.length);
    const byId = new Map(data.spans.map((s) => [s.spanId, s]));
    for (const span of sent) {
      const original = byId.get(String(span['spanId']))!;
      expect(span['startTimeUnixNano']).toBe((original.startNs + shift).toString());
      expect(span['endTimeUnixNano']).toBe((original.endNs + shift).toString());
    }
    expect(sent.some((s) => s['endTimeUnixNano'] === `${nowMs}000000`)).toBe(true);
  });

  it('a resumed rebased replay keeps the shift of its first run', async () => {
    const data = input(4, 3, 1);
    const r = await receiver();
    const checkpoint = join(tempDir(), 'cp.json');
    const controller = new AbortController();
    let batches = 0;
    await replay({
      inputs: [data.file],
      endpoint: r.url,
      checkpoint,
      rebaseTime: true,
      concurrency: 1,
      maxBatchBytes: 1024,
      now: () => 2_000_000_000_000,
      signal: controller.signal,
      onBatch: () => {
        if (++batches === 2) controller.abort();
      },
    }).catch(() => undefined);
    await replay({ inputs: [data.file], endpoint: r.url, checkpoint, rebaseTime: true, now: () => 2_100_000_000_000 });
    const latest = data.spans.reduce((max, s) => (s.endNs > max ? s.endNs : max), 0n);
    const shift = 2_000_000_000_000n * 1_000_000n - latest;
    const sent = r.received.flatMap((q) => spansOfTracesData(q.body));
    expect(sent).toHaveLength(data.spans.length);
    const byId = new Map(data.spans.map((s) => [s.spanId, s]));
    for (const span of sent) expect(span['endTimeUnixNano']).toBe((byId.get(String(span['spanId']))!.endNs + shift).toString());
  });

  it.each([
    [{ concurrency: 0 }, /concurrency/],
    [{ maxBatchBytes: 10 }, /maxBatchBytes/],
    [{ endpoint: 'ftp://x/v1/traces' }, /http:\/\/ or https:\/\//],
    [{ endpoint: 'not a url' }, /not a valid URL/],
    [{ endpoint: undefined }, /needs an OTLP\/HTTP endpoint/],
  ] as Array<[Partial<ReplayOptions>, RegExp]>)('refuses bad options %o', async (options, message) => {
    const data = input(1, 1);
    const error = await replay({ inputs: [data.file], endpoint: 'http://127.0.0.1:1/v1/traces', ...options }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as Error).message).toMatch(message);
  });
});
