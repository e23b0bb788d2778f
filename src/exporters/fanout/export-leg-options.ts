import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Env } from '../../config/env.js';
import type { LegJournal } from './leg-journal.js';

/**
 * An exporter that wants to know when its leg starts shutting down, so that
 * it stops retrying what cannot succeed soon (an endpoint refusing
 * connections): that fails at once and is left pending, instead of holding
 * the shutdown up to its deadline.
 */
export interface ShutdownAwareExporter extends SpanExporter {
  beginShutdown(): void;
}

export function isShutdownAware(exporter: SpanExporter): exporter is ShutdownAwareExporter {
  return typeof (exporter as Partial<ShutdownAwareExporter>).beginShutdown === 'function';
}

/** What a leg does with a batch when its queue is full. */
export type OverflowPolicy = 'drop' | 'block';

export interface ExportLegOptions {
  /** Names the leg in stats and errors (`otlp`, `jsonl`). */
  name: string;
  exporter: SpanExporter;
  /** Spans queued or in flight at most. Default: OTEL_BSP_MAX_QUEUE_SIZE, then 2048. */
  maxQueueSpans?: number;
  /**
   * `drop` (default): a batch that does not fit is counted as dropped and
   * reported FAILED at once. `block`: it waits for room, so nothing is ever
   * dropped and the caller's result callback is simply later.
   */
  whenFull?: OverflowPolicy;
  /**
   * Hands every batch to the exporter at once, in the caller's turn, with no
   * queue (so `maxQueueSpans` and `whenFull` do not apply and nothing is ever
   * dropped). For an exporter that takes a batch synchronously and bounds its
   * own memory, such as the JSONL file exporter (it writes on the caller's
   * stack when its buffer is full, and on process exit). Default false.
   */
  passThrough?: boolean;
  /** Deadline of one batch; an exporter that never calls back fails after it. Default: OTEL_BSP_EXPORT_TIMEOUT, then 30000. */
  exportTimeoutMillis?: number;
  /**
   * Keeps every batch on disk from the moment the leg accepts it until it is
   * delivered, so that what fails, times out, is dropped, is still queued at
   * the shutdown deadline or is in flight when the process dies can be
   * delivered later. Shut down with the leg.
   */
  journal?: LegJournal;
  /**
   * How long `shutdown()` waits for queued batches before it gives up on them
   * (they stay in the journal) and shuts the exporter down. Default: no limit.
   */
  shutdownTimeoutMillis?: number;
  /**
   * Batches exported at the same time at most. Default 1: one batch at a
   * time, in order, as the SDK's processors do. More lets a leg whose
   * exporter waits on the network keep up with a higher rate; batches may
   * then be delivered out of order.
   */
  maxConcurrentExports?: number;
  /**
   * Queued batches are joined into one export of up to this many spans (a
   * batch larger than that goes alone), so that a burst of small batches
   * becomes a few larger requests: fewer round trips for an endpoint such as
   * the Collector, which handles a larger request for little more than a
   * small one. Each batch still has its own result and journal entry.
   * Default 0: one batch per export, as handed over.
   */
  maxExportSpans?: number;
  /**
   * With a journal: `submit` resolves SUCCESS as soon as the batch is in the
   * journal (queued, or kept as dropped when the queue is full), not when it
   * is delivered, so the caller never waits on this leg's destination. What
   * is not delivered stays pending; the leg's stats and the journal's say how
   * much. Default false.
   */
  settleOnJournal?: boolean;
  /** Environment to read instead of `process.env` (tests). */
  env?: Env;
}

export interface ExportLegStats {
  /** Spans the exporter accepted. */
  exported: number;
  /** Spans whose export failed or timed out. */
  failed: number;
  /** Spans refused because the queue was full. */
  dropped: number;
  /** Spans queued, waiting for room or in flight now. */
  pending: number;
}
