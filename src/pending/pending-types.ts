import type { WarningSink } from '../core/diagnostics.js';
import type { UndeliveredReason } from '../exporters/fanout/leg-journal.js';
import type { DeliverPendingOptions, PendingDeliverySummary } from './deliver-pending.js';

export interface PendingJournalOptions {
  /** The pending folder (see pendingDirFor). */
  dir: string;
  /** Line limit of the journal files (default 1 MiB, as the JSONL output). */
  maxLineBytes?: number;
  /**
   * A JSONL file exporter writes the same batches right after the journal
   * (agent-otel's own, in the same fan-out): each batch's lines are offered to
   * it, so a batch is encoded once (see encodeAndOffer). Default false.
   */
  shareLines?: boolean;
  /**
   * Deliver the pending files of earlier runs to this endpoint, in the
   * background, starting right after construction (never delaying it).
   */
  deliverEarlier?: Omit<DeliverPendingOptions, 'dir' | 'signal' | 'onWarning'>;
  /** Longest time that start-up delivery may take (default 60 s). */
  deliverTimeoutMillis?: number;
  /** How long `shutdown()` lets a start-up delivery still running go on before it stops it (default 1500 ms). */
  deliverGraceMillis?: number;
  onWarning?: WarningSink;
}

/** What the pending journal did; part of the live API's stats() and the CLI summary. */
export interface PendingStats {
  /** The pending folder, once known. */
  dir?: string;
  /** Spans written to the journal before they were sent. */
  journaled: number;
  /** Spans of journaled batches that were delivered (their files removed). */
  delivered: number;
  /** Spans of this run left in the pending folder for a later delivery. */
  pending: number;
  /** The same, by reason. */
  byReason: Record<UndeliveredReason, number>;
  /** Spans whose journal write failed (the export went ahead without it). */
  writeFailures: number;
  /** Spans that were not delivered and could not be kept either (their journal write had failed). */
  lost: number;
  /** The start-up delivery of earlier runs' pending files, once it ended. */
  earlier?: PendingDeliverySummary;
  /** Why the start-up delivery failed, when it did. */
  earlierError?: string;
}
