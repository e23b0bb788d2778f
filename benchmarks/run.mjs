#!/usr/bin/env node
/**
 * Runs every benchmark (or those named: `npm run bench -- convert replay`),
 * each in its own process, prints a table and writes BENCHMARKS.md at the
 * repository root with the figures of this run.
 *
 *   BENCH_SKIP_BUILD=1   measure dist/ as it is (default: `npm run build` first)
 *   BENCH_NO_WRITE=1     print only, leave BENCHMARKS.md alone
 *   plus each benchmark's own variables (see the top of each script).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCorpus } from './generate.mjs';
import { runChild } from './lib/child.mjs';
import { REPO } from './lib/library.mjs';
import { machine } from './lib/machine.mjs';
import { markdown } from './lib/markdown.mjs';
import { describe, fmtTarget, verdict } from './lib/rows.mjs';
import { envNumber, fmt } from './lib/stats.mjs';

const BENCHMARKS = ['convert', 'memory', 'live-overhead', 'replay', 'sustained'];

function table(rows) {
  const cols = ['figure', 'agent', 'baseline', 'ratio'];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (r) => cols.map((c, i) => String(r[c]).padEnd(width[i])).join(' | ');
  return [line({ figure: 'figure', agent: 'agent-otel', baseline: 'baseline', ratio: 'ratio' }), width.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

async function main() {
  const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : BENCHMARKS;
  for (const name of chosen) if (!BENCHMARKS.includes(name)) throw new Error(`unknown benchmark ${name}; known: ${BENCHMARKS.join(', ')}`);
  const started = Date.now();
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    console.log('[bench] npm run build');
    const built = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  const host = machine();
  console.log(`[bench] ${host.cpu}, ${host.cores} cores, ${fmt(host.memoryGiB, 1)} GiB, Node ${host.node}, load ${host.loadAverage.map((l) => l.toFixed(2)).join(' ')}`);
  // The corpus is generated once, up front, so no benchmark times it.
  ensureCorpus(Math.max(envNumber('BENCH_CONVERT_MB', 512), envNumber('BENCH_MEMORY_LARGE_MB', 1024), envNumber('BENCH_REPLAY_MB', 256)));

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
      rows.push({ figure: `${name}: FAILED`, agent: r.error.split('\n')[0].slice(0, 120), baseline: '', ratio: '' });
      continue;
    }
    rows.push(...describe[name](r));
    for (const t of r.targets ?? []) targets.push({ benchmark: name, ...t });
  }
  console.log(`\n${table(rows)}\n`);
  for (const t of targets) console.log(`[${t.met ? 'met' : 'MISSED'}] ${t.benchmark}: ${fmtTarget(t)} ${t.met ? '' : `— ${verdict(t)}`}`);
  const totalSeconds = (Date.now() - started) / 1000;
  console.log(`\n[bench] done in ${fmt(totalSeconds / 60, 1)} min`);
  if (process.env.BENCH_NO_WRITE !== '1') {
    writeFileSync(join(REPO, 'BENCHMARKS.md'), markdown({ host, results, chosen, rows, targets, totalSeconds }));
    console.log('[bench] wrote BENCHMARKS.md');
  }
  // Missed targets are figures, not failures; a benchmark that could not complete is.
  if (Object.values(results).some((r) => r.error)) process.exitCode = 1;
}

await main();
