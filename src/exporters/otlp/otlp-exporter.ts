import { OTLPTraceExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpHttpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm, type OTLPExporterNodeConfigBase } from '@opentelemetry/otlp-exporter-base';
import type { Env } from '../../config/env.js';
import { InvalidConfigError } from '../../errors.js';
import { GuardedSpanExporter } from '../guarded-exporter.js';
import { resolveOtlpProtocol, type OtlpProtocol } from './otlp-protocol.js';

export interface OtlpTraceExporterOptions {
  /** Default: OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, OTEL_EXPORTER_OTLP_PROTOCOL, then `http/protobuf`. `grpc` is refused. */
  protocol?: string;
  /** Full traces URL (`.../v1/traces`). Default: the SDK's OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT handling, then localhost:4318. */
  url?: string;
  /** Request headers (auth tokens); never logged. Default: OTEL_EXPORTER_OTLP_(TRACES_)HEADERS via the SDK. */
  headers?: Record<string, string>;
  /** Deadline of one export, retries included. Default: OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT via the SDK, then 10 s. */
  timeoutMillis?: number;
  /** Default: OTEL_EXPORTER_OTLP_(TRACES_)COMPRESSION via the SDK, then none. */
  compression?: 'gzip' | 'none';
  /** Exports in flight at once. Default: the SDK's. */
  concurrencyLimit?: number;
}

/** The SDK's OTLP/HTTP trace exporter for the chosen protocol, kept to the exporter contract. */
export class OtlpTraceExporter extends GuardedSpanExporter {
  constructor(readonly protocol: OtlpProtocol, delegate: OtlpHttpJsonExporter | OtlpHttpProtoExporter) {
    super(delegate, `OTLP ${protocol} exporter`);
  }
}

function sdkConfig(options: OtlpTraceExporterOptions): OTLPExporterNodeConfigBase {
  const config: OTLPExporterNodeConfigBase = {};
  if (options.url !== undefined) {
    try {
      new URL(options.url);
    } catch {
      // The value stays out of the message: URLs can carry credentials.
      throw new InvalidConfigError('the OTLP url option is not a valid absolute URL');
    }
    config.url = options.url;
  }
  if (options.headers !== undefined) config.headers = { ...options.headers };
  if (options.timeoutMillis !== undefined) {
    if (!Number.isFinite(options.timeoutMillis) || options.timeoutMillis <= 0) {
      throw new InvalidConfigError(`timeoutMillis must be a positive number (got ${options.timeoutMillis})`);
    }
    config.timeoutMillis = options.timeoutMillis;
  }
  if (options.compression !== undefined) {
    if (options.compression !== 'gzip' && options.compression !== 'none') {
      throw new InvalidConfigError(`compression must be "gzip" or "none" (got ${JSON.stringify(options.compression)})`);
    }
    config.compression = options.compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE;
  }
  if (options.concurrencyLimit !== undefined) config.concurrencyLimit = options.concurrencyLimit;
  return config;
}

/**
 * Creates the SDK OTLP/HTTP trace exporter for the configured protocol
 * (`http/protobuf` or `http/json`). Options win; anything not given is left to
 * the SDK, which reads the standard OTEL_EXPORTER_OTLP_* variables itself
 * (endpoint, headers, timeout, compression, certificates) and retries 429 and
 * 502-504 with Retry-After and backoff up to the timeout.
 */
export function createOtlpTraceExporter(options: OtlpTraceExporterOptions = {}): OtlpTraceExporter {
  const protocol = resolveOtlpProtocol(options.protocol);
  const config = sdkConfig(options);
  const delegate = protocol === 'http/json' ? new OtlpHttpJsonExporter(config) : new OtlpHttpProtoExporter(config);
  return new OtlpTraceExporter(protocol, delegate);
}

export const ENDPOINT_ENV_VARIABLES = ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'] as const;

/** Whether the environment names an OTLP endpoint for traces (a non-blank endpoint variable). */
export function isOtlpConfigured(env: Env = process.env): boolean {
  return ENDPOINT_ENV_VARIABLES.some((name) => (env[name]?.trim() ?? '') !== '');
}
