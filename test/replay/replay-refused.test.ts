import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReplayStoppedError } from '../../src/replay/replay-errors.js';
import { replay } from '../../src/replay/replay.js';
import { formatSummary, type ReplaySummary } from '../../src/replay/summary.js';
import { useReplayReceivers, type ReceivedRequest } from '../support/receivers/replay-receiver.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { makeTraceLines, spansOfTracesData } from '../support/spans/trace-lines.js';

const tempDir = useTempDirs();
const receiver = useReplayReceivers();

/** A file of `lines` lines, each one batch of its own at `maxBatchBytes: 1024` (every line is larger). */
function oneBatchPerLine(lines: number) {
  const data = makeTraceLines({ traces: lines, spansPerTrace: 3, spansPerLine: 3, paddingBytes: 400 });
  const dir = tempDir();
  const file = join(dir, 'traces.jsonl');
  writeFileSync(file, data.lines.map((l) => `${l}\n`).join(''));
  // Independently of the code: the line number (1-based) of every span id.
  const lineOf = new Map<string, number>();
  data.lines.forEach((l, i) => {
    for (const s of spansOfTracesData(JSON.parse(l))) lineOf.set(String(s['spanId']), i + 1);
  });
  return { ...data, dir, file, lineOf, checkpoint: join(dir, 'cp.json') };
}

const SMALL = { maxBatchBytes: 1024, concurrency: 1, backoff: { initialMs: 5, maxMs: 20 }, deadlineMs: 10_000 };

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

describe('replay: refused lines are not acknowledged', () => {
  it('a rerun against the same endpoint, healthy now, sends exactly the refused lines, then nothing', async () => {
    const input = oneBatchPerLine(6);
    const refusing = new Set<string>();
    let refuse = (q: ReceivedRequest): boolean => q.index === 1 || q.index === 4 || q.spanIds.some((id) => refusing.has(id));
    const r = await receiver((q) => (refuse(q) ? { status: 400, body: 'bad span' } : {}));

    const first = await replay({ inputs: [input.file], endpoint: r.url, checkpoint: input.checkpoint, ...SMALL });
    const refusedIds = r.received.filter((q) => q.status === 400).flatMap((q) => q.spanIds);
    const refusedLineNumbers = [...new Set(refusedIds.map((id) => input.lineOf.get(id)!))].sort((a, b) => a - b);
    expect(refusedLineNumbers).toEqual([2, 5]);
    for (const id of refusedIds) refusing.add(id);
    expect(first).toMatchObject({ refused: refusedIds.length, delivered: input.spans.length - refusedIds.length, failed: 0, unsent: 0 });
    expect(first.refusedLines).toEqual(refusedLineNumbers.map((n) => ({ file: input.file, firstLine: n, lastLine: n })));
    const text = formatSummary(first);
    expect(text).toContain(`${input.file}:2, ${input.file}:5`);
    expect(text).toContain('run the same replay again to send only these lines');

    // Still refused on the second run: they stay unacknowledged (and nothing else is sent).
    const before = r.received.length;
    const second = await replay({ inputs: [input.file], endpoint: r.url, checkpoint: input.checkpoint, ...SMALL });
    expect(r.received.slice(before).flatMap((q) => q.spanIds).sort()).toEqual([...refusedIds].sort());
    expect(second).toMatchObject({ refused: refusedIds.length, delivered: 0, spans: refusedIds.length });

    // Healthy now: exactly the refused spans go, once.
    refuse = () => false;
    const third = await replay({ inputs: [input.file], endpoint: r.url, checkpoint: input.checkpoint, ...SMALL });
    expect(third).toMatchObject({ delivered: refusedIds.length, refused: 0, spans: refusedIds.length });
    expect(duplicates(r.acceptedSpanIds())).toEqual([]);
    expect(r.acceptedSpanIds().sort()).toEqual(input.spans.map((s) => s.spanId).sort());

    const settled = r.received.length;
    const fourth = await replay({ inputs: [input.file], endpoint: r.url, checkpoint: input.checkpoint, ...SMALL });
    expect(r.received.length).toBe(settled);
    expect(fourth).toMatchObject({ spans: 0, lines: 0 });
  });

  it('lines appended after a refused run are sent together with the refused ones, each once', async () => {
    const input = oneBatchPerLine(3);
    let healthy = false;
    const r = await receiver((q) => (!healthy && q.index === 0 ? { status: 400 } : {}));
    await replay({ inputs: [input.file], endpoint: r.url, checkpoint: input.checkpoint, ...SMALL });
    const more = makeTraceLines({ traces: 2, spansPerTrace: 2, spansPerLine: 2, resource: { 'service.name': 'more' } });
    writeFileSync(input.file, more.lines.map((l) => `${l}\n`).join(''), { flag: 'a' });
    healthy = true;
    const second = await replay({ inputs: [input.file], endpoint: r.url, checkpoint: input.checkpoint, ...SMALL });
    const refusedFirst = r.received[0]!.spanIds.length;
    expect(second.delivered).toBe(refusedFirst + more.spans.length);
    expect(duplicates(r.acceptedSpanIds())).toEqual([]);
    expect(r.acceptedSpanIds().sort()).toEqual([...input.spans, ...more.spans].map((s) => s.spanId).sort());
  });
});

describe('replay: every counter tells what the endpoint acknowledged', () => {
  it('delivered, rejected, refused, failed and unsent add up to the spans read, each from the receiver', async () => {
    const input = oneBatchPerLine(10);
    let healthy = false;
    const r = await receiver((q) => {
      if (healthy) return {};
      if (q.index === 0) return { body: '{"partialSuccess":{"rejectedSpans":"2","errorMessage":"too old"}}' };
      if (q.index === 1) return { status: 400 };
      if (q.index >= 4) return { status: 503 };
      return {};
    });
    const error = await replay({ inputs: [input.file], endpoint: r.url, checkpoint: input.checkpoint, maxAttempts: 2, ...SMALL }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReplayStoppedError);
    const s: ReplaySummary = (error as ReplayStoppedError).summary;
    const ok = r.received.filter((q) => q.status === 200);
    const refused = r.received.filter((q) => q.status === 400);
    const failedBatch = r.received.filter((q) => q.status === 503);
    expect(failedBatch).toHaveLength(2); // one batch, tried twice
    expect(s.delivered).toBe(ok.reduce((n, q) => n + q.spanIds.length, 0) - 2);
    expect(s.rejected).toBe(2);
    expect(s.refused).toBe(refused.reduce((n, q) => n + q.spanIds.length, 0));
    expect(s.failed).toBe(failedBatch[0]!.spanIds.length);
    expect(s.unsent).toBeGreaterThan(0); // read while the failing batch was in flight, never sent
    expect(s.delivered + s.rejected + s.refused + s.failed + s.unsent).toBe(s.spans);
    expect(s.requests).toBe(r.received.length);
    expect(s.retries).toBe(1);
    // Body bytes once per batch (the retry is not a new batch), wire bytes for every request.
    expect(s.bytes).toBe(r.received.filter((q) => q !== failedBatch[1]).reduce((n, q) => n + q.bodyBytes, 0));
    expect(s.wireBytes).toBe(r.received.reduce((n, q) => n + q.wireBytes, 0));
    expect(formatSummary(s)).toContain(`delivered ${s.delivered} spans;`);

    // The checkpoint holds what was acknowledged (or refused, to send again): a healthy rerun sends all the rest, each span once.
    healthy = true;
    const before = r.received.length;
    const rerun = await replay({ inputs: [input.file], endpoint: r.url, checkpoint: input.checkpoint, ...SMALL });
    const sentAgain = r.received.slice(before).flatMap((q) => q.spanIds);
    expect(rerun.delivered).toBe(input.spans.length - s.delivered - s.rejected);
    expect(sentAgain).toHaveLength(rerun.delivered);
    expect(duplicates(r.acceptedSpanIds())).toEqual([]);
    expect(r.acceptedSpanIds().sort()).toEqual(input.spans.map((x) => x.spanId).sort());
  });
});
