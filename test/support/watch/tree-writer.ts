import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The files of a tree, sorted, with their paths relative to it. */
export function listTree(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else out.push(relative(root, path));
    }
  };
  visit(root);
  return out;
}

/** A small seeded generator (mulberry32): the same seed writes the same way. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WriteOptions {
  random: () => number;
  /** Lines written per step (default 1); a step ends with a pause. */
  linesPerStep?: number;
  /** Milliseconds of the pause after a step (default 15). */
  pauseMs?: number;
  /** Share of steps whose last line is written in two parts with a pause between (default 0.3). */
  splitShare?: number;
  /** Only these files (relative paths), in this order; default the whole tree sorted. */
  files?: readonly string[];
  /** Called after each step with the steps done and the steps in all; the writing waits for it. */
  afterStep?: (done: number, total: number) => void | Promise<void>;
}

/** One write of the plan: a JSON document whole, or a run of lines of a JSON Lines file. */
interface Step {
  file: string;
  chunks: Buffer[];
}

/** The time a record says it was written (timestamp, time, ts), in ms; undefined when it says none. */
function recordTime(line: Buffer): number | undefined {
  try {
    const value = JSON.parse(line.toString('utf8')) as Record<string, unknown>;
    for (const key of ['timestamp', 'time', 'ts', 'created_at']) {
      const v = value?.[key];
      if (typeof v === 'number') return v > 1e12 ? v : v * 1000;
      if (typeof v === 'string' && Number.isFinite(Date.parse(v))) return Date.parse(v);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * The order an agent wrote the tree in: JSON documents first, then the lines
 * of every JSON Lines file merged by the time their records carry (a line
 * with none keeps the time of the line before it, each file keeps its own
 * order), `per` lines of a file to a step.
 */
function writePlan(from: string, files: readonly string[], per: number): Step[] {
  const docs: Step[] = [];
  const timed: { time: number; file: string; seq: number; line: Buffer }[] = [];
  let seq = 0;
  for (const file of files) {
    const text = readFileSync(join(from, file));
    if (!file.endsWith('.jsonl')) {
      docs.push({ file, chunks: [text] });
      continue;
    }
    const lines = splitKeepingBreaks(text);
    const times = lines.map(recordTime);
    // Lines before the first timed one go with it; later untimed lines keep the time of the line before.
    let last = times.find((t) => t !== undefined) ?? 0;
    for (const [i, line] of lines.entries()) {
      last = times[i] ?? last;
      timed.push({ time: last, file, seq: seq++, line });
    }
    if (text.length === 0) docs.push({ file, chunks: [] });
  }
  timed.sort((a, b) => a.time - b.time || a.seq - b.seq);
  const steps: Step[] = [...docs];
  for (const t of timed) {
    const prev = steps.at(-1);
    if (prev && prev.file === t.file && prev.chunks.length < per && steps.length > docs.length) prev.chunks.push(t.line);
    else steps.push({ file: t.file, chunks: [t.line] });
  }
  return steps;
}

/**
 * Writes the files of `from` into `to` as agents would: JSON documents whole
 * (as agents rewrite them), JSON Lines appended line by line in the order of
 * their records' times across files (a subagent's lines while its parent
 * waits), a line now and then in two writes with a pause in the middle.
 * Returns the relative paths written.
 */
export async function writeTreeSlowly(from: string, to: string, options: WriteOptions): Promise<string[]> {
  const files = options.files ?? listTree(from);
  const pause = options.pauseMs ?? 15;
  const started = new Set<string>();
  const plan = writePlan(from, files, options.linesPerStep ?? 1);
  let done = 0;
  for (const step of plan) {
    const target = join(to, step.file);
    if (!started.has(step.file)) {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, '');
      started.add(step.file);
    }
    const chunks = [...step.chunks];
    const last = chunks.pop();
    if (chunks.length > 0) appendFileSync(target, Buffer.concat(chunks));
    if (last && options.random() < (options.splitShare ?? 0.3) && last.length > 1) {
      const cut = 1 + Math.floor(options.random() * (last.length - 1));
      appendFileSync(target, last.subarray(0, cut));
      await sleep(pause * 2);
      appendFileSync(target, last.subarray(cut));
    } else if (last) appendFileSync(target, last);
    await sleep(pause);
    await options.afterStep?.(++done, plan.length);
  }
  return [...files];
}

/** The lines of a buffer, each with its line break (the last may have none). */
function splitKeepingBreaks(text: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (let nl = text.indexOf(0x0a); nl !== -1; nl = text.indexOf(0x0a, from)) {
    out.push(text.subarray(from, nl + 1));
    from = nl + 1;
  }
  if (from < text.length) out.push(text.subarray(from));
  return out;
}
