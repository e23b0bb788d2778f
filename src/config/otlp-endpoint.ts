import { parseKeyValueList, type Env } from './env.js';

const TRACES_PATH = '/v1/traces';

/**
 * Turns a collector address into its OTLP/HTTP traces URL: a bare base
 * (`http://host:4318` or `.../`) gets `/v1/traces`; a URL with a path is used
 * as it is, as the standard signal-specific variable is.
 */
export function tracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.pathname === '' || url.pathname === '/') url.pathname = TRACES_PATH;
  return url.toString();
}

/**
 * The traces URL in the standard order: the option, then
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as is), then
 * OTEL_EXPORTER_OTLP_ENDPOINT (with `/v1/traces` appended). Undefined when
 * none is set.
 */
export function resolveTracesUrl(option: string | undefined, env: Env = process.env): string | undefined {
  if (option) return tracesUrl(option);
  const signal = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (signal) return signal;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (base) return `${base.replace(/\/+$/, '')}${TRACES_PATH}`;
  return undefined;
}

/** The OpenTelemetry SDK's default traces URL. */
export const DEFAULT_TRACES_URL = 'http://localhost:4318/v1/traces';

/**
 * Headers from OTEL_EXPORTER_OTLP_HEADERS with OTEL_EXPORTER_OTLP_TRACES_HEADERS
 * over them, key by key, as the SDK reads them. Values are secrets: only
 * ever sent, never printed.
 */
export function envTracesHeaders(env: Env = process.env): Record<string, string> {
  return {
    ...parseKeyValueList(env.OTEL_EXPORTER_OTLP_HEADERS, 'OTEL_EXPORTER_OTLP_HEADERS'),
    ...parseKeyValueList(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'),
  };
}

/** OTEL_EXPORTER_OTLP_TRACES_COMPRESSION, then OTEL_EXPORTER_OTLP_COMPRESSION, lower-cased; undefined when unset. */
export function envTracesCompression(env: Env = process.env): string | undefined {
  const value = (env.OTEL_EXPORTER_OTLP_TRACES_COMPRESSION ?? env.OTEL_EXPORTER_OTLP_COMPRESSION)?.trim().toLowerCase();
  return value === '' ? undefined : value;
}
