#!/usr/bin/env node
/**
 * OpenCode SQLite: peak RSS and time of a fresh process converting a
 * generated `opencode.db` to JSONL, with the adapter's reader
 * (node-sqlite3-wasm: the file read a page at a time) against the reader it
 * had before (sql.js: the whole file loaded into WebAssembly memory; a copy
 * in lib/sqljs-opencode.mjs, skipped when sql.js is not installed), at a
 * small and a large size. The two readers run alternately; peak RSS is the
 * kernel's (`/usr/bin/time -v`). One more run of each reads the adapter's
 * events only (no mapper, no output): what the reader itself costs.
 *
 *   BENCH_OPENCODE_SMALL_MB   default 64 (MiB)
 *   BENCH_OPENCODE_MB         default 1024 (MiB)
 *   BENCH_OPENCODE_RUNS       runs of each reader at each size (default 2)
 *
 * Target: peak RSS converting the large database < 256 MiB (the memory
 * benchmark's limit).
 */
import { fileURLToPath } from 'node:url';
import { ensureOpenCodeDb } from './gen/opencode-db.mjs';
import { runChild } from './lib/child.mjs';
import { removeDir, tempDir } from './lib/files.mjs';
import { loadLibrary } from './lib/library.mjs';
import { isMain, log, main, target } from './lib/report.mjs';
import { sqlJsOpenCodeAdapter } from './lib/sqljs-opencode.mjs';
import { envNumber, fmt, fmtSummary, mapSummary, MIB, summarize } from './lib/stats.mjs';
import { RSS_LIMIT_MIB } from './memory.mjs';

export const READERS = ['node-sqlite3-wasm', 'sql.js'];

/** In the child: one conversion of the database with one reader (with `readOnly`, the adapter's events only: no mapper, no output). */
async function child(mb, reader, readOnly) {
  const lib = await loadLibrary();
  const db = ensureOpenCodeDb(mb, { log: () => undefined });
  const adapters = [];
  if (reader === 'sql.js') {
    const baseline = await sqlJsOpenCodeAdapter();
    if (!baseline) return { skipped: 'sql.js is not installed' };
    adapters.push(baseline);
  }
  if (readOnly) {
    const adapter = adapters[0] ?? lib.adapterFor('opencode');
    if (!adapter) throw new Error('the built library has no opencode adapter');
    const started = performance.now();
    let events = 0;
    const unit = { format: 'opencode', label: db.file, files: [db.file], hints: { kind: 'sqlite' } };
    for await (const _ of adapter.read(unit, { warn: () => undefined })) events++;
    return { seconds: (performance.now() - started) / 1000, events, resourceMaxRssKiB: process.resourceUsage().maxRSS };
  }
  const out = await tempDir('opencode');
  try {
    const exporter = new lib.JsonlFileExporter({ path: out, layout: 'directory' });
    const started = performance.now();
    const summary = await lib.convert({ inputs: [db.file], exporter, adapters });
    await exporter.shutdown();
    return { seconds: (performance.now() - started) / 1000, spans: summary.spans, warnings: summary.warnings, resourceMaxRssKiB: process.resourceUsage().maxRSS };
  } finally {
    await removeDir(out);
  }
}

/** Both readers at one size, alternately: per reader, peak RSS (MiB) and seconds. */
async function measure(mb, runs) {
  const { file, bytes } = ensureOpenCodeDb(mb);
  /** @type {Record<string, { peaks: number[], seconds: number[], spans: number, warnings: number }>} */
  const by = Object.fromEntries(READERS.map((r) => [r, { peaks: [], seconds: [], spans: 0, warnings: 0 }]));
  const skipped = {};
  for (let i = 0; i < runs; i++) {
    for (const reader of READERS) {
      if (skipped[reader]) continue;
      const r = await runChild(fileURLToPath(import.meta.url), ['--child', String(mb), reader], { measureRss: true, echo: false });
      if (r.skipped) {
        skipped[reader] = r.skipped;
        log(`[opencode-sqlite] ${reader}: skipped (${r.skipped})`);
        continue;
      }
      const kib = r.maxRssKiB ?? r.resourceMaxRssKiB;
      Object.assign(by[reader], { spans: r.spans, warnings: r.warnings });
      by[reader].peaks.push(kib / 1024);
      by[reader].seconds.push(r.seconds);
      log(`[opencode-sqlite] ${fmt(bytes / MIB, 0)} MiB, ${reader}: peak RSS ${fmt(kib / 1024, 1)} MiB, ${fmt(r.seconds, 1)} s, ${fmt(r.spans)} spans, ${fmt(r.warnings)} warnings`);
    }
  }
  const readers = {};
  for (const reader of READERS) {
    if (skipped[reader]) {
      readers[reader] = { skipped: skipped[reader] };
      continue;
    }
    // Once more, the reader alone: what the store costs, apart from the mapper and the output.
    const alone = await runChild(fileURLToPath(import.meta.url), ['--child', String(mb), reader, '--read-only'], { measureRss: true, echo: false });
    const aloneMiB = (alone.maxRssKiB ?? alone.resourceMaxRssKiB) / 1024;
    log(`[opencode-sqlite] ${fmt(bytes / MIB, 0)} MiB, ${reader} alone (events only): peak RSS ${fmt(aloneMiB, 1)} MiB, ${fmt(alone.seconds, 1)} s, ${fmt(alone.events)} events`);
    readers[reader] = {
      peakRssMiB: summarize(by[reader].peaks),
      seconds: summarize(by[reader].seconds),
      spans: by[reader].spans,
      warnings: by[reader].warnings,
      alone: { peakRssMiB: aloneMiB, seconds: alone.seconds, events: alone.events },
    };
  }
  return { file, mib: bytes / MIB, readers };
}

/** New reader / old reader, per run pair: undefined when the baseline did not run. */
function ratios(size, key) {
  const [now, before] = READERS.map((r) => size.readers[r]);
  if (!now[key] || !before[key]) return undefined;
  return mapSummary(now[key], (v) => v / before[key].median);
}

export async function runOpenCodeSqlite({
  smallMb = envNumber('BENCH_OPENCODE_SMALL_MB', 64),
  largeMb = envNumber('BENCH_OPENCODE_MB', 1024),
  runs = envNumber('BENCH_OPENCODE_RUNS', 2),
} = {}) {
  ensureOpenCodeDb(smallMb);
  ensureOpenCodeDb(largeMb); // made once here, not inside a measured child
  const sizes = [await measure(smallMb, runs), await measure(largeMb, runs)];
  const result = sizes.map((size) => ({ ...size, rssRatio: ratios(size, 'peakRssMiB'), timeRatio: ratios(size, 'seconds') }));
  for (const size of result) {
    for (const reader of READERS) {
      const r = size.readers[reader];
      if (r.skipped) continue;
      log(`[opencode-sqlite] ${fmt(size.mib, 0)} MiB, ${reader}: peak RSS ${fmtSummary(r.peakRssMiB, 1, ' MiB')}, ${fmtSummary(r.seconds, 1, ' s')}`);
    }
  }
  const large = result[1];
  return {
    sizes: result,
    notes: [
      'Both readers feed the same adapter code (`storeEvents`, the mapper, the JSONL exporter); only the store differs. ' +
        'The database is generated by benchmarks/gen/opencode-db.mjs with OpenCode\'s tables and indexes and kept in the OS temp folder.',
    ],
    targets: [target(`peak RSS converting a ${fmt(large.mib, 0)} MiB opencode.db (MiB)`, large.readers[READERS[0]].peakRssMiB.median, RSS_LIMIT_MIB, 'lower')],
  };
}

if (isMain(import.meta.url)) {
  const at = process.argv.indexOf('--child');
  if (at !== -1) await main('opencode-sqlite-child', () => child(Number(process.argv[at + 1]), process.argv[at + 2], process.argv.includes('--read-only')));
  else await main('opencode-sqlite', () => runOpenCodeSqlite());
}
