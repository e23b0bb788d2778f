import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { JsonlFileExporter } from '../../src/exporters/jsonl/jsonl-file-exporter.js';
import { convert } from '../../src/pipeline/convert.js';
import {
  getJaegerTrace,
  printLogsOnFailure,
  startCollector,
  startJaeger,
  type RunningCollector,
} from '../support/backends/backends.js';
import { useE2eSuite } from '../support/backends/e2e-suite.js';
import { useE2eTiming } from '../support/backends/e2e-timing.js';
import { SAMPLE_SESSIONS } from '../support/fixtures/sample-sessions.js';
import { byTrace, expectAgentTree, expectTraceMatchesJsonl, fetchTraces } from '../support/backends/jaeger-tree.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';
import { spansOfTracesData } from '../support/spans/trace-lines.js';

/**
 * agent-otel's own JSONL directory, written by convert (the library) with
 * rotation forced small so that there are several files, read by the real
 * Collector's otlp_json_file receiver (collector-config/replay-jsonl-dir.yaml)
 * and forwarded to the real Jaeger v2: the same traces arrive, each span once.
 * This proves the file format, and that files which would begin alike are
 * told apart by the receiver (which recognises a file by its first 1000
 * bytes): a second conversion of the same sessions into the same folder
 * writes files whose span lines are byte for byte those of the first, and the
 * receiver must still read every one of them.
 */
const timed = useE2eTiming('jsonl-dir-to-collector.test.ts');
const { tempDir, backends: suiteBackends } = useE2eSuite('e2e: JSONL directory -> Collector -> Jaeger', timed);

const INPUTS = SAMPLE_SESSIONS;
/** The receiver's fingerprint_size (default). */
const FINGERPRINT_BYTES = 1000;
/** Small files and lines, so that the sessions spread over several files; no single span is near a line's size. */
const MAX_FILE_BYTES = 16 * 1024;
const MAX_LINE_BYTES = 8 * 1024;

/** Converts the inputs into `dir` (directory layout, small files); returns the files this run created. */
async function convertInto(dir: string): Promise<string[]> {
  const exporter = new JsonlFileExporter({ path: dir, layout: 'directory', maxFileBytes: MAX_FILE_BYTES, maxLineBytes: MAX_LINE_BYTES, env: {} });
  const summary = await convert({ inputs: INPUTS, exporter, batchSize: 8 });
  await exporter.shutdown();
  expect(summary.exportFailures).toBe(0);
  return exporter.files().map((f) => f);
}

/** Everything after a file's first line (the span lines). */
function body(file: string): string {
  const text = readFileSync(file, 'utf8');
  return text.slice(text.indexOf('\n') + 1);
}

/** The collector's count of spans sent on to Jaeger, from its own Prometheus metrics. */
async function sentSpans(collector: RunningCollector): Promise<number> {
  const response = await fetch(`http://localhost:${collector.env.OTELCOL_METRICS_PORT}/metrics`, { signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  const line = text.split('\n').find((l) => l.startsWith('otelcol_exporter_sent_spans'));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function waitForSentSpans(collector: RunningCollector, count: number, timeoutMs = 90_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let sent = 0;
  while (Date.now() < deadline) {
    sent = await sentSpans(collector).catch(() => sent);
    if (sent >= count) return sent;
    await sleep(300);
  }
  return sent;
}

describe('agent-otel JSONL directory -> otlp_json_file receiver -> Jaeger v2', () => {
  it('the same traces arrive, each span once, from every rotated file', { timeout: 300_000 }, async (ctx) => {
    const backends = suiteBackends();
    if (!backends) return ctx.skip();
    const dir = join(tempDir(), 'agent-otel-traces');
    const first = await timed('convert', () => convertInto(dir));

    // Several files, each starting with the header line, each with spans, no two alike in their first bytes.
    expect(first.length).toBeGreaterThanOrEqual(4);
    expect(readdirSync(dir).sort()).toEqual(first.map((f) => f.slice(dir.length + 1)).sort());
    for (const file of first) {
      const [header, ...lines] = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
      const head = JSON.parse(header!) as { resourceSpans: Array<{ resource: { attributes: Array<{ key: string }> } }> };
      expect(spansOfTracesData(head), file).toEqual([]);
      expect(head.resourceSpans[0]?.resource.attributes.map((a) => a.key), file).toContain('agent_otel.file.id');
      expect(lines.length, file).toBeGreaterThan(0);
      for (const line of lines) expect(Buffer.byteLength(line) + 1, file).toBeLessThanOrEqual(MAX_LINE_BYTES);
      expect(readFileSync(file).length, file).toBeLessThanOrEqual(MAX_FILE_BYTES);
    }
    const heads = first.map((f) => readFileSync(f).subarray(0, FINGERPRINT_BYTES).toString('hex'));
    expect(new Set(heads).size).toBe(first.length);

    const written = readJsonlSpans(dir);
    const perTrace = byTrace(written);
    expect(perTrace.size).toBeGreaterThanOrEqual(6);
    // The receiver names the file each span was read from: it must be the file the span was written to.
    const fileOf = new Map(first.flatMap((file) => readJsonlSpans(file).map((s) => [s.spanId, basename(file)] as const)));
    expect(fileOf.size).toBe(written.length);
    // No span had to be shrunk to fit a line (that would drop attributes and events on purpose).
    expect(written.filter((s) => s.attributes['agent_otel.truncated'] !== undefined).map((s) => s.name)).toEqual([]);

    const jaeger = await timed('Jaeger start', () => startJaeger(backends, { timeoutMs: 60_000 }));
    const collector = await timed('Collector start', () =>
      startCollector(backends, 'collector-config/replay-jsonl-dir.yaml', { AGENT_OTEL_JSONL_DIR: dir, BACKEND_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint }, { timeoutMs: 60_000 }),
    );
    printLogsOnFailure(jaeger.process, collector.process);

    // Every trace arrives whole and as written: ids, parents, names, tags, times.
    const traces = await timed('waiting for Jaeger', () => fetchTraces(jaeger.queryUrl, written));
    for (const [traceId, spans] of perTrace) {
      expectTraceMatchesJsonl(traces.get(traceId)!, spans, (span) => ({ 'log.file.name': fileOf.get(span.spanId) }));
      expectAgentTree(traces.get(traceId)!);
    }
    expect(await waitForSentSpans(collector, written.length)).toBe(written.length);
    // A few more polls of the directory (every 200 ms): nothing is read twice.
    await sleep(2000);
    expect(await sentSpans(collector)).toBe(written.length);
    for (const [traceId, spans] of perTrace) expect((await getJaegerTrace(jaeger.queryUrl, traceId))?.spans.length, traceId).toBe(spans.length);

    // The same sessions converted again into the same folder: deterministic ids, so the new files' span
    // lines are byte for byte those of the first files; only their header lines tell them apart.
    const second = await timed('convert again', () => convertInto(dir));
    expect(second.length).toBe(first.length);
    expect(second.filter((f) => first.includes(f))).toEqual([]);
    expect(second.map(body)).toEqual(first.map(body));
    const heads2 = second.map((f) => readFileSync(f).subarray(0, FINGERPRINT_BYTES).toString('hex'));
    expect(new Set([...heads, ...heads2]).size).toBe(first.length * 2);

    // The receiver reads the new files too (it would skip a file it took for one already read): every span
    // is sent a second time, and Jaeger (which keeps what it is sent) shows each trace's spans twice.
    expect(await timed('waiting for the second copy', () => waitForSentSpans(collector, written.length * 2))).toBe(written.length * 2);
    for (const [traceId, spans] of perTrace) {
      const deadline = Date.now() + 60_000;
      let shown = await getJaegerTrace(jaeger.queryUrl, traceId);
      while ((shown?.spans.length ?? 0) < spans.length * 2 && Date.now() < deadline) {
        await sleep(300);
        shown = await getJaegerTrace(jaeger.queryUrl, traceId);
      }
      const ids = (shown?.spans ?? []).map((s) => s.spanID).sort();
      expect(ids, traceId).toEqual([...spans, ...spans].map((s) => s.spanId).sort());
    }
  });
});
