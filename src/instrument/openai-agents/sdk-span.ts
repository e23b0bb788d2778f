import { isRecord } from '../../core/json-lines.js';
import type { SessionEnd } from '../../live/handles.js';

/**
 * The parts of the OpenAI Agents SDK's trace span (agents-core's `Span`)
 * that agent-otel reads. Written out here so that agent-otel needs none of
 * the SDK's code, and reads a span of another version field by field.
 */
export interface SdkSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentId: string | null;
  readonly spanData: { readonly type: string };
  readonly error: { readonly message: string; readonly data?: Record<string, unknown> } | null;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
}

/** The span's data as a record, to read field by field. */
export function spanFields(span: SdkSpan): Record<string, unknown> {
  return span.spanData;
}

/** The error text of a span: the SDK's detail (`data.error`) when it has one, else its message. */
export function spanErrorText(span: SdkSpan): string | undefined {
  const error = span.error;
  if (error === null || error === undefined) return undefined;
  const detail = isRecord(error.data) ? error.data.error : undefined;
  return typeof detail === 'string' && detail.length > 0 ? detail : error.message;
}

/**
 * How a run (or an agent's part of it) ended, from its span's error. The SDK
 * writes a cancelled run's error as the AbortError it threw (`AbortError: This
 * operation was aborted`): that is a run interrupted, not failed. A run that
 * traces no sensitive data writes every error as `Error`, so there a
 * cancelled run reads as failed.
 */
export function spanOutcome(span: SdkSpan): SessionEnd {
  const error = spanErrorText(span);
  if (error === undefined) return { outcome: 'ok' };
  if (/\bAbortError\b/.test(error)) return { outcome: 'interrupted', reason: 'cancelled', error };
  return { outcome: 'error', error };
}

/** The span's start or end as epoch milliseconds, else `fallback`. */
export function spanTime(iso: string | null, fallback: number): number {
  const time = iso === null ? Number.NaN : Date.parse(iso);
  return Number.isFinite(time) ? time : fallback;
}
