import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readIfExists } from '../backends/backends.js';
import { decodeJsonlLine, type NormalizedSpan } from '../spans/otlp-normalize.js';

/** The spans of OTLP JSON Lines text; a line that does not decode (a torn last line) gives none. */
function spansInText(text: string): NormalizedSpan[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return decodeJsonlLine(line);
      } catch {
        return [];
      }
    });
}

/** The spans of an OTLP JSON Lines file (the Collector file exporter's output, or ours); none when it does not exist. */
export async function spansInFile(file: string): Promise<NormalizedSpan[]> {
  return spansInText(await readIfExists(file));
}

/** The spans of every `*.jsonl` file directly in `dir` (agent-otel's JSONL output folder; pending/ not included). */
export function spansInFolder(dir: string): NormalizedSpan[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((name) => name.endsWith('.jsonl')).flatMap((name) => spansInText(readFileSync(join(dir, name), 'utf8')));
}

/** Polls a Collector output file until it holds `count` spans (bounded), then returns them. */
export async function waitForSpansInFile(file: string, count: number, timeoutMs = 30_000): Promise<NormalizedSpan[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const spans = await spansInFile(file);
    if (new Set(spans.map((s) => s.spanId)).size >= count || Date.now() > deadline) return spans;
    await sleep(200);
  }
}

/** Spans still in a pending folder (pending and in-flight files). */
export function pendingSpans(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  return names.filter((name) => /\.jsonl(\.inflight)?$/.test(name)).flatMap((name) => spansInText(readFileSync(join(dir, name), 'utf8'))).length;
}

export interface FaultFigures {
  /** Spans the mapper made. */
  produced: number;
  /** Spans in the JSONL output. */
  jsonl: number;
  /** Distinct spans at the collector after recovery. */
  collector: number;
  /** Spans the collector received more than once. */
  duplicates: number;
  /** Spans left in the pending folder after recovery. */
  pending: number;
  [extra: string]: number;
}

/** Counts what reached the collector: distinct span ids, and how many arrived twice. */
export function collectorCounts(spans: readonly NormalizedSpan[]): { collector: number; duplicates: number } {
  const distinct = new Set(spans.map((s) => `${s.traceId}/${s.spanId}`)).size;
  return { collector: distinct, duplicates: spans.length - distinct };
}

/** One line of figures per scenario, for the issue note: `fault <name>: produced=... jsonl=... ...`. */
export function reportFault(name: string, figures: FaultFigures): void {
  console.log(`fault ${name}: ${Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}
