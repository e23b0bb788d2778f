#!/usr/bin/env node
/**
 * Memory: peak RSS of a process converting a corpus to JSONL, for a small and
 * a large corpus. Each conversion runs in a fresh child process; its peak RSS
 * is the kernel's (`/usr/bin/time -v`, else `process.resourceUsage().maxRSS`
 * in the child). RSS is also sampled as units complete.
 *
 * Peak RSS is mostly garbage V8 has not collected yet (it lets the heap grow
 * before a full collection), so whether memory grows as input is processed is
 * judged on what is live: one more run of the large size with `--expose-gc`
 * forces a full collection at 20 points spread over the conversion and
 * records the heap left (that run's RSS is not reported).
 *
 *   BENCH_MEMORY_SMALL_MB   default 256 (MiB)
 *   BENCH_MEMORY_LARGE_MB   default 1024 (MiB)
 *   BENCH_MEMORY_RUNS       runs of each size (default 3)
 *
 * Targets: peak RSS at the large size < 256 MiB; and flat: the largest live
 * heap of the second half of the large conversion <= 1.25 x the largest of
 * its first half.
 */
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './generate.mjs';
import { runChild } from './lib/child.mjs';
import { removeDir, tempDir } from './lib/files.mjs';
import { loadLibrary } from './lib/library.mjs';
import { isMain, log, main, target } from './lib/report.mjs';
import { envNumber, fmt, fmtSummary, mapSummary, MIB, summarize } from './lib/stats.mjs';

export const RSS_LIMIT_MIB = 256;
export const GROWTH_LIMIT = 1.25;

/** In the child: one conversion, reporting peak RSS and RSS samples taken as units complete (with `live`, heap after forced GCs). */
async function child(mb, live) {
  const lib = await loadLibrary();
  const corpus = ensureCorpus(mb, { log: () => undefined });
  const out = await tempDir('memory');
  const samples = [];
  try {
    const exporter = new lib.JsonlFileExporter({ path: out, layout: 'directory' });
    const started = performance.now();
    const summary = await lib.convert({
      inputs: corpus.inputs,
      exporter,
      onUnit: (_unit, index, total) => {
        if (index % Math.max(1, Math.floor(total / 20)) !== 0) return;
        if (live) {
          globalThis.gc?.(); // defined: the child runs with --expose-gc
          samples.push(Math.round((10 * process.memoryUsage().heapUsed) / MIB) / 10);
        } else samples.push(Math.round(process.memoryUsage.rss() / MIB));
      },
    });
    await exporter.shutdown();
    return {
      mib: corpus.bytes / MIB,
      seconds: (performance.now() - started) / 1000,
      spans: summary.spans,
      resourceMaxRssKiB: process.resourceUsage().maxRSS,
      rssSamplesMiB: samples,
    };
  } finally {
    await removeDir(out);
  }
}

async function measure(mb, runs) {
  const peaks = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const r = await runChild(fileURLToPath(import.meta.url), ['--child', String(mb)], { measureRss: true, echo: false });
    const kib = r.maxRssKiB ?? r.resourceMaxRssKiB;
    peaks.push(kib / 1024);
    last = r;
    log(`[memory] ${fmt(r.mib, 0)} MiB: peak RSS ${fmt(kib / 1024, 1)} MiB (${r.maxRssKiB ? '/usr/bin/time -v' : 'resourceUsage'}), ${fmt(r.seconds, 1)} s; RSS as units completed: ${r.rssSamplesMiB.join(' ')} MiB`);
  }
  return { mib: last.mib, seconds: last.seconds, spans: last.spans, peakRssMiB: summarize(peaks), rssSamplesMiB: last.rssSamplesMiB, source: last.maxRssKiB ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS' };
}

/** Live heap (after a forced full GC) at 20 points of one conversion. */
async function liveHeap(mb) {
  const r = await runChild(fileURLToPath(import.meta.url), ['--child', String(mb), '--live'], { echo: false, nodeArgs: ['--expose-gc'] });
  const samples = r.rssSamplesMiB;
  const half = Math.floor(samples.length / 2);
  const firstHalfMax = Math.max(...samples.slice(0, half));
  const secondHalfMax = Math.max(...samples.slice(half));
  log(`[memory] ${fmt(r.mib, 0)} MiB: live heap after forced full GCs ${samples.join(' ')} MiB`);
  return { samplesMiB: samples, max: Math.max(...samples), firstHalfMax, secondHalfMax, ratio: secondHalfMax / firstHalfMax };
}

export async function runMemory({
  smallMb = envNumber('BENCH_MEMORY_SMALL_MB', 256),
  largeMb = envNumber('BENCH_MEMORY_LARGE_MB', 1024),
  runs = envNumber('BENCH_MEMORY_RUNS', 3),
} = {}) {
  ensureCorpus(largeMb); // generated once here, not inside a measured child
  const small = await measure(smallMb, runs);
  const large = await measure(largeMb, runs);
  const live = await liveHeap(largeMb);
  const growth = mapSummary(large.peakRssMiB, (v) => v / small.peakRssMiB.median);
  log(`[memory] peak RSS ${fmt(small.mib, 0)} MiB: ${fmtSummary(small.peakRssMiB, 1, ' MiB')}; ${fmt(large.mib, 0)} MiB: ${fmtSummary(large.peakRssMiB, 1, ' MiB')}; large/small x${fmt(growth.median, 2)}`);
  log(`[memory] live heap over the ${fmt(large.mib, 0)} MiB conversion: max ${fmt(live.max, 1)} MiB; 2nd half / 1st half max x${fmt(live.ratio, 2)}`);
  return {
    small,
    large,
    growth,
    live,
    notes: [
      'Peak RSS is the kernel figure; above the live heap it is mostly garbage V8 has not collected yet, file and output buffers, and code. ' +
        `The live heap (after forced full collections, a separate run) peaks at ${fmt(live.max, 1)} MiB over the ${fmt(large.mib, 0)} MiB conversion ` +
        `and does not grow as the input goes by (samples: ${live.samplesMiB.join(', ')} MiB). ` +
        'A larger corpus also holds larger sessions (sizes are heavy-tailed), which is what moves the peak RSS between the two sizes.',
    ],
    targets: [
      target(`peak RSS converting ${fmt(large.mib, 0)} MiB (MiB)`, large.peakRssMiB.median, RSS_LIMIT_MIB, 'lower'),
      target('live heap: max of 2nd half / max of 1st half of the conversion', live.ratio, GROWTH_LIMIT, 'lower'),
    ],
  };
}

if (isMain(import.meta.url)) {
  const at = process.argv.indexOf('--child');
  if (at !== -1) await main('memory-child', () => child(Number(process.argv[at + 1]), process.argv.includes('--live')));
  else await main('memory', () => runMemory());
}
