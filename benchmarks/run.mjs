#!/usr/bin/env node
/**
 * Runs every benchmark (or those named: `npm run bench -- convert replay`;
 * `watch` names the watch benchmarks), each in its own process, prints a
 * table and writes BENCHMARKS.md at the repository root with the figures of
 * this run. A run of the watch benchmarks alone rewrites only the watch
 * section; a run without them keeps the watch section the file has.
 *
 *   BENCH_SKIP_BUILD=1   measure dist/ as it is (default: `npm run build` first)
 *   BENCH_NO_WRITE=1     print only, leave BENCHMARKS.md alone
 *   plus each benchmark's own variables (see the top of each script).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ensureCorpus } from './generate.mjs';
import { ensureOpenCodeDb } from './gen/opencode-db.mjs';
import { runChild } from './lib/child.mjs';
import { REPO } from './lib/library.mjs';
import { machine } from './lib/machine.mjs';
import { markdown } from './lib/markdown.mjs';
import { describe, fmtTarget, verdict } from './lib/rows.mjs';
import { ensureSessionTree } from './lib/session-tree.mjs';
import { envNumber, fmt } from './lib/stats.mjs';
import { describeWatch, WATCH_BENCHMARKS } from './lib/watch-rows.mjs';
import { findWatchSection, watchSection, withWatchSection } from './lib/watch-markdown.mjs';

const BENCHMARKS = ['convert', 'memory', 'opencode-sqlite', 'live-overhead', 'replay', 'sustained', 'report', ...WATCH_BENCHMARKS];
const GROUPS = { watch: WATCH_BENCHMARKS };
const DESCRIBE = { ...describe, ...describeWatch };

/** The corpus (MiB) and the session trees (files) the chosen benchmarks read, made before any is timed. */
function prepareInputs(chosen) {
  const mb = [];
  if (chosen.includes('convert')) mb.push(envNumber('BENCH_CONVERT_MB', 512));
  if (chosen.includes('memory')) mb.push(envNumber('BENCH_MEMORY_LARGE_MB', 1024));
  if (chosen.includes('replay')) mb.push(envNumber('BENCH_REPLAY_MB', 256));
  // The report benchmark sizes its corpus from a pilot conversion of 8 MiB, and makes it itself.
  if (chosen.includes('report')) mb.push(8);
  if (chosen.includes('watch-latency')) mb.push(envNumber('BENCH_WATCH_MB', 128));
  if (chosen.includes('watch-backfill')) mb.push(envNumber('BENCH_WATCH_BACKFILL_MB', 128));
  if (mb.length > 0) ensureCorpus(Math.max(...mb));
  if (chosen.includes('opencode-sqlite')) {
    ensureOpenCodeDb(envNumber('BENCH_OPENCODE_SMALL_MB', 64));
    ensureOpenCodeDb(envNumber('BENCH_OPENCODE_MB', 1024));
  }
  if (chosen.includes('watch-idle')) ensureSessionTree(envNumber('BENCH_WATCH_IDLE_FILES', 10_000));
  if (chosen.includes('watch-backfill')) {
    const n = envNumber('BENCH_WATCH_MEMORY_FILES', 1000);
    ensureSessionTree(n);
    ensureSessionTree(10 * n);
  }
}

function table(rows) {
  const cols = ['figure', 'agent', 'baseline', 'ratio'];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (r) => cols.map((c, i) => String(r[c]).padEnd(width[i])).join(' | ');
  return [line({ figure: 'figure', agent: 'agent-otel', baseline: 'baseline', ratio: 'ratio' }), width.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

async function main() {
  const named = process.argv.slice(2).flatMap((name) => GROUPS[name] ?? [name]);
  const chosen = named.length > 0 ? [...new Set(named)] : BENCHMARKS;
  for (const name of chosen) if (!BENCHMARKS.includes(name)) throw new Error(`unknown benchmark ${name}; known: ${BENCHMARKS.join(', ')}, or watch for ${WATCH_BENCHMARKS.join(', ')}`);
  const started = Date.now();
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    console.log('[bench] npm run build');
    const built = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  const host = machine();
  console.log(`[bench] ${host.cpu}, ${host.cores} cores, ${fmt(host.memoryGiB, 1)} GiB, Node ${host.node}, load ${host.loadAverage.map((l) => l.toFixed(2)).join(' ')}`);
  // The corpus and the session trees are generated once, up front, so no benchmark times them.
  prepareInputs(chosen);

  const results = {};
  for (const name of chosen) {
    const t = Date.now();
    console.log(`\n[bench] ${name}`);
    try {
      results[name] = await runChild(join(REPO, 'benchmarks', `${name}.mjs`));
      results[name].wallSeconds = (Date.now() - t) / 1000;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[bench] ${name} failed: ${message}`);
      results[name] = { name, error: message };
    }
  }

  const rows = [];
  const targets = [];
  for (const name of chosen) {
    const r = results[name];
    if (r.error) {
      rows.push({ benchmark: name, figure: `${name}: FAILED`, agent: r.error.split('\n')[0].slice(0, 120), baseline: '', ratio: '' });
      continue;
    }
    rows.push(...DESCRIBE[name](r).map((row) => ({ ...row, benchmark: name })));
    for (const t of r.targets ?? []) targets.push({ benchmark: name, ...t });
  }
  console.log(`\n${table(rows)}\n`);
  for (const t of targets) console.log(`[${t.met ? 'met' : 'MISSED'}] ${t.benchmark}: ${fmtTarget(t)} ${t.met ? '' : `— ${verdict(t)}`}`);
  const totalSeconds = (Date.now() - started) / 1000;
  console.log(`\n[bench] done in ${fmt(totalSeconds / 60, 1)} min`);
  if (process.env.BENCH_NO_WRITE !== '1') writeReport({ host, results, chosen, rows, targets, totalSeconds });
  // Missed targets are figures, not failures; a benchmark that could not complete is.
  if (Object.values(results).some((r) => r.error)) process.exitCode = 1;
}

/** BENCHMARKS.md: the watch section alone after a run of the watch benchmarks alone, else the whole file (keeping the watch section it had when they did not run). */
function writeReport({ host, results, chosen, rows, targets, totalSeconds }) {
  const file = join(REPO, 'BENCHMARKS.md');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const isWatch = (name) => WATCH_BENCHMARKS.includes(name);
  const watched = chosen.filter(isWatch);
  const section = watched.length > 0
    ? watchSection({ host, results, chosen: watched, rows: rows.filter((r) => isWatch(r.benchmark)), targets: targets.filter((t) => isWatch(t.benchmark)), seconds: totalSeconds, loadAtEnd: loadavg() })
    : findWatchSection(existing);
  const others = chosen.filter((name) => !isWatch(name));
  let text;
  if (others.length === 0 && existing !== '') text = withWatchSection(existing, /** @type {string} */ (section));
  else {
    text = markdown({ host, results, chosen: others, rows: rows.filter((r) => !isWatch(r.benchmark)), targets: targets.filter((t) => !isWatch(t.benchmark)), totalSeconds });
    if (section) text = withWatchSection(text, section);
  }
  writeFileSync(file, withViewFigures(existing, text));
  console.log(`[bench] wrote ${others.length === 0 ? 'the watch section of ' : ''}BENCHMARKS.md`);
}

const VIEW_BEGIN = '<!-- view figures: begin -->';
const VIEW_END = '<!-- view figures: end -->';

/** `text` with the view section of `existing` kept (measured by test/e2e/view-chromium.test.ts in a browser, not by this runner). */
function withViewFigures(existing, text) {
  const from = existing.indexOf(VIEW_BEGIN);
  const to = existing.indexOf(VIEW_END);
  if (from === -1 || to < from || text.includes(VIEW_BEGIN)) return text;
  const section = existing.slice(from, to + VIEW_END.length);
  const running = text.indexOf('\n## Running');
  return running === -1 ? `${text.trimEnd()}\n\n${section}\n` : `${text.slice(0, running + 1)}${section}\n\n${text.slice(running + 1)}`;
}

await main();
