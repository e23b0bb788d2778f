import { diag } from '@opentelemetry/api';
import { resolveOtlpProtocol, type OtlpProtocol } from './otlp-protocol.js';
import { InvalidConfigError } from '../core/errors.js';
import { isPositive, readNumber, type Env } from './env.js';
import { envTracesCompression, envTracesHeaders, resolveTracesUrl, tracesUrl } from './otlp-endpoint.js';
import { readTlsFiles, type OtlpTls, type OtlpTlsFiles } from './otlp-tls.js';
import { parseEndpointUrl } from './endpoint-url.js';

/** OTLP/HTTP settings as a caller gives them; anything left out comes from the environment, then the default. */
export interface OtlpConfigOptions extends OtlpTlsFiles {
  /** Collector address: `http://host:4318` (gets `/v1/traces`) or a full traces URL. */
  url?: string;
  /** `http/protobuf` or `http/json`. */
  protocol?: string;
  /** Request headers (authentication); values are never printed. */
  headers?: Record<string, string>;
  /** Deadline of one request, or of one export with its retries (ms). */
  timeoutMillis?: number;
  compression?: 'gzip' | 'none';
}

/** Defaults that differ between callers (replay gzips and waits longer than the live exporter). */
export interface OtlpConfigDefaults {
  /** The URL when neither the option nor a variable gives one; without it, `url` stays undefined. */
  url?: string;
  timeoutMillis?: number;
  /** The compression, or how to choose it from the URL (replay: none to a loopback endpoint). */
  compression?: 'gzip' | 'none' | ((url: URL | undefined) => 'gzip' | 'none');
  /** The caller sends OTLP/JSON whatever the protocol variables say (replay: its input is JSON lines). */
  jsonOnly?: boolean;
}

/** The settings every OTLP/HTTP client of agent-otel uses: the live exporter, convert, replay, pending delivery. */
export interface OtlpConfig {
  /** The traces URL; undefined when nothing names one and there is no default. */
  url: URL | undefined;
  /** Where the URL came from. Environment credentials go only to an endpoint the environment names. */
  urlSource: 'option' | 'env' | 'default' | 'none';
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  timeoutMillis: number;
  compression: 'gzip' | 'none';
  tls: OtlpTls;
}

const DEFAULT_TIMEOUT_MILLIS = 10_000;

/** The first of the traces-specific and the general variable that is set (trimmed, non-blank). */
function envPair(env: Env, suffix: string): { name: string; value: string } | undefined {
  for (const name of [`OTEL_EXPORTER_OTLP_TRACES_${suffix}`, `OTEL_EXPORTER_OTLP_${suffix}`]) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

function compressionOf(value: string | undefined, source: string): 'gzip' | 'none' | undefined {
  if (value === undefined) return undefined;
  if (value === 'gzip' || value === 'none') return value;
  throw new InvalidConfigError(`${source} must be "gzip" or "none" (got ${JSON.stringify(value)})`);
}

/** An unusable variable is reported and skipped, as every variable is (see env.ts). */
function envCompressionOf(value: string | undefined): 'gzip' | 'none' | undefined {
  if (value === undefined || value === 'gzip' || value === 'none') return value;
  diag.warn(`OTEL_EXPORTER_OTLP_(TRACES_)COMPRESSION=${JSON.stringify(value)} is not "gzip" or "none"; ignored`);
  return undefined;
}

/**
 * The one reading of the OTLP/HTTP configuration, in the standard order for
 * each setting: the option, then `OTEL_EXPORTER_OTLP_TRACES_*`, then
 * `OTEL_EXPORTER_OTLP_*`, then the default. Covers the endpoint, headers,
 * timeout, compression, protocol and TLS (CA, client certificate, client key).
 *
 * Credentials from the environment (headers, client certificate and key) go
 * only to the endpoint the environment names: with a `url` option on another
 * origin they are not used, so a token configured for one collector never
 * reaches an endpoint typed on a command line.
 */
export function resolveOtlpConfig(options: OtlpConfigOptions = {}, env: Env = process.env, defaults: OtlpConfigDefaults = {}): OtlpConfig {
  const envUrlText = resolveTracesUrl(undefined, env);
  const envUrl = envUrlText === undefined ? undefined : parseEndpointUrl(envUrlText, 'OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT');
  let url: URL | undefined;
  let urlSource: OtlpConfig['urlSource'];
  if (options.url !== undefined) {
    url = new URL(tracesUrl(parseEndpointUrl(options.url, 'the OTLP endpoint option').toString()));
    urlSource = 'option';
  } else if (envUrl) {
    url = envUrl;
    urlSource = 'env';
  } else if (defaults.url !== undefined) {
    url = new URL(defaults.url);
    urlSource = 'default';
  } else {
    urlSource = 'none';
  }
  const envCredentials = urlSource !== 'option' || (envUrl !== undefined && url?.origin === envUrl.origin);

  if (options.timeoutMillis !== undefined && !isPositive(options.timeoutMillis)) {
    throw new InvalidConfigError(`timeoutMillis must be a positive number (got ${options.timeoutMillis})`);
  }
  const fallbackTimeout = defaults.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS;
  const timeoutMillis = readNumber(
    options.timeoutMillis,
    'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT',
    readNumber(undefined, 'OTEL_EXPORTER_OTLP_TIMEOUT', fallbackTimeout, env, isPositive),
    env,
    isPositive,
  );
  const envCompression = envTracesCompression(env);
  const compression =
    compressionOf(options.compression, 'the compression option') ??
    envCompressionOf(envCompression) ??
    (typeof defaults.compression === 'function' ? defaults.compression(url) : defaults.compression) ??
    'none';

  const tls = readTlsFiles({
    certificate: options.certificate ?? envPair(env, 'CERTIFICATE'),
    clientCertificate: options.clientCertificate ?? (envCredentials ? envPair(env, 'CLIENT_CERTIFICATE') : undefined),
    clientKey: options.clientKey ?? (envCredentials ? envPair(env, 'CLIENT_KEY') : undefined),
  });
  return {
    url,
    urlSource,
    protocol: defaults.jsonOnly ? 'http/json' : resolveOtlpProtocol(options.protocol, env),
    headers: { ...(envCredentials ? envTracesHeaders(env) : {}), ...options.headers },
    timeoutMillis,
    compression,
    tls,
  };
}
