import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warning } from '../../src/core/diagnostics.js';
import { readSpans } from '../../src/traces/read-spans.js';
import type { TraceSpan } from '../../src/traces/trace-span.js';
import { convertToJsonlFile } from '../support/runs/convert-jsonl.js';
import { decodeJsonlLine, type NormalizedSpan } from '../support/spans/otlp-normalize.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS = ['unset', 'ok', 'error'];

/** The spans of a JSONL text, decoded independently (plain JSON.parse and the tests' own OTLP decoding). */
const independent = (text: string): NormalizedSpan[] =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => decodeJsonlLine(l));

/** What a TraceSpan should hold for an independently decoded span. */
function expected(span: NormalizedSpan) {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: KINDS[span.kind],
    status: STATUS[span.status.code],
    attributes: span.attributes,
    resource: span.resource,
    events: span.events.map((e) => ({ name: e.name, attributes: e.attributes })),
  };
}

function actual(span: TraceSpan) {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    status: span.status.code,
    attributes: span.attributes,
    resource: span.resource,
    events: span.events.map((e) => ({ name: e.name, attributes: e.attributes })),
  };
}

/**
 * The largest difference, in milliseconds, between the times read and the
 * exact nanoseconds of the lines (a double holds epoch milliseconds to about
 * a quarter of a microsecond).
 */
function timeError(spans: readonly TraceSpan[], reference: readonly NormalizedSpan[]): number {
  const exact = (ns: bigint) => Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
  let worst = 0;
  spans.forEach((span, i) => {
    const ref = reference[i]!;
    worst = Math.max(worst, Math.abs(span.startMs - exact(ref.startTimeUnixNano)), Math.abs(span.endMs - exact(ref.endTimeUnixNano)));
    span.events.forEach((e, j) => (worst = Math.max(worst, Math.abs(e.timeMs - exact(ref.events[j]!.timeUnixNano)))));
  });
  return worst;
}

const byId = <T extends { traceId: string; spanId: string }>(a: T, b: T) => a.traceId.localeCompare(b.traceId) || a.spanId.localeCompare(b.spanId);

/** The same TracesData split into one line per span (plain JSON), so that damaging a line loses one span. */
function oneSpanPerLine(text: string): string[] {
  type Data = { resourceSpans: Array<{ scopeSpans: Array<{ spans: unknown[] }> }> };
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) =>
      (JSON.parse(l) as Data).resourceSpans.flatMap((rs) =>
        rs.scopeSpans.flatMap((ss) => ss.spans.map((span) => JSON.stringify({ resourceSpans: [{ ...rs, scopeSpans: [{ ...ss, spans: [span] }] }] }))),
      ),
    );
}

async function collect(paths: string[], warnings: Warning[] = []) {
  const spans: TraceSpan[] = [];
  const summary = await readSpans(paths, (s) => spans.push(s), { onWarning: (w) => warnings.push(w), env: {} });
  return { spans, summary };
}

describe('readSpans', () => {
  let converted: Awaited<ReturnType<typeof convertToJsonlFile>>;
  let reference: NormalizedSpan[];
  beforeAll(async () => {
    converted = await convertToJsonlFile([FIXTURES]);
    reference = independent(readFileSync(converted.file, 'utf8'));
  });
  afterAll(() => converted.cleanup());

  it('reads convert\'s JSONL of the fixtures back: every span, with its ids, attributes, events and resource', async () => {
    expect(reference.length).toBeGreaterThan(100);
    const { spans, summary } = await collect([converted.file]);
    expect(summary.spans).toBe(reference.length);
    expect(summary.traceFiles).toBe(1);
    expect(summary.rawInputs).toBe(0);
    expect(spans.map(actual)).toEqual(reference.map(expected));
    expect(timeError(spans, reference)).toBeLessThan(0.001);
  });

  it('reads a folder of JSONL as its JSONL files only', async () => {
    writeFileSync(join(converted.dir, 'notes.txt'), 'not spans\n');
    const { spans, summary } = await collect([converted.dir]);
    expect(summary.traceFiles).toBe(1);
    expect(summary.rawInputs).toBe(0);
    expect(spans.length).toBe(reference.length);
  });

  it('reads raw agent logs through the adapters into the spans convert writes', async () => {
    const { spans, summary } = await collect([FIXTURES]);
    expect(summary.rawInputs).toBe(1);
    expect(summary.traceFiles).toBe(0);
    expect(summary.units).toBeGreaterThan(10);
    const sorted = [...spans].sort(byId);
    const sortedReference = [...reference].sort(byId);
    expect(sorted.map(actual)).toEqual(sortedReference.map(expected));
    expect(timeError(sorted, sortedReference)).toBeLessThan(0.001);
  });

  it('warns about a damaged line with its file and line, and reads the rest', async () => {
    const lines = oneSpanPerLine(readFileSync(converted.file, 'utf8'));
    expect(lines.length).toBeGreaterThan(3);
    const damaged = [lines[0], lines[1]!.slice(0, 40), lines[2], '{"resourceMetrics":[]}', ...lines.slice(3)];
    const file = join(converted.dir, 'damaged.jsonl');
    writeFileSync(file, `${damaged.join('\n')}\n`);
    const warnings: Warning[] = [];
    const { spans } = await collect([file], warnings);
    expect(warnings.map((w) => [w.file, w.line, w.code])).toEqual([
      [file, 2, 'invalid_json'],
      [file, 4, 'not_traces'],
    ]);
    const kept = independent([lines[0], lines[2], ...lines.slice(3)].join('\n'));
    expect(spans.map(actual)).toEqual(kept.map(expected));
    expect(spans.length).toBe(reference.length - decodeJsonlLine(lines[1]!).length);
  });
});
