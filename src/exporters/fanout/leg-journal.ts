import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** Why a leg could not deliver a batch. */
export type UndeliveredReason = 'failed' | 'timeout' | 'dropped' | 'shutdown';

/** One batch written to a journal before its export. */
export interface JournalEntry {
  /** Resolves once the batch is on disk (or could not be written: the export goes ahead either way). Never rejects. */
  readonly ready: Promise<void>;
  /**
   * The batch's fate. `delivered` forgets it; any other reason keeps it for a
   * later delivery. A `delivered` that comes after `shutdown` (a batch still in
   * flight at the shutdown deadline that did arrive) forgets it after all.
   */
  settle(outcome: 'delivered' | UndeliveredReason): void;
}

/**
 * Where an ExportLeg keeps the batches it has not delivered yet, so that a
 * batch that fails, times out, is dropped for want of queue room, is still
 * queued at the shutdown deadline, or is in flight when the process dies, can
 * be delivered later (see src/pending).
 */
export interface LegJournal {
  /** Writes a batch the leg accepted, before it is sent. */
  record(spans: ReadableSpan[]): JournalEntry;
  /** Waits for every write and settle started so far. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}
