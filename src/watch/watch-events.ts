import type { CostSummary } from '../spans/cost-tally.js';
/** What `watch` reports as it goes (`--json` prints each as a line). */
export type WatchEvent =
  | { type: 'ready'; units: number; files: number; spans: number; millis: number }
  | { type: 'spans'; unit: string; sent: number; resent: number; lagMs?: number }
  | { type: 'session-over'; unit: string; reason: 'idle' | 'ended' }
  | { type: 'file'; path: string; change: 'replaced' | 'truncated' | 'deleted' }
  | { type: 'location'; path: string };

/** Counters of a running watch. */
export interface WatchStats {
  /** Units (a session with its subagent files) being followed. */
  units: number;
  /** Of those, sessions still open (root not sent yet). */
  open: number;
  /** Spans sent since the start. */
  spans: number;
  /** Of those, spans sent again in a later form (roots with a later end, calls closed by the idle timeout). */
  resent: number;
  /** Spans the exporter refused (kept for the next try). */
  failed: number;
  /** Delay from a file change to its spans being sent, last one seen (ms). */
  lagMs?: number;
  warnings: number;
  /** Cost of the chat spans sent since the start: total, by agent and by model, unpriced calls. */
  cost: CostSummary;
}
