import { ExportResultCode } from '@opentelemetry/core';
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATTR_FILE_CREATED, ATTR_FILE_ID, exportSpans, JsonlFileExporter } from '../../src/index.js';
import { expectedSpan, readJsonl, readLines } from '../support/expectations/expected-spans.js';
import { bySpanId, decodeJsonlLine } from '../support/spans/otlp-normalize.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const NAME = new RegExp(`^agent-otel-(\\d{8}T\\d{6}Z)-${process.pid}-(\\d{6})\\.jsonl$`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Header {
  resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue: string } }> }; scopeSpans: unknown[] }>;
}

function headerAttributes(line: string): Record<string, string> {
  const header = JSON.parse(line) as Header;
  expect(header.resourceSpans).toHaveLength(1);
  expect(header.resourceSpans[0]?.scopeSpans).toEqual([]);
  return Object.fromEntries((header.resourceSpans[0]?.resource.attributes ?? []).map((kv) => [kv.key, kv.value.stringValue]));
}

describe('JsonlFileExporter, directory layout', () => {
  it('rotates files by size, each starting with a unique header line, and loses no span', async () => {
    const dir = join(tempDir(), 'traces');
    const maxFileBytes = 24_000;
    const exporter = new JsonlFileExporter({ path: dir, layout: 'directory', maxFileBytes });
    const batches = Array.from({ length: 12 }, () => sampleSpans(3, { attributeBytes: 1500 }));
    const started = Date.now();
    for (const batch of batches) expect((await exportSpans(exporter, batch)).code).toBe(ExportResultCode.SUCCESS);
    await exporter.shutdown();

    const files = exporter.files();
    expect(files.length).toBeGreaterThan(2);
    expect(readdirSync(dir).sort()).toEqual(files.map((file) => basename(file)).sort());
    // Names sort in creation order.
    expect([...files].sort()).toEqual(files);
    const fileIds = new Set<string>();
    for (const file of files) {
      expect(basename(file)).toMatch(NAME);
      expect(statSync(file).size).toBeLessThanOrEqual(maxFileBytes);
      const [header, ...rest] = readLines(file);
      const attributes = headerAttributes(header ?? '');
      expect(attributes[ATTR_FILE_ID]).toMatch(UUID);
      const created = Date.parse(attributes[ATTR_FILE_CREATED] ?? '');
      expect(created).toBeGreaterThanOrEqual(started - 1000);
      expect(created).toBeLessThanOrEqual(Date.now());
      fileIds.add(attributes[ATTR_FILE_ID] ?? '');
      expect(decodeJsonlLine(header ?? '')).toEqual([]);
      expect(rest.length).toBeGreaterThan(0);
    }
    expect(fileIds.size).toBe(files.length);
    // The first 1000 bytes (the Collector's default fingerprint) differ from file to file.
    const prefixes = new Set(files.map((file) => readLines(file).join('\n').slice(0, 1000)));
    expect(prefixes.size).toBe(files.length);

    const written = files.flatMap((file) => readJsonl(file).spans);
    expect(written.sort(bySpanId)).toEqual(batches.flat().map(expectedSpan).sort(bySpanId));
    expect(exporter.stats()).toMatchObject({ files: files.length, spansWritten: 36, linesWritten: 12, failures: 0 });
  });

  it('spreads one large batch over several files at line boundaries', async () => {
    const dir = join(tempDir(), 'traces');
    const exporter = new JsonlFileExporter({ path: `${dir}/`, maxFileBytes: 20_000, maxLineBytes: 4096 });
    const spans = sampleSpans(40, { attributeBytes: 1000 });
    expect((await exportSpans(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    await exporter.shutdown();

    const files = exporter.files();
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      expect(statSync(file).size).toBeLessThanOrEqual(20_000);
      for (const line of readLines(file)) expect(Buffer.byteLength(line) + 1).toBeLessThanOrEqual(4096);
    }
    expect(files.flatMap((file) => readJsonl(file).spans).sort(bySpanId)).toEqual(spans.map(expectedSpan).sort(bySpanId));
  });

  it('gives two exporters in one process distinct files in the same directory', async () => {
    const dir = join(tempDir(), 'shared');
    const a = new JsonlFileExporter({ path: dir, layout: 'directory' });
    const b = new JsonlFileExporter({ path: dir, layout: 'directory' });
    await Promise.all([exportSpans(a, sampleSpans(2)), exportSpans(b, sampleSpans(3))]);
    await Promise.all([a.shutdown(), b.shutdown()]);
    const [fileA] = a.files();
    const [fileB] = b.files();
    expect(fileA).not.toBe(fileB);
    expect(readJsonl(fileA ?? '').spans).toHaveLength(2);
    expect(readJsonl(fileB ?? '').spans).toHaveLength(3);
  });

  it('creates the directory 0700 and its files 0600', async () => {
    const dir = join(tempDir(), 'private');
    const exporter = new JsonlFileExporter({ path: dir, layout: 'directory' });
    await exportSpans(exporter, sampleSpans(1));
    await exporter.shutdown();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const file of exporter.files()) expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
