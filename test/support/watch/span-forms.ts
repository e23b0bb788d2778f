import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { decodeJsonlLine, type NormalizedSpan } from '../spans/otlp-normalize.js';

/** The spans of a watch's JSONL folder in the order written, and the lines that did not parse. */
export interface WatchOutput {
  spans: NormalizedSpan[];
  /** Lines cut short by a kill (a torn tail, closed by the next run's line break). */
  badLines: number;
}

/**
 * Every span in a JSONL folder, in file and line order. A line a SIGKILL cut
 * short is counted, not fatal: what it held was not recorded as sent, so it
 * is sent again whole.
 */
export function readWatchOutput(folder: string): WatchOutput {
  const out: WatchOutput = { spans: [], badLines: 0 };
  if (!existsSync(folder)) return out;
  // Oldest first: runs within the same second have names that sort by process id, not by time.
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => join(folder, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs || a.localeCompare(b));
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        out.spans.push(...decodeJsonlLine(line));
      } catch {
        out.badLines++;
      }
    }
  }
  return out;
}

/** A session's root (the session's own or a subagent's invoke_agent span): the one span that may be sent again. */
export function isRoot(span: NormalizedSpan): boolean {
  return span.name.startsWith('invoke_agent');
}

/** How the spans a watch sent stand against those convert gives the finished files. */
export interface SpanComparison {
  /** convert's spans the watch never sent. */
  missing: string[];
  /** Spans the watch sent that convert does not give. */
  extra: string[];
  /** Spans whose last form sent differs from convert's. */
  differing: string[];
  /** Spans other than roots sent more than once. */
  repeated: string[];
  /** Roots sent more than once (allowed: a later end). */
  rootsAgain: number;
}

const describeSpan = (s: NormalizedSpan) => `${s.name} ${s.traceId}/${s.spanId}`;

/**
 * Span by span: every span of `expected` is among `sent`, the last form of
 * each equals it, and only roots were sent more than once.
 */
export function compareSpans(sent: readonly NormalizedSpan[], expected: readonly NormalizedSpan[]): SpanComparison {
  const last = new Map<string, NormalizedSpan>();
  const repeated: NormalizedSpan[] = [];
  for (const span of sent) {
    if (last.has(span.spanId)) repeated.push(span);
    last.set(span.spanId, span);
  }
  const want = new Map(expected.map((s) => [s.spanId, s]));
  return {
    missing: expected.filter((s) => !last.has(s.spanId)).map(describeSpan),
    extra: [...last.values()].filter((s) => !want.has(s.spanId)).map(describeSpan),
    differing: expected.filter((s) => last.has(s.spanId) && !isDeepStrictEqual(last.get(s.spanId), s)).map(describeSpan),
    repeated: repeated.filter((s) => !isRoot(s)).map(describeSpan),
    rootsAgain: repeated.filter(isRoot).length,
  };
}

/** True when the watch output holds every expected span in its final form (not yet checked for repeats). */
export function complete(sent: readonly NormalizedSpan[], expected: readonly NormalizedSpan[]): boolean {
  const c = compareSpans(sent, expected);
  return c.missing.length === 0 && c.differing.length === 0;
}
