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

/**
 * Network failures worth another attempt, as OpenTelemetry's OTLP exporters
 * retry them (otlp-exporter-base's RETRYABLE_NETWORK_ERROR_CODES), plus the
 * codes undici gives the same failures: the connection was refused, reset or
 * cut, the name did not resolve for now, or no answer came in time.
 */
export const RETRYABLE_NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** The error codes of an error and of its causes (undici wraps the socket's error), outermost first. */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    for (const inner of e instanceof AggregateError ? e.errors : []) codes.push(...errorCodes(inner));
  }
  return codes;
}

/** The retryable code of a failed request (see RETRYABLE_NETWORK_ERROR_CODES), undefined when it has none. */
export function retryableNetworkCode(error: unknown): string | undefined {
  return errorCodes(error).find((code) => RETRYABLE_NETWORK_ERROR_CODES.has(code));
}

/** Whether a failed request may succeed when sent again. */
export function isRetryableNetworkError(error: unknown): boolean {
  return retryableNetworkCode(error) !== undefined;
}
