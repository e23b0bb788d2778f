#!/usr/bin/env node
/**
 * Sustained live load: the live API with its default settings and both sinks
 * (JSONL in a temp dir, OTLP to the real Collector) fed at a fixed rate of
 * spans per second for a fixed time: tool calls and model calls (3:1) in 16
 * concurrent sessions, each ended and replaced after 2000 calls. Afterwards
 * every span is counted at the Collector's file exporter and in the JSONL:
 * none may be lost. RSS and heap are sampled every second: the load must not
 * make them grow.
 *
 *   BENCH_SUSTAIN_SECONDS   duration (default 60)
 *   BENCH_SUSTAIN_RATE      spans per second (default 20000)
 *
 * Targets: 0 spans lost (Collector and JSONL); the achieved rate within 2% of
 * the one asked; memory flat: the highest RSS of the second half of the run
 * at most 1.15 x the highest of the first half.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { otlpReceiver, SpanFileCounter, startCollector } from './lib/collector.mjs';
import { countSpansInDir, removeDir, tempDir } from './lib/files.mjs';
import { loadLibrary } from './lib/library.mjs';
import { isMain, log, main, target } from './lib/report.mjs';
import { envNumber, fmt, MIB } from './lib/stats.mjs';

const SESSIONS = 16;
const CALLS_PER_SESSION = 2000;
const TICK_MS = 5;
export const FLAT_LIMIT = 1.15;

export async function runSustained({ seconds = envNumber('BENCH_SUSTAIN_SECONDS', 60), rate = envNumber('BENCH_SUSTAIN_RATE', 20_000) } = {}) {
  const lib = await loadLibrary();
  const work = await tempDir('sustained');
  const output = join(work, 'collector-out.jsonl');
  const jsonlDir = join(work, 'jsonl');
  const collector = await startCollector({ workDir: work, output, receivers: (ports) => ({ yaml: otlpReceiver(ports), names: ['otlp'] }) });
  try {
    const telemetry = lib.createAgentTelemetry({ serviceName: 'sustained', jsonl: { path: jsonlDir, layout: 'directory' }, otlp: { url: collector.url }, flushOnExit: false });
    const sessions = [];
    let sessionCount = 0;
    const open = () => {
      sessionCount++;
      return { session: telemetry.startSession({ agent: 'bench', model: 'bench-model' }), calls: 0 };
    };
    for (let i = 0; i < SESSIONS; i++) sessions.push(open());
    let spans = 0;
    let next = 0;
    const one = () => {
      const slot = sessions[next];
      next = (next + 1) % SESSIONS;
      if (slot.calls % 4 === 3) {
        slot.session.startModelCall({ model: 'bench-model', provider: 'openai' }).end({ usage: { input: 1200, output: 80, inputIncludesCache: true } });
      } else {
        slot.session.startToolCall('Bash', { command: 'ls' }).end({ output: 'ok\n' });
      }
      slot.calls++;
      spans++;
      if (slot.calls >= CALLS_PER_SESSION) {
        slot.session.end();
        spans++; // its root span
        Object.assign(slot, open());
      }
    };

    const samples = [];
    const sample = () => {
      const m = process.memoryUsage();
      samples.push({ rss: m.rss / MIB, heap: m.heapUsed / MIB });
    };
    const started = performance.now();
    let lastSample = started;
    let maxLagMs = 0;
    const end = started + seconds * 1000;
    for (let now = performance.now(); now < end; now = performance.now()) {
      const due = Math.floor(((now - started) / 1000) * rate) - spans;
      for (let i = 0; i < due; i++) one();
      if (now - lastSample >= 1000) {
        sample();
        lastSample += 1000;
      }
      const t = performance.now();
      await sleep(TICK_MS);
      maxLagMs = Math.max(maxLagMs, performance.now() - t - TICK_MS);
    }
    const loadSeconds = (performance.now() - started) / 1000;
    sample();
    for (const slot of sessions) {
      slot.session.end();
      spans++;
    }
    const flushStarted = performance.now();
    await telemetry.shutdown();
    const counter = new SpanFileCounter(output);
    const drained = await counter.waitFor(spans, { timeoutMs: 120_000 }).catch(() => undefined);
    await sleep(300);
    const atCollector = await counter.poll();
    const inJsonl = await countSpansInDir(jsonlDir);
    const stats = telemetry.stats();
    const achieved = spans / loadSeconds;
    const rss = samples.map((s) => s.rss);
    const half = Math.floor(rss.length / 2);
    const firstHalfMax = Math.max(...rss.slice(0, half));
    const secondHalfMax = Math.max(...rss.slice(half));
    const result = {
      seconds: loadSeconds,
      rateAsked: rate,
      rateAchieved: achieved,
      spans,
      sessions: sessionCount,
      atCollector,
      inJsonl,
      lostAtCollector: spans - atCollector,
      lostInJsonl: spans - inJsonl,
      sinks: stats.sinks,
      drainSeconds: drained === undefined ? undefined : (drained - flushStarted) / 1000,
      maxEventLoopLagMs: maxLagMs,
      rssMiB: { first: rss[0], last: rss[rss.length - 1], max: Math.max(...rss), firstHalfMax, secondHalfMax, samples: rss.map((v) => Math.round(v)) },
      heapUsedMiB: { first: samples[0].heap, last: samples[samples.length - 1].heap, max: Math.max(...samples.map((s) => s.heap)) },
      targets: [
        target('spans lost at the Collector', spans - atCollector, 0, 'lower'),
        target('spans lost in the JSONL', spans - inJsonl, 0, 'lower'),
        target('achieved / asked rate', achieved / rate, 0.98, 'higher'),
        target('RSS: max of 2nd half / max of 1st half', secondHalfMax / firstHalfMax, FLAT_LIMIT, 'lower'),
      ],
    };
    log(`[sustained] ${fmt(spans)} spans in ${fmt(loadSeconds, 1)} s = ${fmt(achieved)} spans/s (asked ${fmt(rate)}); at the Collector ${fmt(atCollector)}, in JSONL ${fmt(inJsonl)}; drained ${result.drainSeconds === undefined ? 'never' : `${fmt(result.drainSeconds, 2)} s`} after the load`);
    log(`[sustained] RSS MiB first ${fmt(result.rssMiB.first, 1)}, last ${fmt(result.rssMiB.last, 1)}, max ${fmt(result.rssMiB.max, 1)} (1st half max ${fmt(firstHalfMax, 1)}, 2nd half max ${fmt(secondHalfMax, 1)}); heap used first ${fmt(result.heapUsedMiB.first, 1)}, last ${fmt(result.heapUsedMiB.last, 1)}; max event loop lag ${fmt(maxLagMs, 1)} ms`);
    log(`[sustained] sinks: ${JSON.stringify(stats.sinks)}`);
    return result;
  } finally {
    await collector.stop();
    await removeDir(work);
  }
}

if (isMain(import.meta.url)) await main('sustained', () => runSustained());
