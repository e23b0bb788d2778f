#!/usr/bin/env node
/**
 * Watch latency: a Claude Code session of the benchmark corpus is written
 * line by line at a steady rate into a folder that `agent-otel watch` (the
 * CLI, its own process, default settle of 100 ms) follows; for each line that
 * completes a tool call (a tool result) the clock runs from the end of its
 * write until the call's span (found by `gen_ai.tool.call.id`) is read back
 * from the JSONL file, or from the Collector's file exporter output. Two
 * sessions: a new one (its first lines, into a new file) and the end of the
 * longest session of the corpus (all but its last lines written before watch
 * starts, so it is backfilled, then the rest). The baseline is a naive tail
 * (lib/naive-tail.mjs: @parcel/watcher events, read the new bytes, write a
 * span line at once) on the new session, read back the same way.
 *
 *   BENCH_WATCH_LINES   lines written per measurement (default 150)
 *   BENCH_WATCH_RATE    lines per second (default 10)
 *   BENCH_WATCH_RUNS    repetitions (default 3)
 *   BENCH_WATCH_MB      corpus the sessions are taken from (default 128)
 *
 * Targets: p95 line -> span in the JSONL < 1 s; into the Collector < 2 s.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureCorpus } from './generate.mjs';
import { builtCollector, otlpReceiver, startCollector } from './lib/collector.mjs';
import { removeDir, tempDir } from './lib/files.mjs';
import { isMain, log, main, target } from './lib/report.mjs';
import { ToolSpanTail } from './lib/span-tail.mjs';
import { envNumber, fmt, fmtSummary, MIB, percentile, summarize } from './lib/stats.mjs';
import { toolResultIds, toolUses } from './lib/tool-results.mjs';
import { startWatchProcess } from './lib/watch-process.mjs';

export const JSONL_TARGET_MS = 1000;
export const COLLECTOR_TARGET_MS = 2000;
const NAIVE_TAIL = fileURLToPath(new URL('./lib/naive-tail.mjs', import.meta.url));
/** How long after the last write a span may still come before it counts as missing. */
const GRACE_MS = 10_000;

/**
 * The lines of a Claude Code session and its subagent files in the order they
 * were written: merged by the time each record carries (each file keeps its
 * own order). Each `{ file, line }`, `file` relative to the project folder.
 */
function sessionLines(main) {
  const files = [main];
  const subagents = join(main.replace(/\.jsonl$/, ''), 'subagents');
  if (existsSync(subagents)) for (const name of readdirSync(subagents).sort()) files.push(join(subagents, name));
  const all = [];
  for (const file of files) {
    let time = 0;
    for (const line of readFileSync(file, 'utf8').split(/(?<=\n)/)) {
      const stamp = Date.parse(/"timestamp":"([^"]+)"/.exec(line)?.[1] ?? '');
      if (Number.isFinite(stamp)) time = stamp;
      all.push({ file: relative(dirname(main), file), line, time, seq: all.length });
    }
  }
  return all.sort((a, b) => a.time - b.time || a.seq - b.seq).map(({ file, line }) => ({ file, line }));
}

/** The sessions written: a new one (a Claude Code session of 1-4 MiB) and the end of the longest one. */
function pickSessions(corpus, count) {
  const claude = corpus.inputs.filter((f) => f.includes('/claude-code/')).map((f) => ({ file: f, bytes: statSync(f).size }));
  const fresh = claude.find((s) => s.bytes >= 1 * MIB && s.bytes <= 4 * MIB) ?? claude[0];
  const longest = claude.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const freshLines = sessionLines(fresh.file);
  const longLines = sessionLines(longest.file);
  /** @type {Map<string, string>} tool call id -> tool name */
  const names = new Map();
  for (const l of [...freshLines, ...longLines]) for (const [id, name] of toolUses(l.line)) names.set(id, name);
  return {
    names,
    fresh: { file: fresh.file, mib: fresh.bytes / MIB, totalLines: freshLines.length, before: [], written: freshLines.slice(0, count) },
    long: { file: longest.file, mib: longest.bytes / MIB, totalLines: longLines.length, before: longLines.slice(0, -count), written: longLines.slice(-count) },
  };
}

/** Appends lines, each to its file under `folder` (created as needed). */
function appendLines(folder, lines) {
  for (const { file, line } of lines) {
    const path = join(folder, file);
    if (!existsSync(path)) mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, line);
  }
}

/** The naive tail as a child process; resolves once it is subscribed. */
async function startNaiveTail(file, out) {
  const child = spawn(process.execPath, [NAIVE_TAIL, file, out], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk) => chunk.includes('ready') && resolve(undefined));
    child.once('exit', (code) => reject(new Error(`naive tail exited (${code})`)));
  });
  const exit = new Promise((resolve) => child.once('exit', resolve));
  return { stop: async () => (child.kill('SIGTERM'), await exit) };
}

/**
 * One measurement: `session.before` written, the follower started, then
 * `session.written` at `rate` lines/s. `follower` is 'naive', 'jsonl' or
 * 'collector'. Returns, per output read back, the latencies (ms) of the tool
 * calls completed by the lines written, and how many never showed up.
 */
async function measure(session, follower, rate) {
  const work = await tempDir('watch-latency');
  const folder = join(work, 'watched', 'claude-code', 'projects', '-home-dev-bench');
  mkdirSync(folder, { recursive: true });
  appendLines(folder, session.before);
  const out = join(work, 'out');
  /** @type {{ name: string, tail: ToolSpanTail }[]} */
  const outputs = [];
  let collector;
  let stop;
  try {
    if (follower === 'naive') {
      mkdirSync(out);
      const spans = join(out, 'naive.jsonl');
      const tail = await startNaiveTail(folder, spans);
      stop = () => tail.stop();
      outputs.push({ name: 'naive', tail: new ToolSpanTail(spans) });
    } else {
      const args = [];
      if (follower === 'collector') {
        const output = join(work, 'collector-out.jsonl');
        collector = await startCollector({ workDir: work, output, receivers: (ports) => ({ yaml: otlpReceiver(ports), names: ['otlp'] }) });
        args.push('--endpoint', collector.url);
        outputs.push({ name: 'collector', tail: new ToolSpanTail(output) });
      }
      const watcher = startWatchProcess({ inputs: [join(work, 'watched')], out, state: join(work, 'state'), args });
      await watcher.ready;
      stop = async () => {
        const { code } = await watcher.stop();
        if (code !== 0) throw new Error(`agent-otel watch exited with ${code}:\n${watcher.stderr().slice(-2000)}`);
      };
      outputs.push({ name: 'jsonl', tail: new ToolSpanTail(out, { dir: true }) });
    }
    for (const o of outputs) o.tail.start();
    /** @type {Map<string, number>} */
    const written = new Map();
    const period = 1000 / rate;
    const t0 = performance.now();
    for (let i = 0; i < session.written.length; i++) {
      const wait = t0 + i * period - performance.now();
      if (wait > 0) await sleep(wait);
      appendLines(folder, [session.written[i]]);
      const at = performance.now();
      for (const id of toolResultIds(session.written[i].line)) written.set(id, at);
    }
    const deadline = performance.now() + GRACE_MS;
    while (performance.now() < deadline && outputs.some((o) => [...written.keys()].some((id) => !o.tail.seen.has(id)))) await sleep(50);
    for (const o of outputs) await o.tail.stop();
    /** @type {Record<string, { latencies: number[], missing: number, missingIds: string[] }>} */
    const result = {};
    for (const o of outputs) {
      const latencies = [];
      const missingIds = [];
      for (const [id, at] of written) {
        const seen = o.tail.seen.get(id);
        if (seen === undefined) missingIds.push(id);
        else latencies.push(seen - at);
      }
      result[o.name] = { latencies, missing: missingIds.length, missingIds };
    }
    return result;
  } finally {
    await stop?.();
    await collector?.stop();
    await removeDir(work);
  }
}

/** Per-run p95 and p50 (median and range over the runs), pooled p95, max, and spans missing (by tool name). */
function figures(runs, names) {
  /** @type {Record<string, number>} */
  const missingTools = {};
  for (const id of runs.flatMap((r) => r.missingIds)) {
    const tool = names.get(id) ?? 'unknown';
    missingTools[tool] = (missingTools[tool] ?? 0) + 1;
  }
  const pooled = runs.flatMap((r) => r.latencies);
  return {
    p95: summarize(runs.map((r) => percentile(r.latencies, 95))),
    p50: summarize(runs.map((r) => percentile(r.latencies, 50))),
    pooledP95: percentile(pooled, 95),
    max: Math.max(...pooled),
    samples: pooled.length,
    missing: runs.reduce((n, r) => n + r.missing, 0),
    missingTools,
  };
}

export async function runWatchLatency({
  count = envNumber('BENCH_WATCH_LINES', 150),
  rate = envNumber('BENCH_WATCH_RATE', 10),
  runs = envNumber('BENCH_WATCH_RUNS', 3),
  mb = envNumber('BENCH_WATCH_MB', 128),
} = {}) {
  const sessions = pickSessions(ensureCorpus(mb), count);
  const hasCollector = builtCollector() !== undefined;
  if (!hasCollector) log('[watch-latency] the Collector is not built (npm run backends): the Collector latency is not measured');
  const { names, ...written } = sessions;
  for (const [name, s] of Object.entries(written)) {
    log(`[watch-latency] ${name} session: ${fmt(s.mib, 2)} MiB, ${fmt(s.totalLines)} lines; ${fmt(s.before.length)} written before watch starts, ${fmt(s.written.length)} at ${rate} lines/s (${s.written.filter((l) => toolResultIds(l.line).length > 0).length} complete a tool call)`);
  }
  /** @type {Record<string, { latencies: number[], missing: number, missingIds: string[] }[]>} */
  const raw = {};
  const add = (key, r) => (raw[key] ??= []).push(r);
  const plan = [
    ['naive', 'fresh'],
    ['jsonl', 'fresh'],
    ['jsonl', 'long'],
    ...(hasCollector ? [['collector', 'fresh'], ['collector', 'long']] : []),
  ];
  for (let run = 1; run <= runs; run++) {
    for (const [follower, name] of plan) {
      const result = await measure(sessions[name], follower, rate);
      for (const [output, r] of Object.entries(result)) {
        const key = follower === output ? `${output}:${name}` : `${output}-with-otlp:${name}`;
        add(key, r);
        log(`[watch-latency] run ${run}/${runs} ${key}: p50 ${fmt(percentile(r.latencies, 50), 0)} ms, p95 ${fmt(percentile(r.latencies, 95), 0)} ms, max ${fmt(Math.max(...r.latencies), 0)} ms (${r.latencies.length} spans${r.missing ? `, ${r.missing} MISSING: ${r.missingIds.map((id) => `${id} (${names.get(id)})`).join(' ')}` : ''})`);
      }
    }
  }
  /** @type {Record<string, ReturnType<typeof figures>>} */
  const results = {};
  for (const [key, list] of Object.entries(raw)) results[key] = figures(list, names);
  const targets = [
    target('p95 line -> span in the JSONL, new session (ms)', results['jsonl:fresh'].p95.median, JSONL_TARGET_MS, 'lower'),
    target(`p95 line -> span in the JSONL, end of a ${fmt(sessions.long.mib, 1)} MiB session (ms)`, results['jsonl:long'].p95.median, JSONL_TARGET_MS, 'lower'),
  ];
  if (hasCollector) {
    targets.push(
      target('p95 line -> span in the Collector output, new session (ms)', results['collector:fresh'].p95.median, COLLECTOR_TARGET_MS, 'lower'),
      target(`p95 line -> span in the Collector output, end of a ${fmt(sessions.long.mib, 1)} MiB session (ms)`, results['collector:long'].p95.median, COLLECTOR_TARGET_MS, 'lower'),
    );
  }
  const watched = Object.entries(results).filter(([key]) => !key.startsWith('naive'));
  const missing = watched.reduce((n, [, r]) => n + r.missing, 0);
  targets.push(target('tool calls whose span was not out 10 s after the last write (all outputs, all runs)', missing, 0, 'lower'));
  const missedTools = watched.flatMap(([key, r]) => Object.entries(r.missingTools).map(([tool, n]) => `${n} ${tool} in ${key}`));
  for (const [key, r] of Object.entries(results)) log(`[watch-latency] ${key}: p95 ${fmtSummary(r.p95, 0, ' ms')}, p50 ${fmtSummary(r.p50, 0, ' ms')}, pooled p95 ${fmt(r.pooledP95, 0)} ms, max ${fmt(r.max, 0)} ms`);
  return {
    rate,
    runs,
    sessions: Object.fromEntries(Object.entries(written).map(([k, s]) => [k, { mib: s.mib, totalLines: s.totalLines, before: s.before.length, written: s.written.length }])),
    collector: hasCollector,
    results,
    notes: [
      ...(missedTools.length > 0
        ? [`Tool calls whose span watch had not sent 10 s after the last line was written, though their result was written: ${missedTools.join(', ')}. They are left out of the latencies; when watch does send them (at the end of the session, or after --session-idle, by its design) is not measured here.`]
        : []),
      ...(hasCollector ? [] : ['The Collector is not built here (`npm run backends`): the latency into the Collector was not measured.']),
      'Each figure is the p95 of one run (median and range over the runs); "pooled" is the p95 of all runs\' samples together. ' +
        'The clock starts when the write of the line returns and stops after the read that finds the span (outputs are read every 10 ms).',
      `The latency includes watch's settle (100 ms: changes are gathered that long before mapping)${hasCollector ? " and, for the Collector, its file exporter's flush interval (100 ms)" : ''}. ` +
        'On each change watch maps the unit again from the start of its files (the ledger sends only what is new), so the latency grows with the length of the session: ' +
        'hence the second session, the end of the longest one.',
      'The session file and its subagent files are written in the order of the times their records carry; a "line" is one line of either.',
    ],
    targets,
  };
}

if (isMain(import.meta.url)) await main('watch-latency', () => runWatchLatency());
