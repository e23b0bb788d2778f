import { SpanKind } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExportFailedError } from '../../src/core/errors.js';
import { ATTR_TRUNCATED, encodeSpanLines, exportSpans, JsonlFileExporter } from '../../src/index.js';
import { expectedSpan, readJsonl, readLines } from '../support/expectations/expected-spans.js';
import { bySpanId, decodeJsonlLine } from '../support/spans/otlp-normalize.js';
import { recordSpans, sampleSpans } from '../support/spans/sdk-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const MiB = 1024 * 1024;
const text = (bytes: number): string => 'y'.repeat(bytes);

function decodeLines(lines: readonly Uint8Array[]): string[] {
  return lines.map((line) => Buffer.from(line).toString('utf8'));
}

describe('encodeSpanLines', () => {
  it('keeps a batch that fits on one line', () => {
    const spans = sampleSpans(5);
    const encoded = encodeSpanLines(spans, MiB);
    expect(encoded).toMatchObject({ spans: 5, truncated: 0, dropped: 0 });
    expect(encoded.lines).toHaveLength(1);
    expect(encoded.bytes).toBe((encoded.lines[0]?.length ?? 0) + 1);
  });

  it.each([2048, 8192, 32_768])('splits a batch into lines of at most %i bytes, every span exactly once', (maxLineBytes) => {
    const spans = sampleSpans(60, { attributeBytes: 300 });
    const encoded = encodeSpanLines(spans, maxLineBytes);
    expect(encoded.lines.length).toBeGreaterThan(1);
    for (const line of encoded.lines) expect(line.length + 1).toBeLessThanOrEqual(maxLineBytes);
    const decoded = decodeLines(encoded.lines).flatMap(decodeJsonlLine);
    expect(decoded.sort(bySpanId)).toEqual(spans.map(expectedSpan).sort(bySpanId));
    expect(encoded).toMatchObject({ spans: 60, truncated: 0, dropped: 0 });
  });

  it('shrinks a span with a huge attribute by dropping that attribute, marking it truncated', () => {
    const [span] = recordSpans([
      {
        name: 'execute_tool read_file',
        startNs: 1_700_000_000_000_000_000n,
        endNs: 1_700_000_001_000_000_000n,
        kind: SpanKind.INTERNAL,
        attributes: { 'gen_ai.tool.call.result': text(2 * MiB), 'gen_ai.tool.name': 'read_file', small: 'kept' },
        events: [{ name: 'note', timeNs: 1_700_000_000_500_000_000n, attributes: { n: 1 } }],
      },
    ]);
    const encoded = encodeSpanLines([span!], MiB);
    expect(encoded).toMatchObject({ spans: 1, truncated: 1, dropped: 0 });
    expect(encoded.lines).toHaveLength(1);
    expect((encoded.lines[0]?.length ?? 0) + 1).toBeLessThanOrEqual(MiB);

    const [written] = decodeLines(encoded.lines).flatMap(decodeJsonlLine);
    const expected = expectedSpan(span!);
    delete expected.attributes['gen_ai.tool.call.result'];
    expect(written).toEqual({
      ...expected,
      attributes: { ...expected.attributes, [ATTR_TRUNCATED]: true },
      droppedAttributesCount: span!.droppedAttributesCount + 1,
    });
  });

  it('drops the largest events first and counts them', () => {
    const start = 1_700_000_000_000_000_000n;
    const sizes = [100, 300_000, 50, 400_000, 200_000];
    const [span] = recordSpans([
      {
        name: 'chat model',
        startNs: start,
        endNs: start + 10n,
        events: sizes.map((size, i) => ({ name: `e${i}`, timeNs: start + BigInt(i), attributes: { body: text(size) } })),
      },
    ]);
    const maxLineBytes = 600_000;
    const encoded = encodeSpanLines([span!], maxLineBytes);
    const [written] = decodeLines(encoded.lines).flatMap(decodeJsonlLine);
    // Total is about 900 kB: dropping the 400 kB event is enough.
    expect(written?.events.map((event) => event.name)).toEqual(['e0', 'e1', 'e2', 'e4']);
    expect(written?.droppedEventsCount).toBe(1);
    expect(written?.attributes[ATTR_TRUNCATED]).toBe(true);
    expect((encoded.lines[0]?.length ?? 0) + 1).toBeLessThanOrEqual(maxLineBytes);
  });

  it('drops and counts a span that cannot fit even with nothing left to drop', () => {
    const spans = recordSpans([
      { name: text(4000), startNs: 1n, endNs: 2n },
      { name: 'fits', startNs: 1n, endNs: 2n },
    ]);
    const encoded = encodeSpanLines(spans, 2048);
    expect(encoded).toMatchObject({ spans: 1, dropped: 1 });
    expect(decodeLines(encoded.lines).flatMap(decodeJsonlLine).map((span) => span.name)).toEqual(['fits']);
  });
});

describe('JsonlFileExporter line limit', () => {
  it('never writes a line over maxLineBytes: splits, shrinks, and reports what it had to drop', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    const maxLineBytes = 64 * 1024;
    const exporter = new JsonlFileExporter({ path: file, maxLineBytes });
    const normal = sampleSpans(30, { attributeBytes: 5000 });
    const [huge, hopeless] = recordSpans([
      { name: 'huge', startNs: 5n, endNs: 6n, attributes: { payload: text(300_000), keep: 'me' } },
      { name: text(70_000), startNs: 5n, endNs: 6n },
    ]);
    const result = await exportSpans(exporter, [...normal, huge!, hopeless!]);
    await exporter.shutdown();

    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(ExportFailedError);
    expect(result.error?.message).toMatch(/1 span\(s\) dropped/);
    for (const line of readLines(file)) expect(Buffer.byteLength(line) + 1).toBeLessThanOrEqual(maxLineBytes);
    const { spans } = readJsonl(file);
    expect(spans.map((span) => span.spanId).sort()).toEqual([...normal, huge!].map((span) => span.spanContext().spanId).sort());
    const truncated = spans.find((span) => span.name === 'huge');
    expect(truncated?.attributes).toEqual({ keep: 'me', [ATTR_TRUNCATED]: true });
    expect(exporter.stats()).toMatchObject({ spansWritten: 31, spansTruncated: 1, spansDropped: 1, failures: 1 });
  });
});
