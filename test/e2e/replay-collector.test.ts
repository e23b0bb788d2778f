import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ReplayStoppedError } from '../../src/replay/replay-errors.js';
import { replay } from '../../src/replay/replay.js';
import { printLogsOnFailure, readIfExists, startCollector, type Backends } from '../support/backends/backends.js';
import { useE2eSuite } from '../support/backends/e2e-suite.js';
import { makeTraceLines, spanIdsOfJsonl, type GeneratedSpan } from '../support/spans/trace-lines.js';

/**
 * `replay` into the real OpenTelemetry Collector (collector-config/agent-otel-to-file.yaml):
 * the collector writes what it received with its file exporter, and the test
 * counts the spans in that file.
 */
const { tempDir, backends: suiteBackends } = useE2eSuite('e2e: replay into the OpenTelemetry Collector');

function writeInputs(dir: string, files: number): GeneratedSpan[] {
  const spans: GeneratedSpan[] = [];
  for (let f = 0; f < files; f++) {
    const data = makeTraceLines({
      traces: 15,
      spansPerTrace: 8,
      spansPerLine: 3,
      paddingBytes: 200,
      resource: { 'service.name': `replay-e2e-${f}` },
      baseNs: 1_714_557_600_000_000_000n + BigInt(f) * 3_600_000_000_000n,
    });
    writeFileSync(join(dir, `session-${f}.jsonl`), data.lines.map((l) => `${l}\n`).join(''));
    spans.push(...data.spans);
  }
  return spans;
}

/** Waits until the collector's output file holds `count` spans (bounded), then a little longer to catch extras. */
async function waitForSpans(file: string, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Whole lines only: the Collector may be in the middle of writing the last one.
    const text = await readIfExists(file);
    const found = spanIdsOfJsonl(text.slice(0, text.lastIndexOf('\n') + 1)).length;
    if (found >= count) return;
    if (Date.now() > deadline) throw new Error(`${found} of ${count} spans in ${file} after ${timeoutMs} ms`);
    await sleep(200);
  }
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

/**
 * A work directory with `files` input files under `in/` and the Collector
 * started to write what it receives to `out/collector.jsonl`.
 */
async function collectorToFile(backends: Backends, files: number) {
  const work = tempDir();
  const inputs = join(work, 'in');
  mkdirSync(inputs);
  const expected = writeInputs(inputs, files);
  const output = join(work, 'out', 'collector.jsonl');
  const collector = await startCollector(backends, 'collector-config/agent-otel-to-file.yaml', { AGENT_OTEL_OUTPUT_FILE: output });
  printLogsOnFailure(collector.process);
  return { work, inputs, expected, output, collector };
}

describe('replay -> real Collector (file exporter)', () => {
  it('delivers every span exactly once', async (ctx) => {
    const backends = suiteBackends();
    if (!backends) return ctx.skip();
    const { inputs, expected, output, collector } = await collectorToFile(backends, 3);

    const summary = await replay({ inputs: [inputs], endpoint: collector.otlpHttpUrl, maxBatchBytes: 16 * 1024, concurrency: 4 });
    expect(summary).toMatchObject({ files: 3, spans: expected.length, failed: 0, rejected: 0, retries: 0 });
    expect(summary.requests).toBeGreaterThan(3);

    await waitForSpans(output, expected.length);
    await collector.stop(); // flushes the file exporter
    const ids = spanIdsOfJsonl(readFileSync(output, 'utf8'));
    expect(duplicates(ids)).toEqual([]);
    expect(ids.sort()).toEqual(expected.map((s) => s.spanId).sort());

    // The collector's own file (fileexporter format) reads back through replay too.
    const again = await replay({ inputs: [output], dryRun: true });
    expect(again).toMatchObject({ spans: expected.length, skippedLines: 0 });
  });

  it('an interrupted replay, run again, completes with every span exactly once', async (ctx) => {
    const backends = suiteBackends();
    if (!backends) return ctx.skip();
    const { work, inputs, expected, output, collector } = await collectorToFile(backends, 2);
    const checkpoint = join(work, 'replay.checkpoint.json');

    const controller = new AbortController();
    let batches = 0;
    const options = { inputs: [inputs], endpoint: collector.otlpHttpUrl, checkpoint, maxBatchBytes: 8 * 1024, concurrency: 3 };
    const first = await replay({
      ...options,
      signal: controller.signal,
      onBatch: () => {
        if (++batches === 4) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ReplayStoppedError);
    const sentFirst = (first as ReplayStoppedError).summary.spans;
    expect(sentFirst).toBeLessThan(expected.length);

    const second = await replay(options);
    expect(second.resumedBytes).toBeGreaterThan(0);
    expect(second.spans).toBeLessThan(expected.length);

    await waitForSpans(output, expected.length);
    await collector.stop();
    const ids = spanIdsOfJsonl(readFileSync(output, 'utf8'));
    expect(duplicates(ids)).toEqual([]);
    expect(ids.sort()).toEqual(expected.map((s) => s.spanId).sort());
  });
});
