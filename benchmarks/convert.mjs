#!/usr/bin/env node
/**
 * Convert throughput: agent-otel's convert() (detection, adapters, the mapper,
 * the JSONL file exporter) against the naive floor of the same input (read,
 * JSON.parse, JSON.stringify a result, write), run alternately in one process
 * on the same files, warm page cache. Two corpora: the generated one, and the
 * real Claude Code and Codex fixtures (../shared/fixtures/real) copied with
 * fresh session ids up to BENCH_CONVERT_REAL_MB (skipped, and said so, when
 * ../shared is absent).
 *
 *   BENCH_CONVERT_MB        generated corpus size in MiB (default 512)
 *   BENCH_CONVERT_REAL_MB   real-fixture corpus size in MiB (default 60; 0 skips it)
 *   BENCH_RUNS              timed runs of each side (default 3)
 *
 * Target: floor time / agent-otel time >= 0.6 on each corpus.
 */
import { join } from 'node:path';
import { ensureCorpus } from './generate.mjs';
import { naiveConvert } from './lib/floor.mjs';
import { removeDir, tempDir, warmPageCache } from './lib/files.mjs';
import { loadLibrary } from './lib/library.mjs';
import { ensureRealCorpus, REAL_FIXTURES } from './lib/real-corpus.mjs';
import { isMain, log, main, target } from './lib/report.mjs';
import { envNumber, fmt, fmtSummary, mapSummary, MIB, summarize } from './lib/stats.mjs';

export const TARGET_RATIO = 0.6;

/** Canonical events the adapters produce for the inputs (an untimed pass: discovery and adapters only). */
async function countEvents(lib, inputs) {
  const warn = () => undefined;
  const found = await lib.discover(inputs, { warn });
  let events = 0;
  for (const unit of found.units) {
    const adapter = lib.adapterFor(unit.format);
    for await (const _ of adapter.read(unit, { warn })) events++;
  }
  return events;
}

/** CPU time of the whole process (all threads) since `from`, ms. */
function cpuMs(from) {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

async function timeAgent(lib, inputs) {
  const out = await tempDir('convert');
  try {
    const exporter = new lib.JsonlFileExporter({ path: out, layout: 'directory' });
    const cpu = process.cpuUsage();
    const started = performance.now();
    const summary = await lib.convert({ inputs, exporter });
    await exporter.shutdown();
    const ms = performance.now() - started;
    if (summary.exportFailures > 0) throw new Error(`convert reported ${summary.exportFailures} export failures`);
    return { ms, cpuMs: cpuMs(cpu), summary };
  } finally {
    await removeDir(out);
  }
}

async function timeFloor(files) {
  const out = await tempDir('floor');
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { lines } = await naiveConvert(files, join(out, 'floor.jsonl'));
    return { ms: performance.now() - started, cpuMs: cpuMs(cpu), lines };
  } finally {
    await removeDir(out);
  }
}

/** Alternate timed runs of the floor and of agent-otel on one corpus, and their figures. */
async function measure(lib, corpus, runs, label) {
  const files = corpus.allFiles;
  await warmPageCache(files);
  const events = await countEvents(lib, corpus.inputs);
  log(`[convert] ${label}: ${fmt(events)} canonical events`);
  const agent = [];
  const floor = [];
  const agentCpu = [];
  const floorCpu = [];
  let summary;
  for (let i = 0; i < runs; i++) {
    const f = await timeFloor(files);
    if (f.lines !== corpus.lines) throw new Error(`floor read ${f.lines} lines, the corpus has ${corpus.lines}`);
    floor.push(f.ms);
    floorCpu.push(f.cpuMs);
    const a = await timeAgent(lib, corpus.inputs);
    agent.push(a.ms);
    agentCpu.push(a.cpuMs);
    summary = a.summary;
    log(
      `[convert] ${label} run ${i + 1}/${runs}: agent-otel ${fmt(a.ms / 1000, 2)} s, floor ${fmt(f.ms / 1000, 2)} s, ratio ${fmt(f.ms / a.ms, 2)}; ` +
        `CPU ${fmt(a.cpuMs / 1000, 2)} s and ${fmt(f.cpuMs / 1000, 2)} s, ratio ${fmt(f.cpuMs / a.cpuMs, 2)}`,
    );
  }
  const agentMs = summarize(agent);
  const floorMs = summarize(floor);
  const ratio = summarize(agent.map((ms, i) => floor[i] / ms));
  // On a busy machine wall time waits for other processes; CPU time is the work done (both sides, same run).
  const cpuRatio = summarize(agentCpu.map((ms, i) => floorCpu[i] / ms));
  const seconds = (ms) => ms / 1000;
  const result = {
    events,
    spans: summary.spans,
    warnings: summary.warnings,
    agentSeconds: mapSummary(agentMs, seconds),
    floorSeconds: mapSummary(floorMs, seconds),
    eventsPerSecond: mapSummary(agentMs, (ms) => events / seconds(ms)),
    mibPerSecond: mapSummary(agentMs, (ms) => corpus.bytes / MIB / seconds(ms)),
    floorMibPerSecond: mapSummary(floorMs, (ms) => corpus.bytes / MIB / seconds(ms)),
    ratio,
    agentCpuSeconds: mapSummary(summarize(agentCpu), seconds),
    floorCpuSeconds: mapSummary(summarize(floorCpu), seconds),
    cpuRatio,
  };
  log(`[convert] ${label} agent-otel: ${fmtSummary(result.mibPerSecond, 1, ' MiB/s')}, ${fmtSummary(result.eventsPerSecond, 0, ' events/s')}`);
  log(`[convert] ${label} floor:      ${fmtSummary(result.floorMibPerSecond, 1, ' MiB/s')}`);
  log(`[convert] ${label} ratio floor/agent-otel: ${fmtSummary(ratio, 2)} (target >= ${TARGET_RATIO}); CPU time ${fmtSummary(cpuRatio, 2)}`);
  return result;
}

export async function runConvert({
  mb = envNumber('BENCH_CONVERT_MB', 512),
  realMb = envNumber('BENCH_CONVERT_REAL_MB', 60),
  runs = envNumber('BENCH_RUNS', 3),
} = {}) {
  const lib = await loadLibrary();
  const corpus = ensureCorpus(mb);
  log(`[convert] corpus: ${fmt(corpus.bytes / MIB, 1)} MiB, ${fmt(corpus.allFiles.length)} files, ${fmt(corpus.lines)} lines, ${corpus.sessions} sessions (${corpus.claudeSessions} Claude Code, ${corpus.codexSessions} Codex), ${corpus.subagents} subagents`);
  const generated = await measure(lib, corpus, runs, 'generated');
  const result = {
    corpus: { mib: corpus.bytes / MIB, bytes: corpus.bytes, files: corpus.allFiles.length, lines: corpus.lines, sessions: corpus.sessions, subagents: corpus.subagents },
    ...generated,
    targets: [target('floor time / agent-otel time', generated.ratio.median, TARGET_RATIO, 'higher')],
    notes: /** @type {string[]} */ ([]),
    /** @type {(Awaited<ReturnType<typeof measure>> & { corpus: object }) | undefined} */
    real: undefined,
  };
  const real = realMb > 0 ? ensureRealCorpus(realMb) : undefined;
  if (!real) {
    const why = realMb > 0 ? `${REAL_FIXTURES} is absent` : 'BENCH_CONVERT_REAL_MB=0';
    log(`[convert] SKIPPED the real-fixture corpus: ${why}`);
    result.notes.push(`The real-fixture corpus was not measured: ${why}.`);
    return result;
  }
  log(`[convert] real-fixture corpus: ${fmt(real.bytes / MIB, 1)} MiB, ${real.copies} copies of the Claude Code and Codex fixtures, ${fmt(real.allFiles.length)} files, ${fmt(real.lines)} lines`);
  const measured = await measure(lib, real, runs, 'real');
  result.real = { corpus: { mib: real.bytes / MIB, bytes: real.bytes, files: real.allFiles.length, lines: real.lines, copies: real.copies }, ...measured };
  result.targets.push(target('floor time / agent-otel time, real fixtures', measured.ratio.median, TARGET_RATIO, 'higher'));
  return result;
}

if (isMain(import.meta.url)) await main('convert', () => runConvert());
