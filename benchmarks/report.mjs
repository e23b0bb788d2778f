#!/usr/bin/env node
/**
 * Report: `report()` reading agent-otel JSONL against `convert()` writing
 * it, and the peak RSS of a report at two input sizes.
 *
 * The JSONL is what convert writes from the generated corpus (rotated files
 * in a temp folder): the corpus size is chosen from a small pilot conversion
 * so that the JSONL comes to about BENCH_REPORT_MB. Each run times convert
 * writing it, then report (--by day, the default) reading it, page cache
 * warm for both. Peak RSS is measured in fresh child processes reporting the
 * first quarter of the JSONL files and all of them (kernel figure from
 * `/usr/bin/time -v` where present).
 *
 *   BENCH_REPORT_MB     size of the JSONL to report, MiB (default 1024)
 *   BENCH_RUNS          timed runs of each side (default 3)
 *
 * Targets: report time / convert time <= 1.2; peak RSS of the full report
 * <= 1.25 x that of the quarter (flat in input size).
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './generate.mjs';
import { runChild } from './lib/child.mjs';
import { listFiles, removeDir, tempDir, warmPageCache } from './lib/files.mjs';
import { loadLibrary } from './lib/library.mjs';
import { isMain, log, main, target } from './lib/report.mjs';
import { envNumber, fmt, fmtSummary, mapSummary, MIB, summarize } from './lib/stats.mjs';

export const TARGET_RATIO = 1.2;
export const GROWTH_LIMIT = 1.25;

const bytesOf = (files) => files.reduce((sum, f) => sum + statSync(f).size, 0);

/** Converts `inputs` into a fresh JSONL folder (files of at most `fileMb` MiB); returns it with the time taken. */
async function timeConvert(lib, inputs, fileMb = 64) {
  const out = await tempDir('report-jsonl');
  const exporter = new lib.JsonlFileExporter({ path: out, layout: 'directory', maxFileBytes: Math.max(1, Math.round(fileMb * MIB)) });
  const started = performance.now();
  const summary = await lib.convert({ inputs, exporter });
  await exporter.shutdown();
  const ms = performance.now() - started;
  if (summary.exportFailures > 0) throw new Error(`convert reported ${summary.exportFailures} export failures`);
  const files = (await listFiles(out)).filter((f) => f.endsWith('.jsonl'));
  return { ms, out, files, spans: summary.spans };
}

async function timeReport(lib, files) {
  const started = performance.now();
  const result = await lib.report({ inputs: files });
  return { ms: performance.now() - started, result };
}

/** MiB of corpus whose JSONL comes to about `jsonlMb` MiB, from a pilot conversion of 8 MiB. */
async function corpusMbFor(lib, jsonlMb) {
  const pilot = ensureCorpus(8, { log: () => undefined });
  const converted = await timeConvert(lib, pilot.inputs);
  const ratio = bytesOf(converted.files) / pilot.bytes;
  await removeDir(converted.out);
  log(`[report] pilot: ${fmt(pilot.bytes / MIB, 1)} MiB of logs give ${fmt((ratio * pilot.bytes) / MIB, 1)} MiB of JSONL (x${fmt(ratio, 2)})`);
  return Math.max(1, Math.ceil(jsonlMb / ratio));
}

/** In the child: one report of the given files, with its peak RSS. */
async function child(files) {
  const lib = await loadLibrary();
  const started = performance.now();
  const result = await lib.report({ inputs: files });
  return { seconds: (performance.now() - started) / 1000, spans: result.read.spans, resourceMaxRssKiB: process.resourceUsage().maxRSS };
}

async function peakRss(files, runs) {
  const peaks = [];
  for (let i = 0; i < runs; i++) {
    const r = await runChild(fileURLToPath(import.meta.url), ['--child', ...files], { measureRss: true, echo: false });
    peaks.push((r.maxRssKiB ?? r.resourceMaxRssKiB) / 1024);
  }
  return summarize(peaks);
}

export async function runReport({ jsonlMb = envNumber('BENCH_REPORT_MB', 1024), runs = envNumber('BENCH_RUNS', 3) } = {}) {
  const lib = await loadLibrary();
  const corpus = ensureCorpus(await corpusMbFor(lib, jsonlMb));
  await warmPageCache(corpus.allFiles);
  const convertMs = [];
  const reportMs = [];
  let last;
  for (let i = 0; i < runs; i++) {
    if (last) await removeDir(last.out);
    // At least 16 files, so that the first quarter of them is about a quarter of the bytes.
    last = await timeConvert(lib, corpus.inputs, Math.min(64, jsonlMb / 16));
    await warmPageCache(last.files);
    const r = await timeReport(lib, last.files);
    if (r.result.read.spans !== last.spans) throw new Error(`report read ${r.result.read.spans} spans, convert wrote ${last.spans}`);
    convertMs.push(last.ms);
    reportMs.push(r.ms);
    log(`[report] run ${i + 1}/${runs}: convert ${fmt(last.ms / 1000, 2)} s, report ${fmt(r.ms / 1000, 2)} s, ratio ${fmt(r.ms / last.ms, 2)}`);
  }
  if (!last) throw new Error('BENCH_RUNS must be at least 1');
  try {
    const jsonlBytes = bytesOf(last.files);
    const quarter = [];
    for (const f of last.files) if (bytesOf([...quarter, f]) <= jsonlBytes / 4 || quarter.length === 0) quarter.push(f);
    const small = { mib: bytesOf(quarter) / MIB, files: quarter.length, peakRssMiB: await peakRss(quarter, runs) };
    const large = { mib: jsonlBytes / MIB, files: last.files.length, peakRssMiB: await peakRss(last.files, runs) };
    const ratio = summarize(reportMs.map((ms, i) => ms / convertMs[i]));
    const growth = mapSummary(large.peakRssMiB, (v) => v / small.peakRssMiB.median);
    log(`[report] ${fmt(large.mib, 0)} MiB of JSONL (${fmt(last.spans)} spans): report/convert ${fmtSummary(ratio, 2)}; peak RSS ${fmt(small.mib, 0)} MiB: ${fmtSummary(small.peakRssMiB, 1)} MiB, ${fmt(large.mib, 0)} MiB: ${fmtSummary(large.peakRssMiB, 1)} MiB`);
    return {
      jsonl: { mib: large.mib, files: last.files.length, spans: last.spans },
      corpusMib: corpus.bytes / MIB,
      convertSeconds: summarize(convertMs.map((ms) => ms / 1000)),
      reportSeconds: summarize(reportMs.map((ms) => ms / 1000)),
      reportMibPerSecond: summarize(reportMs.map((ms) => large.mib / (ms / 1000))),
      ratio,
      small,
      large,
      growth,
      notes: jsonlMb < 1024 ? [`Run at ${fmt(large.mib, 0)} MiB of JSONL (BENCH_REPORT_MB=${jsonlMb}), not at 1 GiB.`] : [],
      targets: [
        target(`report / convert time (${fmt(large.mib, 0)} MiB of JSONL)`, ratio.median, TARGET_RATIO, 'lower'),
        target(`report peak RSS ${fmt(large.mib, 0)} MiB / ${fmt(small.mib, 0)} MiB of JSONL`, growth.median, GROWTH_LIMIT, 'lower'),
      ],
    };
  } finally {
    await removeDir(last.out);
  }
}

if (isMain(import.meta.url)) {
  const at = process.argv.indexOf('--child');
  if (at !== -1) await main('report-child', () => child(process.argv.slice(at + 1)));
  else await main('report', () => runReport());
}
