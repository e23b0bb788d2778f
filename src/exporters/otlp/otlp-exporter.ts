import { diag } from '@opentelemetry/api';
import { BindOnceFuture, type ExportResult } from '@opentelemetry/core';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Env } from '../../config/env.js';
import { DEFAULT_TRACES_URL } from '../../config/otlp-endpoint.js';
import { resolveOtlpConfig, type OtlpConfig, type OtlpConfigOptions } from '../../config/otlp-config.js';
import { ExportFailedError, ShutdownError } from '../../core/errors.js';
import type { BackoffOptions } from './backoff.js';
import { displayEndpoint, OtlpHttpTransport } from './otlp-http-transport.js';
import { sendWithRetry, type SendOutcome } from './retrying-send.js';
import { failed, report, SUCCESS } from '../export-result.js';
import type { OtlpProtocol } from '../../config/otlp-protocol.js';

export interface OtlpTraceExporterOptions extends OtlpConfigOptions {
  /** Connections (so requests in flight) at once. Default 4. */
  concurrencyLimit?: number;
  /**
   * Whether requests in flight keep the process alive. Default true; the live
   * API sets false, since it flushes on `beforeExit` within its shutdown
   * deadline, and `beforeExit` comes only once nothing keeps the process alive.
   */
  keepProcessAlive?: boolean;
}

/** Nobody listens at the endpoint: at shutdown, not worth another attempt. */
const REFUSED = 'ECONNREFUSED';
/** Attempts per export, the first included, within the timeout. */
const MAX_ATTEMPTS = 5;
/** The SDK exporters' backoff: 1 s, then × 1.5 up to 5 s, ±20 %. */
const EXPORT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 5000, multiplier: 1.5, jitter: 0.2 };

/**
 * agent-otel's OTLP/HTTP trace exporter: otlp-transformer serializes
 * (`http/protobuf` or `http/json`), agent-otel's undici transport sends, with
 * the TLS trust and client certificate of the configuration. 429/502/503/504
 * and network failures are retried with backoff and jitter within the
 * timeout. Retry waits never keep the process alive (they are unref'd), and
 * requests in flight do only with `keepProcessAlive` (the default). Once
 * `beginShutdown()` was called (a leg calls it when it starts shutting
 * down), a refused connection is not retried (the batch fails at once and is
 * left pending) while a reset or a 503 still is, within the leg's shutdown
 * deadline; and `shutdown()` cancels what is still in flight. Keeps the SpanExporter contract: `export` never throws
 * and calls back once, FAILED after shutdown, `shutdown()` safe twice.
 */
export class OtlpTraceExporter implements SpanExporter {
  readonly protocol: OtlpProtocol;
  /** The endpoint without credentials or query, for messages. */
  readonly endpoint: string;
  readonly timeoutMillis: number;
  private readonly _transport: OtlpHttpTransport;
  private readonly _serialize: (spans: ReadableSpan[]) => Uint8Array | undefined;
  private readonly _cancel = new AbortController();
  /** Exports between attempts: what the last attempt failed with, and how to end the wait. */
  private readonly _waits = new Set<{ reason: number | string | undefined; stop: AbortController }>();
  private readonly _inFlight = new Set<Promise<void>>();
  private _final = false;
  private readonly _shutdownOnce: BindOnceFuture<void>;

  constructor(config: OtlpConfig, options: Pick<OtlpTraceExporterOptions, 'concurrencyLimit' | 'keepProcessAlive'> = {}) {
    const url = config.url ?? new URL(DEFAULT_TRACES_URL);
    this.protocol = config.protocol;
    this.endpoint = displayEndpoint(url);
    this.timeoutMillis = config.timeoutMillis;
    const json = config.protocol === 'http/json';
    this._serialize = json ? (spans) => JsonTraceSerializer.serializeRequest(spans) : (spans) => ProtobufTraceSerializer.serializeRequest(spans);
    this._transport = new OtlpHttpTransport({
      endpoint: url,
      headers: config.headers,
      gzip: config.compression === 'gzip',
      connections: options.concurrencyLimit ?? 4,
      timeoutMs: config.timeoutMillis,
      contentType: json ? 'application/json' : 'application/x-protobuf',
      tls: config.tls,
      keepProcessAlive: options.keepProcessAlive,
    });
    this._shutdownOnce = new BindOnceFuture(this._shutdown, this);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this._shutdownOnce.isCalled) {
      report(resultCallback, failed(new ShutdownError(`OTLP ${this.protocol} exporter: export called after shutdown`)));
      return;
    }
    const task: Promise<void> = this._send(spans)
      .catch((error: unknown) => failed(error))
      .then((result) => {
        this._inFlight.delete(task);
        report(resultCallback, result);
      });
    this._inFlight.add(task);
  }

  /** The leg is shutting down: from now on a refused connection is not retried, and waits after one end at once (FAILED). */
  beginShutdown(): void {
    this._final = true;
    for (const wait of this._waits) if (wait.reason === REFUSED) wait.stop.abort();
  }

  /** Waits for the exports in flight (each ends within the timeout). */
  async forceFlush(): Promise<void> {
    await Promise.all(this._inFlight);
  }

  /** Cancels the requests still in flight (they fail) and closes the connections. Safe to call more than once. */
  shutdown(): Promise<void> {
    return this._shutdownOnce.call();
  }

  private async _shutdown(): Promise<void> {
    this._final = true;
    this._cancel.abort();
    await this._transport.destroy().catch(() => undefined);
    await Promise.all(this._inFlight);
  }

  private async _send(spans: ReadableSpan[]): Promise<ExportResult> {
    const body = this._serialize(spans);
    if (body === undefined) return failed(new ExportFailedError(`OTLP ${this.protocol}: the spans could not be serialized`));
    const payload = await this._transport.encode(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    const deadline = AbortSignal.timeout(this.timeoutMillis);
    const request = AbortSignal.any([this._cancel.signal, deadline]);
    const wait = { reason: undefined as number | string | undefined, stop: new AbortController() };
    this._waits.add(wait);
    let outcome: SendOutcome;
    try {
      outcome = await sendWithRetry(
        () => this._transport.send(payload, request),
        { maxAttempts: MAX_ATTEMPTS, deadlineMs: this.timeoutMillis, backoff: EXPORT_BACKOFF, unref: true },
        AbortSignal.any([wait.stop.signal, request]),
        {
          onRetry: (reason) => void (wait.reason = reason),
          shouldRetry: (reason) => !(this._final && reason === REFUSED),
        },
      );
    } finally {
      this._waits.delete(wait);
    }
    return this._result(outcome, deadline.aborted);
  }

  private _result(outcome: SendOutcome, timedOut: boolean): ExportResult {
    const where = `OTLP ${this.endpoint}`;
    if (outcome.kind === 'accepted') {
      if (outcome.partial) {
        const why = outcome.partial.errorMessage ? `: ${outcome.partial.errorMessage}` : '';
        diag.warn(`${where} accepted the batch but rejected ${outcome.partial.rejectedSpans} span(s)${why}`);
      }
      return SUCCESS;
    }
    let message = outcome.message;
    if (this._cancel.signal.aborted) message = `cancelled at shutdown (${message})`;
    else if (timedOut) message = `no answer within ${this.timeoutMillis} ms (${message})`;
    const cause = outcome.kind === 'stopped' ? outcome.cause : undefined;
    return failed(new ExportFailedError(`${where}: ${message}`, outcome.status, cause === undefined ? undefined : { cause }));
  }
}

/**
 * Creates the OTLP/HTTP trace exporter. Every setting is the option, then
 * `OTEL_EXPORTER_OTLP_TRACES_*`, then `OTEL_EXPORTER_OTLP_*`, then the default
 * (see resolveOtlpConfig); `grpc` is refused with an InvalidConfigError.
 */
export function createOtlpTraceExporter(options: OtlpTraceExporterOptions = {}, env: Env = process.env): OtlpTraceExporter {
  const { concurrencyLimit, keepProcessAlive, ...settings } = options;
  return new OtlpTraceExporter(resolveOtlpConfig(settings, env, { url: DEFAULT_TRACES_URL }), { concurrencyLimit, keepProcessAlive });
}

export const ENDPOINT_ENV_VARIABLES = ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'] as const;

/** Whether the environment names an OTLP endpoint for traces (a non-blank endpoint variable). */
export function isOtlpConfigured(env: Env = process.env): boolean {
  return ENDPOINT_ENV_VARIABLES.some((name) => (env[name]?.trim() ?? '') !== '');
}

