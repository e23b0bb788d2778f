/**
 * What to do with an OTLP/HTTP response status. Only the statuses the OTLP
 * specification calls retryable are retried (429, 502, 503, 504). Other
 * failures either reject one batch (the data itself was refused: resending it
 * would get the same answer) or stop the whole replay (the endpoint or its
 * configuration is wrong, so every later request would fail as well).
 */
export type StatusAction = 'success' | 'retry' | 'reject' | 'stop';

const RETRYABLE = new Set([429, 502, 503, 504]);

/**
 * Statuses that say "this endpoint will not take anything from you": wrong
 * credentials, wrong URL, wrong method, payload too large for the endpoint's
 * limit, unsupported media type or encoding.
 */
const STOPPING = new Set([401, 403, 404, 405, 407, 411, 413, 415]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE.has(status);
}

export function statusAction(status: number): StatusAction {
  if (status >= 200 && status < 300) return 'success';
  if (RETRYABLE.has(status)) return 'retry';
  if (STOPPING.has(status)) return 'stop';
  return 'reject';
}
