import type { LifecycleEvent, SourceRef, UsageLimitEvent } from '../../model/events.js';
import { opt, optNumber } from '../optional-fields.js';
import type { ZagNotice, ZagUsageLimitHit, ZagUsageLimitResumed } from './schema.js';

type Base = { sessionId: string; time: number; timeExact?: false; source: SourceRef };

/** zag's notices (`provider_status`, `stderr`, `parse_warning`, `user_event`, `session_result`) as lifecycle events. */
export const NOTICE_TYPES = new Set(['provider_status', 'stderr', 'parse_warning', 'user_event', 'session_result']);

const LEVELS: Readonly<Record<string, LifecycleEvent['level']>> = {
  debug: 'debug',
  trace: 'debug',
  info: 'info',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
};

export function noticeEvent(type: string, r: ZagNotice, base: Base): LifecycleEvent {
  const level = type === 'stderr' || type === 'parse_warning' ? 'warning' : (LEVELS[(r.level ?? 'info').toLowerCase()] ?? 'info');
  const data = type === 'parse_warning' ? (r.raw ?? undefined) : r.data;
  return {
    ...base,
    type: 'lifecycle',
    name: type,
    level,
    ...opt('message', r.message ?? r.result),
    ...(data !== undefined && data !== null ? { data } : {}),
  };
}

export function usageLimitHit(r: ZagUsageLimitHit, base: Base): UsageLimitEvent {
  return {
    ...base,
    type: 'usage_limit',
    phase: 'hit',
    ...opt('incidentId', r.incident_id),
    ...opt('provider', r.provider),
    ...opt('scope', r.scope),
    ...opt('resetAt', r.reset_at ?? r.scheduled_resume_at),
    ...opt('message', r.raw),
  };
}

/** `usage_limit_resumed` and `usage_limit_resume_failed`. */
export function usageLimitResumed(failed: boolean, r: ZagUsageLimitResumed, base: Base): UsageLimitEvent {
  return {
    ...base,
    type: 'usage_limit',
    phase: failed ? 'resume_failed' : 'resumed',
    ...opt('incidentId', r.incident_id),
    ...opt('message', failed ? r.error : r.resume_message),
    ...optNumber('attempt', r.attempt),
  };
}
