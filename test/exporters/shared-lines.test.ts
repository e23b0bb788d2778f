import { ExportResultCode } from '@opentelemetry/core';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeAndOffer, takeOrEncode } from '../../src/exporters/jsonl/shared-lines.js';
import { exportSpans } from '../../src/index.js';
import { createDualExporter } from '../../src/sinks/dual-exporter.js';
import { useCleanOtelEnv } from '../support/isolation/clean-otel-env.js';
import { useOtlpReceivers } from '../support/receivers/use-receivers.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';
import { serializeLine } from '../support/spans/trace-lines.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

useCleanOtelEnv();
const tempDir = useTempDirs();
const receiver = useOtlpReceivers();

describe('lines encoded once for the journal and the JSONL file', () => {
  it('hands the offered lines to the one batch array they were made for, once, at the same line limit', () => {
    const spans = sampleSpans(4);
    const offered = encodeAndOffer(spans, 1 << 20);
    expect(Buffer.from(offered.lines[0]!).toString('utf8')).toBe(serializeLine(spans));
    // Another array with the same spans is another batch: encoded anew.
    expect(takeOrEncode([...spans], 1 << 20)).not.toBe(offered);
    expect(takeOrEncode(spans, 1 << 20)).toBe(offered);
    const again = takeOrEncode(spans, 1 << 20);
    expect(again).not.toBe(offered);
    expect(again).toEqual(offered);
  });

  it('encodes anew at another line limit', () => {
    const spans = sampleSpans(40);
    const offered = encodeAndOffer(spans, 1 << 20);
    const oneLine = offered.lines[0]!.length;
    const smaller = takeOrEncode(spans, Math.ceil(oneLine / 2) + 64);
    expect(smaller.lines.length).toBeGreaterThan(1);
    expect(smaller.spans).toBe(40);
  });

  it('the pending file of a batch OTLP could not deliver holds the very lines of the JSONL file', async () => {
    const closed = await receiver();
    await closed.close();
    const out = join(tempDir(), 'out');
    const fanout = createDualExporter({ jsonl: { path: out, layout: 'directory' }, otlp: { url: closed.tracesUrl, timeoutMillis: 2000 }, pending: { deliverOnStart: false }, env: {} });
    const batches = [sampleSpans(3), sampleSpans(5, { resource: { 'service.name': 'b' } })];
    for (const batch of batches) expect((await exportSpans(fanout, batch)).code).toBe(ExportResultCode.FAILED);
    await fanout.shutdown();
    const text = (dir: string) =>
      readdirSync(dir)
        .filter((name) => name.endsWith('.jsonl'))
        .map((name) => readFileSync(join(dir, name), 'utf8'))
        .join('');
    const expected = batches.map((batch) => `${serializeLine(batch)}\n`);
    // The JSONL file starts with its header line (no span); the span lines follow.
    const lines = (all: string) => all.split(/(?<=\n)/).filter((line) => !line.includes('"agent_otel.file.id"')).sort();
    expect(lines(text(out))).toEqual(expected.slice().sort());
    expect(lines(text(join(out, 'pending')))).toEqual(expected.slice().sort());
  });
});
