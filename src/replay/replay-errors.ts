import { AgentOtelError } from '../core/errors.js';
import type { ReplaySummary } from './summary.js';

/**
 * A replay stopped before the end of its input (interrupted, or the endpoint
 * failed in a way that retrying cannot fix). Everything acknowledged so far is
 * recorded in the checkpoint, so running the same replay again resumes there.
 * `summary` holds the counts up to the stop.
 */
export class ReplayStoppedError extends AgentOtelError {
  override readonly code = 'AGENT_OTEL_REPLAY_STOPPED';
  constructor(
    message: string,
    readonly summary: ReplaySummary,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A replay had nothing to send because its input was wrong: no JSONL file in
 * the folders given, or lines that are not OTLP trace data at all (an agent
 * session log, say) and not one that is. Nothing was sent or recorded.
 */
export class NoTraceDataError extends AgentOtelError {
  override readonly code = 'AGENT_OTEL_NO_TRACE_DATA';
  constructor(
    message: string,
    readonly summary: ReplaySummary,
  ) {
    super(message);
  }
}
