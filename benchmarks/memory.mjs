#!/usr/bin/env node
/**
 * Memory: peak RSS of a process converting a corpus to JSONL, for a small and
 * a large corpus. Each conversion runs in a fresh child process; its peak RSS
 * is the kernel's (`/usr/bin/time -v`, else `process.resourceUsage().maxRSS`
 * in the child). RSS is also sampled as units complete, to show it stays flat.
 *
 *   BENCH_MEMORY_SMALL_MB   default 256 (MiB)
 *   BENCH_MEMORY_LARGE_MB   default 1024 (MiB)
 *   BENCH_MEMORY_RUNS       runs of each size (default 3)
 *
 * Targets: peak RSS at the large size < 256 MiB; and flat: peak(large) <= 1.25 x peak(small).
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

/** In the child: one conversion, reporting peak RSS and RSS samples taken as units complete. */
async function child(mb) {
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
        if (index % Math.max(1, Math.floor(total / 20)) === 0) samples.push(Math.round(process.memoryUsage.rss() / MIB));
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

export async function runMemory({
  smallMb = envNumber('BENCH_MEMORY_SMALL_MB', 256),
  largeMb = envNumber('BENCH_MEMORY_LARGE_MB', 1024),
  runs = envNumber('BENCH_MEMORY_RUNS', 3),
} = {}) {
  ensureCorpus(largeMb); // generated once here, not inside a measured child
  const small = await measure(smallMb, runs);
  const large = await measure(largeMb, runs);
  const growth = mapSummary(large.peakRssMiB, (v) => v / small.peakRssMiB.median);
  log(`[memory] peak RSS ${fmt(small.mib, 0)} MiB: ${fmtSummary(small.peakRssMiB, 1, ' MiB')}; ${fmt(large.mib, 0)} MiB: ${fmtSummary(large.peakRssMiB, 1, ' MiB')}; growth x${fmt(growth.median, 2)}`);
  return {
    small,
    large,
    growth,
    targets: [
      target(`peak RSS converting ${fmt(large.mib, 0)} MiB (MiB)`, large.peakRssMiB.median, RSS_LIMIT_MIB, 'lower'),
      target(`peak RSS ${fmt(large.mib, 0)} MiB / ${fmt(small.mib, 0)} MiB`, growth.median, GROWTH_LIMIT, 'lower'),
    ],
  };
}

if (isMain(import.meta.url)) {
  const at = process.argv.indexOf('--child');
  if (at !== -1) await main('memory-child', () => child(Number(process.argv[at + 1])));
  else await main('memory', () => runMemory());
}
