import type { WarningSink } from '../core/diagnostics.js';
import type { Env } from '../config/env.js';
import { isLoopbackUrl } from '../config/endpoint-url.js';
import { resolveOtlpConfig } from '../config/otlp-config.js';
import type { OtlpTls, OtlpTlsFiles } from '../config/otlp-tls.js';
import { InvalidConfigError } from '../core/errors.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from '../exporters/otlp/backoff.js';
import type { ProgressStream } from './progress-bar.js';

/**
 * Endpoint, headers, gzip, timeout and TLS are read as everywhere (see
 * resolveOtlpConfig): the option, then OTEL_EXPORTER_OTLP_TRACES_*, then
 * OTEL_EXPORTER_OTLP_*, then the default; environment credentials go only to
 * the endpoint the environment names.
 */
export interface ReplayOptions extends OtlpTlsFiles {
  /** JSONL files and directories (a directory contributes its `*.jsonl`, `*.ndjson`, `*.json` files, sorted). */
  inputs: readonly string[];
  /** OTLP/HTTP traces URL (`http://host:4318` gets `/v1/traces`). Default: the endpoint variables; required unless `dryRun`. */
  endpoint?: string | URL;
  /** Request headers (authentication), over those of the environment. Values never appear in messages. */
  headers?: Record<string, string>;
  /** Gzip request bodies. Default: the compression variables, then true, except to a loopback endpoint (see `defaultReplayCompression`). */
  gzip?: boolean;
  /** TLS material already read (wins over the certificate file options). */
  tls?: OtlpTls;
  /** Environment to read instead of `process.env`. */
  env?: Env;
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
  /** Time allowed for a response (ms). Default: OTEL_EXPORTER_OTLP_TRACES_TIMEOUT, OTEL_EXPORTER_OTLP_TIMEOUT, then 30 000. */
  timeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** Retry a refused connection like other network failures (default true); false stops at once (a background delivery). */
  retryRefused?: boolean;
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

/**
 * Replay's compression when neither the option nor a variable chooses one:
 * gzip, except to an endpoint on this machine, where compressing costs both
 * sides CPU (the same cores) and saves no network.
 */
export function defaultReplayCompression(url: URL | undefined): 'gzip' | 'none' {
  return url !== undefined && isLoopbackUrl(url) ? 'none' : 'gzip';
}

/** A request body bound that stays under the 4 MiB message limit common in OTLP receivers and gRPC hops. */
export const DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024 - 64 * 1024;

export interface ResolvedReplayOptions {
  endpoint: URL | undefined;
  headers: Record<string, string>;
  gzip: boolean;
  tls: OtlpTls;
  concurrency: number;
  maxBatchBytes: number;
  rebaseTime: boolean;
  dryRun: boolean;
  maxAttempts: number;
  deadlineMs: number;
  timeoutMs: number;
  backoff: BackoffOptions;
  retryRefused: boolean;
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
  if (options.timeoutMs !== undefined) integer('timeoutMs', options.timeoutMs, 0, 1, 24 * 3600_000);
  const otlp = resolveOtlpConfig(
    {
      url: options.endpoint === undefined ? undefined : String(options.endpoint),
      headers: options.headers,
      compression: options.gzip === undefined ? undefined : options.gzip ? 'gzip' : 'none',
      timeoutMillis: options.timeoutMs,
      certificate: options.certificate,
      clientCertificate: options.clientCertificate,
      clientKey: options.clientKey,
    },
    options.env ?? process.env,
    { compression: defaultReplayCompression, timeoutMillis: 30_000, jsonOnly: true },
  );
  if (otlp.url === undefined && !dryRun) throw new InvalidConfigError('replay needs an OTLP/HTTP endpoint (or dryRun)');
  return {
    endpoint: otlp.url,
    headers: otlp.headers,
    gzip: otlp.compression === 'gzip',
    tls: options.tls ?? otlp.tls,
    concurrency: integer('concurrency', options.concurrency, 4, 1, 256),
    maxBatchBytes: integer('maxBatchBytes', options.maxBatchBytes, DEFAULT_MAX_BATCH_BYTES, 1024, 1024 * 1024 * 1024),
    rebaseTime: options.rebaseTime ?? false,
    dryRun,
    maxAttempts: integer('maxAttempts', options.maxAttempts, 8, 1, 1000),
    deadlineMs: integer('deadlineMs', options.deadlineMs, 120_000, 1, 24 * 3600_000),
    timeoutMs: Math.min(otlp.timeoutMillis, 24 * 3600_000),
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    retryRefused: options.retryRefused ?? true,
  };
}
