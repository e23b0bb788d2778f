import { AgentOtelError } from '../core/errors.js';

/** `view` found no trace to show: the input holds no spans, or none of the trace or session asked for. */
export class TraceNotFoundError extends AgentOtelError {
  override readonly code = 'AGENT_OTEL_TRACE_NOT_FOUND';
}

/** `view --session` (or a short `--trace` prefix) matches several traces; `--trace` with a full id picks one. */
export class AmbiguousTraceError extends AgentOtelError {
  override readonly code = 'AGENT_OTEL_TRACE_AMBIGUOUS';
  constructor(
    message: string,
    readonly traceIds: readonly string[],
  ) {
    super(message);
  }
}
