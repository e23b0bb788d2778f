import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { AgentTelemetry, type AgentTelemetryOptions } from '../../src/live/agent-telemetry.js';
import { backendsOrSkip, printLogsOnFailure, startCollector, useBackendCleanup, type Backends, type RunningCollector } from '../support/backends/backends.js';
import { runUntilKilled } from '../support/processes/child-writer.js';
import { collectorCounts, pendingSpans, reportFault, spansInFile, spansInFolder, waitForSpansInFile } from '../support/faults/fault-counts.js';
import { useBlackHoles, useOtlpReceivers } from '../support/receivers/use-receivers.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

/**
 * Fault injection: each scenario streams spans through the live API while
 * something goes wrong, lets it recover (the next start of the exporter
 * delivers what is pending), and then counts: spans produced, in the JSONL
 * output, at the collector, duplicates, and left pending. Counts, not timings.
 */
useBackendCleanup();
const tempDir = useTempDirs();
const CONFIG = 'collector-config/agent-otel-to-file.yaml';
let backends: Backends | undefined;
beforeAll(async () => {
  backends = await backendsOrSkip('fault injection against the real OpenTelemetry Collector');
});

const receiver = useOtlpReceivers();
const blackHole = useBlackHoles();

function live(dir: string, url: string, extra: Partial<AgentTelemetryOptions> = {}): AgentTelemetry {
  return new AgentTelemetry({
    serviceName: 'fault-agent',
    flushOnExit: false,
    env: { AGENT_OTEL_JSONL_PATH: dir },
    otlp: { url, timeoutMillis: 1500 },
    batch: { maxExportBatchSize: 200, scheduledDelayMillis: 50 },
    ...extra,
  });
}

/** One session of `spans` spans (a root and its tool calls). */
function session(telemetry: AgentTelemetry, id: string, spans: number): void {
  const s = telemetry.startSession({ sessionId: id });
  for (let i = 0; i < spans - 1; i++) s.startToolCall('Bash', { i }, { callId: `${id}-${i}` }).end({ success: i % 7 !== 0 });
  s.end();
}

/** The next start of the exporter: it delivers what is pending in the background; its shutdown waits for that here. */
async function restartExporter(dir: string, url: string): Promise<void> {
  const next = live(dir, url, { pending: { deliverGraceMillis: 60_000 } });
  await next.shutdown();
  expect(next.stats().pending?.earlierError).toBeUndefined();
}

function collectorWith(backends: Backends, output: string, vars: Record<string, string> = {}): Promise<RunningCollector> {
  return startCollector(backends, CONFIG, { AGENT_OTEL_OUTPUT_FILE: output, ...vars }).then((c) => {
    printLogsOnFailure(c.process);
    return c;
  });
}

/** A work folder: the JSONL output folder in it, and the real collector writing what it receives to a file there. */
async function withCollector(backends: Backends): Promise<{ work: string; dir: string; output: string; collector: RunningCollector }> {
  const work = tempDir();
  const output = join(work, 'collector', 'received.jsonl');
  return { work, dir: join(work, 'traces'), output, collector: await collectorWith(backends, output) };
}

describe('fault injection (counts after recovery)', () => {
  it('collector-restarts: the collector is stopped and started again three times during a long stream', async (ctx) => {
    if (!backends) return ctx.skip();
    const setup = await withCollector(backends);
    const { dir, output } = setup;
    let collector = setup.collector;
    const url = collector.otlpHttpUrl;
    const telemetry = live(dir, url);
    const rounds = 200;
    let done = 0;
    const stream = (async () => {
      for (; done < rounds; done++) {
        session(telemetry, `stream-${done}`, 25);
        await sleep(50);
      }
    })();
    let restarts = 0;
    for (const at of [30, 90, 150]) {
      while (done < at) await sleep(10);
      await collector.stop();
      await sleep(2500); // down longer than the exporter's 1.5 s deadline, while spans keep coming
      collector = await collectorWith(backends, output, collector.env); // same ports, same output file
      restarts++;
    }
    await stream;
    await telemetry.shutdown();
    const produced = telemetry.stats().spans.spans ?? 0;
    const pendingBefore = pendingSpans(join(dir, 'pending'));
    await restartExporter(dir, url);
    await waitForSpansInFile(output, produced);
    await collector.stop(); // flushes the file exporter
    const counts = collectorCounts(await spansInFile(output));
    const figures = { produced, jsonl: spansInFolder(dir).length, ...counts, pending: pendingSpans(join(dir, 'pending')), restarts, pendingBeforeRecovery: pendingBefore };
    reportFault('collector-restarts', figures);
    expect(produced).toBe(rounds * 25);
    expect(figures).toMatchObject({ jsonl: produced, collector: produced, duplicates: 0, pending: 0 });
    expect(pendingBefore).toBeGreaterThan(0); // the outages did cost the live export something, recovered after
  }, 180_000);

  it('retry-after: a collector answering 429 and 503 with Retry-After', async () => {
    const dir = tempDir();
    const r = await receiver();
    r.script({ status: 429, retryAfter: 1 }, { status: 503, retryAfter: 1 }, { status: 429, retryAfter: 0 }, { status: 503, retryAfter: 1 });
    const telemetry = live(dir, r.tracesUrl, { otlp: { url: r.tracesUrl, timeoutMillis: 8000 } });
    for (let i = 0; i < 5; i++) session(telemetry, `busy-${i}`, 200);
    await telemetry.forceFlush();
    const retried = r.requests.filter((q) => q.status === 429 || q.status === 503).length;
    // A Retry-After longer than the export deadline: the SDK gives up at once and the batch is kept.
    r.script({ status: 503, retryAfter: 3600 });
    session(telemetry, 'busy-late', 200);
    await telemetry.shutdown();
    const produced = telemetry.stats().spans.spans ?? 0;
    const pendingBefore = pendingSpans(join(dir, 'pending'));
    await restartExporter(dir, r.tracesUrl);
    const counts = collectorCounts(r.acceptedSpans());
    const figures = { produced, jsonl: spansInFolder(dir).length, ...counts, pending: pendingSpans(join(dir, 'pending')), retried: retried + 1, pendingBeforeRecovery: pendingBefore };
    reportFault('retry-after', figures);
    expect(retried).toBe(4);
    expect(pendingBefore).toBe(200);
    expect(figures).toMatchObject({ produced: 1200, jsonl: 1200, collector: 1200, duplicates: 0, pending: 0 });
  }, 60_000);

  it('black-hole: an endpoint that accepts connections and never answers', async () => {
    const dir = tempDir();
    const hole = `${await blackHole()}/v1/traces`;
    const telemetry = live(dir, hole, { otlp: { url: hole, timeoutMillis: 600 }, otlpShutdownTimeoutMillis: 1000 });
    for (let i = 0; i < 5; i++) session(telemetry, `void-${i}`, 200);
    const started = Date.now();
    await telemetry.shutdown();
    const shutdownMs = Date.now() - started;
    const stats = telemetry.stats();
    const produced = stats.spans.spans ?? 0;
    const pendingBefore = pendingSpans(join(dir, 'pending'));
    const r = await receiver(); // the collector is reachable again (at another address)
    await restartExporter(dir, r.tracesUrl);
    const counts = collectorCounts(r.acceptedSpans());
    const byReason = stats.pending?.byReason;
    const figures = {
      produced,
      jsonl: spansInFolder(dir).length,
      ...counts,
      pending: pendingSpans(join(dir, 'pending')),
      timedOut: (byReason?.failed ?? 0) + (byReason?.timeout ?? 0),
      leftAtShutdown: byReason?.shutdown ?? 0,
    };
    reportFault('black-hole', figures);
    expect(shutdownMs).toBeLessThan(5000); // bounded by the shutdown deadline (+ the SDK's own wind-down)
    expect(pendingBefore).toBe(produced);
    expect(figures.leftAtShutdown).toBeGreaterThan(0);
    expect(figures).toMatchObject({ produced: 1000, jsonl: 1000, collector: 1000, duplicates: 0, pending: 0 });
  }, 60_000);

  it('jsonl-unwritable: the JSONL folder cannot be written, OTLP still gets everything', async (ctx) => {
    if (!backends) return ctx.skip();
    const { work, output, collector } = await withCollector(backends);
    // Tests run as root, where a read-only mode does not stop writes: make the folder's parent a regular file instead.
    const blocker = join(work, 'not-a-folder');
    writeFileSync(blocker, 'a file where a folder is expected');
    const dir = join(blocker, 'traces');
    const telemetry = live(dir, collector.otlpHttpUrl);
    for (let i = 0; i < 10; i++) session(telemetry, `ro-${i}`, 100);
    await telemetry.shutdown();
    const stats = telemetry.stats();
    const produced = stats.spans.spans ?? 0;
    await waitForSpansInFile(output, produced);
    await collector.stop();
    const counts = collectorCounts(await spansInFile(output));
    const figures = { produced, jsonl: spansInFolder(dir).length, ...counts, pending: pendingSpans(join(dir, 'pending')), jsonlFailed: stats.sinks.jsonl?.failed ?? 0 };
    reportFault('jsonl-unwritable', figures);
    expect(figures).toMatchObject({ produced: 1000, jsonl: 0, collector: 1000, duplicates: 0, pending: 0, jsonlFailed: 1000 });
    expect(stats.lastError).toMatch(/cannot write/);
    expect(stats.pending?.lost).toBe(0);
  }, 60_000);

  it('writer-sigkill: the writing process is killed mid-stream', async (ctx) => {
    if (!backends) return ctx.skip();
    const { dir, output, collector } = await withCollector(backends);
    const perRound = 300;
    let since: number | undefined;
    const progress = await runUntilKilled(
      'test/reliability/children/live-writer.mjs',
      [String(perRound)],
      { AGENT_OTEL_JSONL_PATH: dir, OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpUrl.replace(/\/v1\/traces$/, '') },
      (p) => {
        if (p.flushed < 3 * perRound || p.produced === p.flushed) return false;
        since ??= Date.now();
        return Date.now() - since >= 15; // while the round is being written and sent
      },
    );
    const pendingBefore = pendingSpans(join(dir, 'pending'));
    await restartExporter(dir, collector.otlpHttpUrl);
    const onDisk = spansInFolder(dir);
    await waitForSpansInFile(output, onDisk.length);
    await collector.stop();
    const received = await spansInFile(output);
    const atCollector = new Set(received.map((s) => s.spanId));
    const round = (s: { attributes: Record<string, unknown> }) => Number(/-(\d+)$/.exec(String(s.attributes['gen_ai.conversation.id']))?.[1]);
    const flushedOnDisk = onDisk.filter((s) => round(s) < progress.flushed / perRound);
    const figures = {
      produced: progress.produced,
      flushed: progress.flushed,
      jsonl: onDisk.length,
      ...collectorCounts(received),
      pending: pendingSpans(join(dir, 'pending')),
      pendingBeforeRecovery: pendingBefore,
      lostFlushed: flushedOnDisk.filter((s) => !atCollector.has(s.spanId)).length,
    };
    reportFault('writer-sigkill', figures);
    expect(flushedOnDisk).toHaveLength(progress.flushed); // everything acknowledged before the kill is on disk
    expect(figures.lostFlushed).toBe(0); // and at the collector
    expect(figures.collector).toBeGreaterThanOrEqual(progress.flushed);
    expect(figures.pending).toBe(0);
    // At least once: the batch in flight at the kill (sent, its answer not yet handled) is sent again at recovery.
    expect(figures.duplicates).toBeLessThanOrEqual(perRound);
  }, 120_000);
});
