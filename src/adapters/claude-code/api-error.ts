import type { ErrorEvent, UsageLimitEvent } from '../../model/events.js';
import { isRecord } from '../../core/json-lines.js';

type Base = Pick<ErrorEvent, 'sessionId' | 'time' | 'timeExact' | 'source'>;

/**
 * Usage-limit notices. Older versions write `Claude AI usage limit
 * reached|<reset epoch seconds>`, newer ones a sentence such as `5-hour limit
 * reached ∙ resets 3pm` or `You've hit your limit · resets 5am`.
 */
const USAGE_LIMIT = /usage limit reached|\blimit reached\b|hit your limit/i;
const RESET_EPOCH = /\|(\d{9,11})\s*$/;

/**
 * The event for an API failure Claude Code recorded: an assistant line with
 * `isApiErrorMessage` (text such as `API Error: 529 {...}`) or a system record
 * with level `error`. A usage-limit notice becomes a `usage_limit` hit.
 */
export function apiErrorEvent(base: Base, text: string | undefined, error: unknown): ErrorEvent | UsageLimitEvent {
  const message = text || describe(error) || 'API error';
  if (USAGE_LIMIT.test(message)) {
    const reset = RESET_EPOCH.exec(message)?.[1];
    return {
      type: 'usage_limit',
      ...base,
      phase: 'hit',
      provider: 'anthropic',
      message,
      ...(reset ? { resetAt: new Date(Number(reset) * 1000).toISOString() } : {}),
    };
  }
  return { type: 'error', ...base, message, errorType: errorType(error, message) };
}

const API_ERROR_TEXT = /^API Error: (\d{3})\s*(\{[\s\S]*\})?/;
const CODE = /^[a-z_]{1,40}$/;

/**
 * A low-cardinality class: the record's own error code, the API's error type
 * (`overloaded_error`, also read from the JSON in `API Error: 529 {...}`), the
 * HTTP status, or `api_error`.
 */
function errorType(error: unknown, message: string): string {
  if (typeof error === 'string' && CODE.test(error)) return error;
  const fromRecord = apiError(error);
  if (fromRecord?.type) return fromRecord.type;
  const text = API_ERROR_TEXT.exec(message);
  if (text) {
    let body: unknown;
    try {
      body = text[2] ? JSON.parse(text[2]) : undefined;
    } catch {
      body = undefined;
    }
    return apiError(body)?.type ?? text[1] ?? 'api_error';
  }
  return fromRecord?.status ?? 'api_error';
}

/** `{type?, message?, status?}` of an API error object (`{error: {type, message}}` or flat). */
function apiError(value: unknown): { type?: string; message?: string; status?: string } | undefined {
  if (!isRecord(value)) return undefined;
  const inner = isRecord(value.error) ? value.error : value;
  return {
    ...(typeof inner.type === 'string' && CODE.test(inner.type) && inner.type !== 'error' ? { type: inner.type } : {}),
    ...(typeof inner.message === 'string' ? { message: inner.message } : {}),
    ...(typeof value.status === 'number' ? { status: String(value.status) } : {}),
  };
}

function describe(error: unknown): string | undefined {
  if (error === undefined || error === null) return undefined;
  if (typeof error === 'string') return error;
  const api = apiError(error);
  if (api?.message) return api.status ? `${api.status} ${api.message}` : api.message;
  return JSON.stringify(error);
}
