import type { Env } from './env.js';

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
