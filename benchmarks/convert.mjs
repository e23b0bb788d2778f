#!/usr/bin/env node
/**
 * Convert throughput: agent-otel's convert() (detection, adapters, the mapper,
 * the JSONL file exporter) on a generated corpus, against the naive floor of
 * the same input (read, JSON.parse, JSON.stringify a result, write), run
 * alternately in one process on the same files, warm page cache.
 *
 *   BENCH_CONVERT_MB   corpus size in MiB (default 512)
 *   BENCH_RUNS         timed runs of each side (default 3)
 *
 * Target: floor time / agent-otel time >= 0.33 (agent-otel within 3x the floor).
 */
import { join } from 'node:path';
import { ensureCorpus } from './generate.mjs';
import { naiveConvert } from './lib/floor.mjs';
import { removeDir, tempDir, warmPageCache } from './lib/files.mjs';
import { loadLibrary } from './lib/library.mjs';
import { isMain, log, main, target } from './lib/report.mjs';
import { envNumber, fmt, fmtSummary, mapSummary, MIB, summarize } from './lib/stats.mjs';

export const TARGET_RATIO = 0.33;

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

async function timeAgent(lib, inputs) {
  const out = await tempDir('convert');
  try {
    const exporter = new lib.JsonlFileExporter({ path: out, layout: 'directory' });
    const started = performance.now();
    const summary = await lib.convert({ inputs, exporter });
    await exporter.shutdown();
    const ms = performance.now() - started;
    if (summary.exportFailures > 0) throw new Error(`convert reported ${summary.exportFailures} export failures`);
    return { ms, summary };
  } finally {
    await removeDir(out);
  }
}

async function timeFloor(files) {
  const out = await tempDir('floor');
  try {
    const started = performance.now();
    const { lines } = await naiveConvert(files, join(out, 'floor.jsonl'));
    return { ms: performance.now() - started, lines };
  } finally {
    await removeDir(out);
  }
}

export async function runConvert({ mb = envNumber('BENCH_CONVERT_MB', 512), runs = envNumber('BENCH_RUNS', 3) } = {}) {
  const lib = await loadLibrary();
  const corpus = ensureCorpus(mb);
  const files = corpus.allFiles;
  log(`[convert] corpus: ${fmt(corpus.bytes / MIB, 1)} MiB, ${fmt(files.length)} files, ${fmt(corpus.lines)} lines, ${corpus.sessions} sessions (${corpus.claudeSessions} Claude Code, ${corpus.codexSessions} Codex), ${corpus.subagents} subagents`);
  await warmPageCache(files);
  const events = await countEvents(lib, corpus.inputs);
  log(`[convert] ${fmt(events)} canonical events`);

  const agent = [];
  const floor = [];
  let summary;
  for (let i = 0; i < runs; i++) {
    const f = await timeFloor(files);
    if (f.lines !== corpus.lines) throw new Error(`floor read ${f.lines} lines, the corpus has ${corpus.lines}`);
    floor.push(f.ms);
    const a = await timeAgent(lib, corpus.inputs);
    agent.push(a.ms);
    summary = a.summary;
    log(`[convert] run ${i + 1}/${runs}: agent-otel ${fmt(a.ms / 1000, 2)} s, floor ${fmt(f.ms / 1000, 2)} s, ratio ${fmt(f.ms / a.ms, 2)}`);
  }
  const agentMs = summarize(agent);
  const floorMs = summarize(floor);
  const ratio = summarize(agent.map((ms, i) => floor[i] / ms));
  const seconds = (ms) => ms / 1000;
  const result = {
    corpus: { mib: corpus.bytes / MIB, bytes: corpus.bytes, files: files.length, lines: corpus.lines, sessions: corpus.sessions, subagents: corpus.subagents },
    events,
    spans: summary.spans,
    warnings: summary.warnings,
    agentSeconds: mapSummary(agentMs, seconds),
    floorSeconds: mapSummary(floorMs, seconds),
    eventsPerSecond: mapSummary(agentMs, (ms) => events / seconds(ms)),
    mibPerSecond: mapSummary(agentMs, (ms) => corpus.bytes / MIB / seconds(ms)),
    floorMibPerSecond: mapSummary(floorMs, (ms) => corpus.bytes / MIB / seconds(ms)),
    ratio,
    targets: [target('floor time / agent-otel time', ratio.median, TARGET_RATIO, 'higher')],
  };
  log(`[convert] agent-otel: ${fmtSummary(result.mibPerSecond, 1, ' MiB/s')}, ${fmtSummary(result.eventsPerSecond, 0, ' events/s')}`);
  log(`[convert] floor:      ${fmtSummary(result.floorMibPerSecond, 1, ' MiB/s')}`);
  log(`[convert] ratio floor/agent-otel: ${fmtSummary(ratio, 2)} (target >= ${TARGET_RATIO})`);
  return result;
}

if (isMain(import.meta.url)) await main('convert', () => runConvert());
