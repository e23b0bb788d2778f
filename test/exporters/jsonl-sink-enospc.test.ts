import * as fs from 'node:fs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutputFullError } from '../../src/core/errors.js';
import { exportSpans, JsonlFileExporter } from '../../src/index.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { spanIdsOfJsonl } from '../support/spans/trace-lines.js';

// A disk that fills up mid-write, without root (test/exporters/jsonl-output-target.test.ts uses a real tmpfs as root):
// writeSync is the real one until `fillUp` is called; then the next call writes half of what it is given and the one
// after throws ENOSPC, as a file system does when the last blocks run out.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, writeSync: vi.fn(real.writeSync) };
});

const realWriteSync = (await vi.importActual<typeof import('node:fs')>('node:fs')).writeSync;
const writeSync = vi.mocked(fs.writeSync);

function fillUp(): void {
  let calls = 0;
  writeSync.mockImplementation(((fd: number, data: Uint8Array, offset?: number, length?: number) => {
    calls += 1;
    const from = offset ?? 0;
    const size = length ?? data.length - from;
    if (calls === 1) return realWriteSync(fd, data, from, Math.max(1, Math.floor(size / 2)));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  }) as typeof fs.writeSync);
}

const tempDir = useTempDirs();
afterEach(() => {
  writeSync.mockImplementation(realWriteSync);
});

const ids = (spans: ReturnType<typeof sampleSpans>) => spans.map((s) => s.spanContext().spanId);

describe('a disk that fills up mid-write (simulated ENOSPC)', () => {
  it('file layout: the torn write is cut back to the last whole line; the batch is FAILED with OutputFullError; later batches go on', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    const exporter = new JsonlFileExporter({ path: file });
    const first = sampleSpans(3);
    expect((await exportSpans(exporter, first)).error).toBeUndefined();
    const before = readFileSync(file);
    fillUp();
    const lost = sampleSpans(3, { resource: { 'service.name': 'lost' } });
    const result = await exportSpans(exporter, lost);
    expect(result.error).toBeInstanceOf(OutputFullError);
    expect((result.error as OutputFullError).code).toBe('AGENT_OTEL_OUTPUT_FULL');
    expect(readFileSync(file)).toEqual(before); // half a line was written, then taken back
    writeSync.mockImplementation(realWriteSync); // space again
    const later = sampleSpans(2, { resource: { 'service.name': 'later' } });
    expect((await exportSpans(exporter, later)).error).toBeUndefined();
    await exporter.shutdown();
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(spanIdsOfJsonl(text).sort()).toEqual([...ids(first), ...ids(later)].sort());
    expect(exporter.stats()).toMatchObject({ spansWritten: 5, spansFailed: 3, failures: 1 });
  });

  it('directory layout: a new file that got no whole line of spans is removed', async () => {
    const dir = join(tempDir(), 'out');
    const exporter = new JsonlFileExporter({ path: dir, layout: 'directory' });
    fillUp();
    const result = await exportSpans(exporter, sampleSpans(4));
    await exporter.shutdown();
    expect(result.error).toBeInstanceOf(OutputFullError);
    expect(readdirSync(dir)).toEqual([]);
    expect(exporter.files()).toEqual([]);
    expect(exporter.stats()).toMatchObject({ spansWritten: 0, spansFailed: 4, files: 0 });
  });
});
