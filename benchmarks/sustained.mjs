#!/usr/bin/env node
/**
 * Sustained live load: the live API with its default settings and both sinks
 * (JSONL in a temp dir, OTLP to the real Collector) fed at a fixed rate of
 * spans per second for a fixed time: tool calls and model calls (3:1) in 16
 * concurrent sessions, each ended and replaced after 2000 calls. Afterwards
 * every span is counted at the Collector's file exporter and in the JSONL:
 * none may be lost. Spans the OTLP leg could not deliver live are kept in the
 * pending folder; they are delivered after the run as a user would
 * (`agent-otel replay --pending`, here deliverPending of the library) and
 * counted with what arrived live; both figures are reported. RSS and heap are sampled every second: the load must not
 * make them grow.
 *
 * A second, shorter run with the OTLP leg's pending journal turned off
 * (`pending: false`) tells how much of any loss is the journal's.
 *
 *   BENCH_SUSTAIN_SECONDS   duration (default 60)
 *   BENCH_SUSTAIN_RATE      spans per second (default 20000)
 *   BENCH_SUSTAIN_COMPARE_SECONDS   the run without the journal (default 15; 0: skip it)
 *
 * Targets: 0 spans lost (Collector and JSONL); the achieved rate at least 98%
 * of the one asked; memory flat: the highest RSS of the second half of the run
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

/** Drives the live API at `rate` spans/s for `seconds`; counts what arrived where. */
async function load(lib, { seconds, rate, extraOptions = {} }) {
  const work = await tempDir('sustained');
  const output = join(work, 'collector-out.jsonl');
  const jsonlDir = join(work, 'jsonl');
  const collector = await startCollector({ workDir: work, output, receivers: (ports) => ({ yaml: otlpReceiver(ports), names: ['otlp'] }) });
  try {
    const telemetry = lib.createAgentTelemetry({ serviceName: 'sustained', jsonl: { path: jsonlDir, layout: 'directory' }, otlp: { url: collector.url }, flushOnExit: false, ...extraOptions });
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
    const stats = telemetry.stats();
    const counter = new SpanFileCounter(output);
    // What the OTLP leg sent must all arrive; what it dropped or failed never will.
    const sent = spans - (stats.sinks.otlp?.dropped ?? 0) - (stats.sinks.otlp?.failed ?? 0);
    const drained = await counter.waitFor(sent, { timeoutMs: 120_000 }).catch(() => undefined);
    await sleep(300);
    const atCollectorLive = await counter.poll();
    // What the OTLP leg did not deliver is in the pending folder, not lost: deliver it as a user would
    // (`agent-otel replay --pending`, through the library), then count again.
    let fromPending;
    if (stats.pending?.dir && stats.pending.pending > 0) {
      const delivery = await lib.deliverPending({ dir: stats.pending.dir, endpoint: collector.url });
      const delivered = delivery.replay.spans - delivery.replay.rejected - delivery.replay.failed;
      await counter.waitFor(atCollectorLive + delivered, { timeoutMs: 60_000 }).catch(() => undefined);
      await sleep(300);
      fromPending = { kept: stats.pending.pending, delivered, filesLeft: delivery.left, stopped: delivery.stopped };
    }
    const atCollector = await counter.poll();
    const inJsonl = await countSpansInDir(jsonlDir);
    const rss = samples.map((s) => s.rss);
    const half = Math.floor(rss.length / 2);
    return {
      seconds: loadSeconds,
      rateAsked: rate,
      rateAchieved: spans / loadSeconds,
      spans,
      sessions: sessionCount,
      atCollector,
      atCollectorLive,
      lostAtCollectorLive: spans - atCollectorLive,
      fromPending,
      inJsonl,
      lostAtCollector: spans - atCollector,
      lostInJsonl: spans - inJsonl,
      sinks: stats.sinks,
      pending: stats.pending,
      drainSeconds: drained === undefined ? undefined : (drained - flushStarted) / 1000,
      maxEventLoopLagMs: maxLagMs,
      rssMiB: { first: rss[0], last: rss[rss.length - 1], max: Math.max(...rss), firstHalfMax: Math.max(...rss.slice(0, half)), secondHalfMax: Math.max(...rss.slice(half)), samples: rss.map((v) => Math.round(v)) },
      heapUsedMiB: { first: samples[0].heap, last: samples[samples.length - 1].heap, max: Math.max(...samples.map((s) => s.heap)) },
    };
  } finally {
    await collector.stop();
    await removeDir(work);
  }
}

function describeRun(name, r) {
  log(`[sustained] ${name}: ${fmt(r.spans)} spans in ${fmt(r.seconds, 1)} s = ${fmt(r.rateAchieved)} spans/s (asked ${fmt(r.rateAsked)}); at the Collector ${fmt(r.atCollector)}, in JSONL ${fmt(r.inJsonl)}; drained ${r.drainSeconds === undefined ? 'never' : `${fmt(r.drainSeconds, 2)} s`} after the load`);
  log(`[sustained] ${name}: at the Collector live ${fmt(r.atCollectorLive)} (${fmt(r.lostAtCollectorLive)} not delivered live)${r.fromPending ? `; kept pending ${fmt(r.fromPending.kept)}, delivered from pending afterwards ${fmt(r.fromPending.delivered)}${r.fromPending.stopped ? ` (stopped: ${r.fromPending.stopped})` : ''}` : ''}; lost at the Collector in all ${fmt(r.lostAtCollector)}`);
  log(`[sustained] ${name}: RSS MiB first ${fmt(r.rssMiB.first, 1)}, last ${fmt(r.rssMiB.last, 1)}, max ${fmt(r.rssMiB.max, 1)} (1st half max ${fmt(r.rssMiB.firstHalfMax, 1)}, 2nd half max ${fmt(r.rssMiB.secondHalfMax, 1)}); heap used first ${fmt(r.heapUsedMiB.first, 1)}, last ${fmt(r.heapUsedMiB.last, 1)}; max event loop lag ${fmt(r.maxEventLoopLagMs, 1)} ms`);
  log(`[sustained] ${name}: sinks ${JSON.stringify(r.sinks)}${r.pending ? `; pending journal ${JSON.stringify({ journaled: r.pending.journaled, delivered: r.pending.delivered, pending: r.pending.pending, byReason: r.pending.byReason })}` : ''}`);
}

function notes(r, compare) {
  const out = [];
  const legs = r.sinks ?? {};
  for (const [name, leg] of Object.entries(legs)) {
    if (leg.dropped > 0) out.push(`The ${name} leg dropped ${fmt(leg.dropped)} spans: its queue was full.`);
    if (leg.failed > 0) out.push(`The ${name} leg failed to export ${fmt(leg.failed)} spans.`);
  }
  if (r.pending && r.pending.pending > 0) out.push(`The pending journal kept ${fmt(r.pending.pending)} undelivered OTLP spans on disk for a later delivery (by reason: ${JSON.stringify(r.pending.byReason)}).`);
  if (r.fromPending) {
    out.push(
      `"Lost at the Collector" counts what arrived live plus what \`replay --pending\` (deliverPending) delivered from the pending folder after the run: ` +
        `${fmt(r.atCollectorLive)} live + ${fmt(r.fromPending.delivered)} from pending; ${fmt(r.lostAtCollectorLive)} of ${fmt(r.spans)} spans did not arrive live.`,
    );
  }
  if (compare) {
    out.push(
      `Same load for ${fmt(compare.seconds, 0)} s with \`pending: false\` (no journal): ${fmt(compare.lostAtCollector)} of ${fmt(compare.spans)} spans lost at the Collector, ` +
        `${fmt(compare.lostInJsonl)} in the JSONL (legs: ${JSON.stringify(compare.sinks)}).`,
    );
  }
  return out;
}

export async function runSustained({
  seconds = envNumber('BENCH_SUSTAIN_SECONDS', 60),
  rate = envNumber('BENCH_SUSTAIN_RATE', 20_000),
  compareSeconds = Number(process.env.BENCH_SUSTAIN_COMPARE_SECONDS ?? 15),
} = {}) {
  const lib = await loadLibrary();
  const r = await load(lib, { seconds, rate });
  describeRun('defaults', r);
  let compare;
  if (compareSeconds > 0) {
    compare = await load(lib, { seconds: compareSeconds, rate, extraOptions: { pending: false } });
    describeRun('no journal', compare);
  }
  return {
    ...r,
    compare,
    notes: notes(r, compare),
    targets: [
      target('spans lost at the Collector (live + delivered from pending)', r.lostAtCollector, 0, 'lower'),
      target('spans lost in the JSONL', r.lostInJsonl, 0, 'lower'),
      target('spans dropped or failed at the OTLP leg (sent to the pending journal instead)', (r.sinks.otlp?.dropped ?? 0) + (r.sinks.otlp?.failed ?? 0), 0, 'lower'),
      target('achieved / asked rate', r.rateAchieved / rate, 0.98, 'higher'),
      target('RSS: max of 2nd half / max of 1st half', r.rssMiB.secondHalfMax / r.rssMiB.firstHalfMax, FLAT_LIMIT, 'lower'),
    ],
  };
}

if (isMain(import.meta.url)) await main('sustained', () => runSustained());
