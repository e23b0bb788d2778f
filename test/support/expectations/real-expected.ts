/**
 * What the conformance suite over ../shared/fixtures/real expects, computed by
 * the test from the raw files (plain JSON.parse), independent of the adapters
 * and the mapper. One reader per agent fills these shapes.
 */

/** How a tool span's length is known. */
export type DurationSource = 'timestamps' | 'recorded' | 'none';

export interface ExpectedCall {
  /** The source's call id (`gen_ai.tool.call.id`). */
  id: string;
  name: string;
  success: boolean;
  /** Span length in ms (0 when the format records a single point in time). */
  durationMs: number;
  source: DurationSource;
  /** The call never got a result: the span ends at the session's last record. */
  interrupted: boolean;
}

/** Sums over a session's model responses, in the semantic-convention reading (input includes cache). */
export interface ExpectedUsage {
  responses: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

/**
 * How a subagent hangs under its parent. `call`: under the launching tool
 * span, known from the records. `heuristic`: under some Task/Agent tool span of
 * the parent, started before the subagent (the records hold no id that links
 * them). `root`: under the parent's root (not launched by a tool call).
 */
export type ParentEvidence = 'call' | 'heuristic' | 'root';

export interface ExpectedSession {
  agent: string;
  /** `gen_ai.conversation.id` of the session's invoke_agent span. */
  id: string;
  file: string;
  calls: ExpectedCall[];
  usage: ExpectedUsage;
  parent?: { sessionId: string; toolCallId?: string; evidence: ParentEvidence };
  /** A subagent whose parent session is not among the inputs: converted as a session of its own. */
  orphan?: true;
}

/** A warning the run must report for a file. */
export interface ExpectedReport {
  file: string;
  code: string;
}

export interface ExpectedRun {
  sessions: ExpectedSession[];
  reports: ExpectedReport[];
}

export const noUsage = (): ExpectedUsage => ({ responses: 0, input: 0, output: 0, cacheRead: 0, cacheCreation: 0 });

export function mergeRuns(runs: readonly ExpectedRun[]): ExpectedRun {
  return { sessions: runs.flatMap((r) => r.sessions), reports: runs.flatMap((r) => r.reports) };
}

/** An interrupted call: from its record to the session's last record. */
export function interruptedCall(id: string, name: string, callMs: number, lastMs: number): ExpectedCall {
  return { id, name, success: false, durationMs: lastMs - callMs, source: 'timestamps', interrupted: true };
}
