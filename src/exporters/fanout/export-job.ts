import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { JournalEntry } from './leg-journal.js';

/** A batch an ExportLeg accepted: its spans, who waits for its result, and its journal entry. */
export interface Job {
  spans: ReadableSpan[];
  done: (result: ExportResult) => void;
  entry?: JournalEntry;
  /** Given up on at the shutdown deadline: its result, if it ever comes, only corrects the counts. */
  abandoned?: boolean;
}

/** The next export: the first queued batch, joined by those after it while the spans stay within `maxSpans`. */
export function takeExport(queue: Job[], maxSpans: number): Job[] {
  const jobs = queue.splice(0, 1);
  let spans = jobs[0]?.spans.length ?? 0;
  for (let next = queue[0]; next !== undefined && spans + next.spans.length <= maxSpans; next = queue[0]) {
    jobs.push(next);
    spans += next.spans.length;
    queue.shift();
  }
  return jobs;
}
