import type { WarningSink } from '../adapters/diagnostics.js';
import { parseEndpointUrl } from '../config/endpoint-url.js';
import { InvalidConfigError } from '../errors.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import type { ProgressStream } from './progress-bar.js';

export interface ReplayOptions {
  /** JSONL files and directories (a directory contributes its `*.jsonl`, `*.ndjson`, `*.json` files, sorted). */
  inputs: readonly string[];
  /** Full OTLP/HTTP traces URL, e.g. `http://localhost:4318/v1/traces`. Required unless `dryRun`. */
  endpoint?: string | URL;
  /** Request headers (authentication). Values never appear in messages. */
  headers?: Record<string, string>;
  /** Gzip request bodies (default true). */
  gzip?: boolean;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Upper bound of an uncompressed request body in bytes (default just under 4 MiB). */
  maxBatchBytes?: number;
  /** Shift all spans so the latest span end becomes now (keeps relative times). */
  rebaseTime?: boolean;
  /** Parse and count only; nothing is sent and no checkpoint is written. */
  dryRun?: boolean;
  /**
   * Resume checkpoint: a path, `true` for the default place (a hidden file
   * next to the first input), `false`/absent for none.
   */
  checkpoint?: string | boolean;
  /** Attempts per batch, the first included (default 8). */
  maxAttempts?: number;
  /** Time allowed for one batch with all its retries (ms, default 120 000). */
  deadlineMs?: number;
  /** Time allowed for a response (ms, default 30 000). */
  timeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** Lines longer than this are skipped with a warning (default 64 MiB). */
  maxLineBytes?: number;
  /** Stops the replay gracefully: requests already sent are awaited and recorded in the checkpoint. */
  signal?: AbortSignal;
  onWarning?: WarningSink;
  /** Called when a batch got its final answer (in completion order). */
  onBatch?: (event: BatchEvent) => void;
  /** Where the progress bar goes (drawn only when `isTTY`). */
  progress?: ProgressStream;
  cwd?: string;
  /** Clock for `rebaseTime` (epoch ms). */
  now?: () => number;
  /** Random source for the backoff jitter. */
  random?: () => number;
}

export interface BatchEvent {
  spans: number;
  /** Uncompressed body size. */
  bytes: number;
  outcome: 'accepted' | 'rejected' | 'stopped';
  /** Spans the endpoint reported as rejected in a partial success. */
  rejectedSpans: number;
}

/** A request body bound that stays under the 4 MiB message limit common in OTLP receivers and gRPC hops. */
export const DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024 - 64 * 1024;

export interface ResolvedReplayOptions {
  endpoint: URL | undefined;
  headers: Record<string, string>;
  gzip: boolean;
  concurrency: number;
  maxBatchBytes: number;
  rebaseTime: boolean;
  dryRun: boolean;
  maxAttempts: number;
  deadlineMs: number;
  timeoutMs: number;
  backoff: BackoffOptions;
}

function integer(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidConfigError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** Checks the options and fills in defaults; an unusable value is an `InvalidConfigError`. */
export function resolveReplayOptions(options: ReplayOptions): ResolvedReplayOptions {
  const dryRun = options.dryRun ?? false;
  let endpoint: URL | undefined;
  if (options.endpoint !== undefined) {
    endpoint = parseEndpointUrl(options.endpoint);
  } else if (!dryRun) {
    throw new InvalidConfigError('replay needs an OTLP/HTTP endpoint (or dryRun)');
  }
  return {
    endpoint,
    headers: { ...options.headers },
    gzip: options.gzip ?? true,
    concurrency: integer('concurrency', options.concurrency, 4, 1, 256),
    maxBatchBytes: integer('maxBatchBytes', options.maxBatchBytes, DEFAULT_MAX_BATCH_BYTES, 1024, 1024 * 1024 * 1024),
    rebaseTime: options.rebaseTime ?? false,
    dryRun,
    maxAttempts: integer('maxAttempts', options.maxAttempts, 8, 1, 1000),
    deadlineMs: integer('deadlineMs', options.deadlineMs, 120_000, 1, 24 * 3600_000),
    timeoutMs: integer('timeoutMs', options.timeoutMs, 30_000, 1, 24 * 3600_000),
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
  };
}
