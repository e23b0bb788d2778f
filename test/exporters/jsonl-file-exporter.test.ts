import { ExportResultCode } from '@opentelemetry/core';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputUnwritableError, ShutdownError } from '../../src/core/errors.js';
import { exportSpans, JsonlFileExporter } from '../../src/index.js';
import { expectedSpan, readJsonl, readLines } from '../support/expectations/expected-spans.js';
import { bySpanId, decodeJsonlLine, normalizeTracesData } from '../support/spans/otlp-normalize.js';
import { decodeTracesData, encodeTracesDataJson } from '../support/spans/otlp-proto.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();

describe('JsonlFileExporter, file layout', () => {
  it('writes OTLP/JSON TracesData lines that read back as exactly the exported spans', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    const spans = sampleSpans(7);
    const exporter = new JsonlFileExporter({ path: file });

    const result = await exportSpans(exporter, spans);
    await exporter.shutdown();

    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const { lines, spans: written } = readJsonl(file);
    expect(lines).toHaveLength(1);
    const parsed: unknown = JSON.parse(lines[0] ?? '');
    expect(Object.keys(parsed as object)).toEqual(['resourceSpans']);
    expect(written.sort(bySpanId)).toEqual(spans.map(expectedSpan).sort(bySpanId));
    // The root has no parent, every other span is its child.
    const root = spans.find((span) => span.parentSpanContext === undefined);
    expect(written.filter((span) => span.parentSpanId === root?.spanContext().spanId)).toHaveLength(6);
  });

  it('writes lines a protobuf encoder accepts and that survive a protobuf round trip unchanged', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    const spans = sampleSpans(12);
    const exporter = new JsonlFileExporter({ path: file, maxLineBytes: 4096 });
    await exportSpans(exporter, spans);
    await exporter.shutdown();

    const { lines } = readJsonl(file);
    expect(lines.length).toBeGreaterThan(1);
    const viaProtobuf = lines.flatMap((line) => normalizeTracesData(decodeTracesData(encodeTracesDataJson(JSON.parse(line)))));
    expect(viaProtobuf.sort(bySpanId)).toEqual(lines.flatMap(decodeJsonlLine).sort(bySpanId));
    expect(viaProtobuf.sort(bySpanId)).toEqual(spans.map(expectedSpan).sort(bySpanId));
  });

  it('appends to an existing file without a header and counts what it wrote', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    const first = new JsonlFileExporter({ path: file });
    await exportSpans(first, sampleSpans(2));
    await first.shutdown();
    const sizeBefore = statSync(file).size;

    const second = new JsonlFileExporter({ path: file });
    const spans = sampleSpans(3);
    await exportSpans(second, spans);
    await second.shutdown();

    const { lines, spans: written } = readJsonl(file);
    expect(lines).toHaveLength(2);
    expect(written).toHaveLength(5);
    const stats = second.stats();
    expect(stats).toMatchObject({ spansWritten: 3, linesWritten: 1, files: 1, failures: 0, spansDropped: 0 });
    expect(stats.bytesWritten).toBe(statSync(file).size - sizeBefore);
  });

  it.each([
    { name: 'a torn last line', existing: '{"resourceSpans":[{"resou', expectedFirstLine: '{"resourceSpans":[{"resou' },
    { name: 'a complete last line without newline', existing: '{"resourceSpans":[]}', expectedFirstLine: '{"resourceSpans":[]}' },
  ])('starts on a new line when the file ends with $name', async ({ existing, expectedFirstLine }) => {
    const file = join(tempDir(), 'traces.jsonl');
    writeFileSync(file, existing);
    const spans = sampleSpans(2);
    const exporter = new JsonlFileExporter({ path: file });
    await exportSpans(exporter, spans);
    await exporter.shutdown();

    const lines = readLines(file);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(expectedFirstLine);
    expect(decodeJsonlLine(lines[1] ?? '').sort(bySpanId)).toEqual(spans.map(expectedSpan).sort(bySpanId));
  });

  it('adds no blank line when the existing file already ends with a newline', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    writeFileSync(file, '{"resourceSpans":[]}\n');
    const exporter = new JsonlFileExporter({ path: file });
    await exportSpans(exporter, sampleSpans(1));
    await exporter.shutdown();
    expect(readFileSync(file, 'utf8')).not.toContain('\n\n');
    expect(readJsonl(file).lines).toHaveLength(2);
  });

  it('never interleaves concurrent exports and keeps their order', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    const exporter = new JsonlFileExporter({ path: file });
    const batches = Array.from({ length: 20 }, () => sampleSpans(3, { attributeBytes: 2000 }));
    const results = await Promise.all(batches.map((batch) => exportSpans(exporter, batch)));
    await exporter.shutdown();

    expect(results.every((result) => result.code === ExportResultCode.SUCCESS)).toBe(true);
    const { lines } = readJsonl(file);
    expect(lines).toHaveLength(20);
    lines.forEach((line, i) => {
      const expected = (batches[i] ?? []).map((span) => span.spanContext().spanId).sort();
      expect(decodeJsonlLine(line).map((span) => span.spanId).sort()).toEqual(expected);
    });
  });

  it('has the data in the file once forceFlush resolves', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    const exporter = new JsonlFileExporter({ path: file, fsync: true });
    const spans = sampleSpans(4);
    exporter.export(spans, () => undefined);
    await exporter.forceFlush();
    expect(readJsonl(file).spans).toHaveLength(4);
    await exporter.shutdown();
  });

  it('creates the file 0600 and missing directories 0700', async () => {
    const root = tempDir();
    const file = join(root, 'new', 'nested', 'traces.jsonl');
    const exporter = new JsonlFileExporter({ path: file });
    await exportSpans(exporter, sampleSpans(1));
    await exporter.shutdown();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'new')).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'new', 'nested')).mode & 0o777).toBe(0o700);
  });

  it('reports FAILED with OutputUnwritableError when the file cannot be written, and counts it', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'not-a-dir'), 'x');
    const exporter = new JsonlFileExporter({ path: join(root, 'not-a-dir', 'traces.jsonl') });
    const result = await exportSpans(exporter, sampleSpans(3));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(OutputUnwritableError);
    expect(exporter.stats()).toMatchObject({ failures: 1, spansFailed: 3, spansWritten: 0 });
    await exporter.shutdown();
  });
});

describe('JsonlFileExporter, lifecycle', () => {
  it('reports FAILED after shutdown and shuts down twice without error', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    const exporter = new JsonlFileExporter({ path: file });
    await exportSpans(exporter, sampleSpans(1));
    await Promise.all([exporter.shutdown(), exporter.shutdown()]);
    await expect(exporter.shutdown()).resolves.toBeUndefined();
    await expect(exporter.forceFlush()).resolves.toBeUndefined();

    const result = await exportSpans(exporter, sampleSpans(2));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(ShutdownError);
    expect(readJsonl(file).spans).toHaveLength(1);
    expect(exporter.stats().failures).toBe(1);
  });

  it('does not create any file when nothing was exported', async () => {
    const dir = join(tempDir(), 'out');
    const exporter = new JsonlFileExporter({ path: dir, layout: 'directory' });
    await exportSpans(exporter, []);
    await exporter.shutdown();
    expect(exporter.files()).toEqual([]);
  });
});

describe('JsonlFileExporter, layout of the path', () => {
  it.each([
    { name: 'an existing directory', setup: 'dir', path: 'existing', layout: undefined, expected: 'directory' },
    { name: 'a path ending in a separator', setup: 'none', path: 'fresh/', layout: undefined, expected: 'directory' },
    { name: 'a new path with an extension', setup: 'none', path: 'fresh.jsonl', layout: undefined, expected: 'file' },
    { name: 'a new path without extension', setup: 'none', path: 'fresh', layout: undefined, expected: 'directory' },
    { name: 'an existing file without extension', setup: 'file', path: 'existing', layout: undefined, expected: 'file' },
    { name: 'the layout option over the extension', setup: 'none', path: 'odd.jsonl', layout: 'directory' as const, expected: 'directory' },
  ])('treats $name as a $expected', async ({ setup, path, layout, expected }) => {
    const root = tempDir();
    const target = join(root, path);
    if (setup === 'dir') mkdirSync(target);
    if (setup === 'file') writeFileSync(target, '');
    const exporter = new JsonlFileExporter({ path: target, layout });
    await exportSpans(exporter, sampleSpans(1));
    await exporter.shutdown();
    const [written] = exporter.files();
    expect(written).toBeDefined();
    expect(written === target.replace(/\/$/, '') ? 'file' : 'directory').toBe(expected);
    expect(readJsonl(written ?? '').spans).toHaveLength(1);
  });
});
