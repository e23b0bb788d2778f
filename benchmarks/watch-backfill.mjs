#!/usr/bin/env node
/**
 * Watch backfill and memory.
 *
 * Throughput: `watch()` (the library, fresh state folder, JSONL file exporter
 * to a temp folder) on the files of the benchmark corpus, all already written
 * and idle, timed until its backfill is done and it is stopped with the JSONL
 * closed; against `convert()` of the same inputs to the same exporter, run
 * alternately in one process, page cache warm. Both must give the same number
 * of spans.
 *
 * Memory: `agent-otel watch` (the CLI, its own process, fresh state) on a
 * folder of N and of 10 N short finished session files (lib/session-tree.mjs):
 * its peak RSS once the backfill is done, and its RSS after 10 s of following;
 * and, in a separate process running `watch()` with `--expose-gc`, the heap
 * still live after a forced full collection once the backfill is done (what
 * watch keeps for the sessions it follows).
 *
 *   BENCH_WATCH_BACKFILL_MB     corpus size (default 128 MiB)
 *   BENCH_WATCH_MEMORY_FILES    N (default 1000; 10 N is also measured)
 *   BENCH_RUNS                  runs of each side / size (default 3)
 *
 * Targets: convert time / watch backfill time >= 0.9; retained heap at 10 N /
 * at N <= 1.5 (memory bounded by the open sessions, not by the history).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureCorpus } from './generate.mjs';
import { runChild } from './lib/child.mjs';
import { removeDir, tempDir, warmPageCache } from './lib/files.mjs';
import { loadLibrary, REPO } from './lib/library.mjs';
import { hasProc, memoryMiB } from './lib/proc.mjs';
import { isMain, log, main, target } from './lib/report.mjs';
import { ensureSessionTree } from './lib/session-tree.mjs';
import { envNumber, fmt, fmtSummary, mapSummary, MIB, summarize } from './lib/stats.mjs';
import { startWatchProcess } from './lib/watch-process.mjs';

export const TARGET_RATIO = 0.9;
export const HEAP_GROWTH_LIMIT = 1.5;
const FOLLOW_MS = 10_000;

/** @returns {Promise<typeof import('../src/watch/watch.js')>} the built watch module, typed by its source */
async function loadWatch() {
  return import(pathToFileURL(join(REPO, 'dist/watch/watch.js')).href);
}

async function timeConvert(lib, inputs) {
  const out = await tempDir('watch-convert');
  try {
    const exporter = new lib.JsonlFileExporter({ path: out, layout: 'directory' });
    const started = performance.now();
    const summary = await lib.convert({ inputs, exporter });
    await exporter.shutdown();
    return { ms: performance.now() - started, spans: summary.spans };
  } finally {
    await removeDir(out);
  }
}

async function timeBackfill(lib, watchModule, inputs) {
  const work = await tempDir('watch-backfill');
  try {
    const exporter = new lib.JsonlFileExporter({ path: join(work, 'out'), layout: 'directory' });
    /** @type {{ millis: number } | undefined} */
    let ready;
    const started = performance.now();
    const handle = await watchModule.watch({
      inputs,
      exporter,
      flush: () => exporter.forceFlush(),
      stateDir: join(work, 'state'),
      // The files were written before the run: every session is over, as convert sees it.
      sessionIdleMs: 1000,
      onEvent: (e) => {
        if (e.type === 'ready') ready = e;
      },
    });
    const stats = await handle.stop();
    await exporter.shutdown();
    const ms = performance.now() - started;
    if (!ready) throw new Error('watch resolved without a ready event');
    return { ms, spans: stats.spans, readyMillis: ready.millis };
  } finally {
    await removeDir(work);
  }
}

async function throughput(mb, runs) {
  const lib = await loadLibrary();
  const watchModule = await loadWatch();
  const corpus = ensureCorpus(mb);
  log(`[watch-backfill] corpus: ${fmt(corpus.bytes / MIB, 1)} MiB, ${fmt(corpus.allFiles.length)} files, ${corpus.sessions} sessions`);
  await warmPageCache(corpus.allFiles);
  const convertMs = [];
  const watchMs = [];
  let spans;
  for (let i = 0; i < runs; i++) {
    const c = await timeConvert(lib, corpus.inputs);
    const w = await timeBackfill(lib, watchModule, corpus.inputs);
    if (w.spans !== c.spans) throw new Error(`watch's backfill sent ${w.spans} spans, convert ${c.spans}`);
    spans = c.spans;
    convertMs.push(c.ms);
    watchMs.push(w.ms);
    log(`[watch-backfill] run ${i + 1}/${runs}: watch ${fmt(w.ms / 1000, 2)} s (ready after ${fmt(w.readyMillis / 1000, 2)} s), convert ${fmt(c.ms / 1000, 2)} s, ratio ${fmt(c.ms / w.ms, 2)} (${fmt(spans)} spans each)`);
  }
  const mibs = (ms) => corpus.bytes / MIB / (ms / 1000);
  return {
    mib: corpus.bytes / MIB,
    files: corpus.allFiles.length,
    sessions: corpus.sessions,
    spans,
    watchMibPerSecond: mapSummary(summarize(watchMs), mibs),
    convertMibPerSecond: mapSummary(summarize(convertMs), mibs),
    ratio: summarize(watchMs.map((ms, i) => convertMs[i] / ms)),
  };
}

/** In a child run with --expose-gc: the heap live after the backfill of a tree, after forced full collections. */
async function heapChild(files) {
  const lib = await loadLibrary();
  const watchModule = await loadWatch();
  const tree = ensureSessionTree(files);
  const work = await tempDir('watch-heap');
  try {
    const exporter = new lib.JsonlFileExporter({ path: join(work, 'out'), layout: 'directory' });
    const gc = () => globalThis.gc?.();
    gc();
    const before = process.memoryUsage().heapUsed;
    const handle = await watchModule.watch({ inputs: [tree.dir], exporter, flush: () => exporter.forceFlush(), stateDir: join(work, 'state') });
    await sleep(2000);
    gc();
    gc();
    const after = process.memoryUsage().heapUsed;
    const stats = handle.stats();
    await handle.stop();
    await exporter.shutdown();
    return { files: tree.files, units: stats.units, open: stats.open, heapBeforeMiB: before / MIB, heapMiB: after / MIB, retainedMiB: (after - before) / MIB };
  } finally {
    await removeDir(work);
  }
}

/** The CLI on a tree: peak RSS at ready, RSS after following for FOLLOW_MS. */
async function rssOnce(tree) {
  const work = await tempDir('watch-rss');
  const watcher = startWatchProcess({ inputs: [tree.dir], out: join(work, 'out'), state: join(work, 'state') });
  try {
    const ready = await watcher.ready;
    const atReady = memoryMiB(watcher.pid);
    await sleep(FOLLOW_MS);
    const following = memoryMiB(watcher.pid);
    return { peakMiB: atReady.peak, followingMiB: following.rss, backfillSeconds: ready.millis / 1000 };
  } finally {
    await watcher.stop();
    await removeDir(work);
  }
}

async function memory(n, runs) {
  const sizes = [n, 10 * n];
  /** @type {Record<string, any>} */
  const out = {};
  for (const files of sizes) {
    const tree = ensureSessionTree(files);
    const peak = [];
    const following = [];
    const heap = [];
    let last;
    for (let i = 0; i < runs; i++) {
      const r = await rssOnce(tree);
      const h = await runChild(fileURLToPath(import.meta.url), ['--heap-child', String(files)], { echo: false, nodeArgs: ['--expose-gc'] });
      peak.push(r.peakMiB);
      following.push(r.followingMiB);
      heap.push(h.retainedMiB);
      last = h;
      log(`[watch-backfill] ${fmt(files)} files (${fmt(tree.sessions)} sessions, ${fmt(tree.bytes / MIB, 1)} MiB): peak RSS ${fmt(r.peakMiB, 1)} MiB, RSS following ${fmt(r.followingMiB, 1)} MiB (backfill ${fmt(r.backfillSeconds, 1)} s); heap kept after the backfill ${fmt(h.retainedMiB, 1)} MiB (${fmt(h.units)} units, ${fmt(h.open)} open)`);
    }
    out[files] = { files, sessions: tree.sessions, mib: tree.bytes / MIB, units: last.units, open: last.open, peakMiB: summarize(peak), followingMiB: summarize(following), retainedHeapMiB: summarize(heap) };
  }
  const [small, large] = sizes.map((s) => out[s]);
  return {
    small,
    large,
    peakGrowth: mapSummary(large.peakMiB, (v) => v / small.peakMiB.median),
    followingGrowth: mapSummary(large.followingMiB, (v) => v / small.followingMiB.median),
    heapGrowth: mapSummary(large.retainedHeapMiB, (v) => v / small.retainedHeapMiB.median),
  };
}

export async function runWatchBackfill({
  mb = envNumber('BENCH_WATCH_BACKFILL_MB', 128),
  n = envNumber('BENCH_WATCH_MEMORY_FILES', 1000),
  runs = envNumber('BENCH_RUNS', 3),
} = {}) {
  if (!hasProc()) throw new Error('the memory half reads /proc: Linux only');
  const speed = await throughput(mb, runs);
  log(`[watch-backfill] watch ${fmtSummary(speed.watchMibPerSecond, 1, ' MiB/s')}, convert ${fmtSummary(speed.convertMibPerSecond, 1, ' MiB/s')}, convert/watch time ${fmtSummary(speed.ratio, 2)} (target >= ${TARGET_RATIO})`);
  const mem = await memory(n, runs);
  log(`[watch-backfill] ${fmt(mem.large.files)} / ${fmt(mem.small.files)} files: peak RSS x${fmt(mem.peakGrowth.median, 2)}, RSS following x${fmt(mem.followingGrowth.median, 2)}, heap kept x${fmt(mem.heapGrowth.median, 2)}`);
  return {
    throughput: speed,
    memory: mem,
    notes: [
      `Backfill: every session of the corpus is over when watch starts (its files were written before, --session-idle 1 s), so watch sends all ${fmt(speed.spans)} spans, as convert does; the counts are checked equal in each run. ` +
        'The watch time runs from the call to watch() to the JSONL closed after stop(); it includes subscribing to the folders and saving the state.',
      `Memory: the sessions of both trees are finished (their files are a day and a half old), so watch has no open session after the backfill (open units: ${fmt(mem.small.open)} and ${fmt(mem.large.open)}). ` +
        `What it keeps per unit followed (${fmt(mem.small.units)} and ${fmt(mem.large.units)} units) is what grows: ${fmt(mem.small.retainedHeapMiB.median, 1)} MiB and ${fmt(mem.large.retainedHeapMiB.median, 1)} MiB of live heap after a forced full collection.`,
    ],
    targets: [
      target('convert time / watch backfill time', speed.ratio.median, TARGET_RATIO, 'higher'),
      target(`heap kept after the backfill: ${fmt(mem.large.files)} / ${fmt(mem.small.files)} finished session files`, mem.heapGrowth.median, HEAP_GROWTH_LIMIT, 'lower'),
    ],
  };
}

if (isMain(import.meta.url)) {
  const at = process.argv.indexOf('--heap-child');
  if (at !== -1) await main('watch-heap-child', () => heapChild(Number(process.argv[at + 1])));
  else await main('watch-backfill', () => runWatchBackfill());
}
