import type { SessionOutcome } from '../model/events.js';
import type { ToolKind } from '../model/tool-kind.js';
import type { TokenUsage } from '../model/usage.js';

/** What a finished tool call reports. */
export interface ToolCallEnd {
  success?: boolean;
  output?: unknown;
  /** An error message, or an Error (a failure even when `success` is not given). */
  error?: string | Error;
  /** Low-cardinality failure class (`tool_error`, `timeout`, `denied`, ...). */
  errorType?: string;
  exitCode?: number;
  /** Override the measured duration, in milliseconds. */
  durationMs?: number;
}

/** A tool call in progress. `end` may be called once; later calls are ignored. */
export interface ToolCallHandle {
  readonly callId: string;
  end(result?: ToolCallEnd): void;
  /** Shorthand for end({ success: false, error }). */
  fail(error: string | Error, errorType?: string): void;
}

/** What a finished model call reports. */
export interface ModelCallEnd {
  responseId?: string;
  responseModel?: string;
  usage?: TokenUsage;
  finishReasons?: string[];
  costUsd?: number;
  timeToFirstTokenMs?: number;
  retries?: number;
  contextUsed?: number;
  contextMax?: number;
  /** The response text (kept only when content capture is on). */
  content?: string;
  error?: string | Error;
}

/** A model call in progress. */
export interface ModelCallHandle {
  end(result?: ModelCallEnd): void;
}

export interface ToolCallOptions {
  callId?: string;
  kind?: ToolKind;
  /** The model response that asked for the call. */
  responseId?: string;
}

export interface ModelCallOptions {
  model?: string;
  provider?: string;
}

/** What `end` takes: an outcome, why, the error that ended the session, and totals the agent itself reported. */
export interface SessionEnd {
  outcome?: SessionOutcome;
  reason?: string;
  error?: string | Error;
  /** The session's tokens as the agent counted them (kept apart from the sum of its model calls). */
  reportedUsage?: TokenUsage;
  /** The session's cost in USD as the agent reported it (Claude Agent SDK's `total_cost_usd`). */
  reportedCostUsd?: number;
}
