import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Adapter, FormatName } from '../adapters/adapter.js';
import type { Warning, WarningSink } from '../core/diagnostics.js';
import type { PriceTable } from '../cost/price-table.js';
import type { MapperOptions } from '../spans/mapper.js';
import type { WatchEvent } from './watch-events.js';

export interface WatchOptions {
  /** Files and folders to follow. */
  inputs: readonly string[];
  /** Also follow every usual place of the supported agents, and those that appear later. */
  all?: boolean;
  /** Where the spans go (usually both sinks, `createDualExporter`). The caller owns it and shuts it down. */
  exporter: SpanExporter;
  /**
   * Makes what `exporter` took durable (the JSONL file's buffer written out),
   * before the state records it as sent. Default: `exporter.forceFlush`.
   */
  flush?: () => Promise<void>;
  /** The state folder: what was sent, per unit, and where each file stood. */
  stateDir: string;
  /** A session with no new record for this long is over: its root span is sent (default 600 000 ms). */
  sessionIdleMs?: number;
  /** Sessions whose files last changed before this time (ms since the epoch) are not backfilled. */
  since?: number;
  /** Skip detection and read every file as this format. */
  format?: FormatName;
  /** Adapters of your own, tried before the built-in ones. */
  adapters?: readonly Adapter[];
  /** Mapper options: content capture, service name, resource attributes, limits. */
  mapper?: Omit<MapperOptions, 'warn'>;
  /**
   * The price table: a table, or the path of a prices file (genai-prices'
   * format); default `mapper.prices`, then AGENT_OTEL_PRICES, then the bundled
   * table. A file that cannot be used fails the start.
   */
  prices?: PriceTable | string;
  /** Longest source line accepted, in bytes. */
  maxLineBytes?: number;
  /** Poll instead of file system events. */
  poll?: boolean;
  /** Milliseconds between polls (default 1000). */
  pollIntervalMs?: number;
  /** Milliseconds to gather changes before mapping them (default 100). */
  settleMs?: number;
  /** Environment to read the usual places from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Called for every warning (each reported once). */
  onWarning?: (warning: Warning) => void;
  /** Called for what happens: backfill done, spans sent, a session idle, a file replaced. */
  onEvent?: (event: WatchEvent) => void;
  /**
   * Aborting it during the backfill ends the backfill once the units being
   * mapped are done: `watch` then resolves without `ready`, and `stop()` saves
   * what was sent. The units left are mapped at the next start.
   */
  signal?: AbortSignal;
}

export const DEFAULT_SESSION_IDLE_MS = 600_000;

export type { WarningSink };
