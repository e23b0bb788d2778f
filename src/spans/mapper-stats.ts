import { CostTally } from './cost-tally.js';
import type { LimitCounts } from './span-limits.js';

/** Counts kept by the mapper, reported in the CLI summary and by the live API. */
export class MapperStats implements LimitCounts {
  sessions = 0;
  failedSessions = 0;
  spans = 0;
  modelCalls = 0;
  toolCalls = 0;
  toolFailures = 0;
  interruptedToolCalls = 0;
  subagents = 0;
  subagentsLinked = 0;
  /** Subagents with a parent session but no launching call: they hang under the session's root. */
  subagentsUnderSession = 0;
  /** Subagents whose parent session is not converted in this run: orphans in a trace of their own, or parent elsewhere. */
  subagentsUnlinked = 0;
  /** Attribute values cut to the value length limit (content cut to its own limit is counted by the ContentPolicy). */
  valuesTruncated = 0;
  /** Span attributes past the attribute count limit. */
  attributesDropped = 0;
  /** Span events past the event count limit. */
  eventsDropped = 0;
  /** Event attributes past the event attribute count limit. */
  eventAttributesDropped = 0;
  /** Cost of the chat spans made, by agent and by model. */
  readonly cost = new CostTally();

  toJSON(): Record<string, number> {
    return Object.fromEntries(Object.entries(this).filter(([, v]) => typeof v === 'number'));
  }
}
