import type { z } from 'zod';
import { AgentEvent } from '../model/events.js';
import { argument, checkArgument, type Argument, type Reject } from './check-fields.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What `session.record` takes: any canonical event but a session's start and end, without its session id; the time is optional. */
export type RecordedEvent = DistributiveOmit<Exclude<AgentEvent, { type: 'session.start' | 'session.end' }>, 'sessionId' | 'time'> & { time?: number };

/** Each event kind that `record` takes, by `type`: its schema, and its fields as an argument. */
const RECORDABLE = new Map<string, { schema: z.ZodObject; fields: Argument<Record<string, z.ZodType>> }>(
  AgentEvent.options
    .filter((o) => o.shape.type.value !== 'session.start' && o.shape.type.value !== 'session.end')
    .map((o) => [o.shape.type.value, { schema: o, fields: argument(o.shape as Record<string, z.ZodType>) }]),
);

/**
 * The event `record` was given, checked against its kind's schema: bad
 * optional fields are left out (reported); an event of no known kind, or
 * without a field its kind requires, is not recorded (reported): undefined.
 */
export function checkRecordedEvent(event: unknown, sessionId: string, now: () => number, reject: Reject): AgentEvent | undefined {
  const type: unknown = typeof event === 'object' && event !== null ? (event as { type?: unknown }).type : undefined;
  const kind = typeof type === 'string' ? RECORDABLE.get(type) : undefined;
  if (!kind) {
    reject(`record: type must be one of ${[...RECORDABLE.keys()].join(', ')}; not recorded`);
    return undefined;
  }
  const { sessionId: _given, time, ...fields } = checkArgument(kind.fields, event, `record ${String(type)}`, reject);
  const parsed = kind.schema.safeParse({ ...fields, sessionId, time: time ?? now() });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    reject(`record ${String(type)}: ${issue?.path.join('.')}: ${issue?.message}; not recorded`);
    return undefined;
  }
  return parsed.data as AgentEvent;
}
