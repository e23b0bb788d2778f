import { QuantileSketch } from './quantile-sketch.js';

/**
 * One row of a report, as `--json` prints it (keys are stable; see
 * docs/report.md). Tokens, calls and cost come from chat spans only, tool
 * figures from execute_tool spans, sessions and subagents from invoke_agent
 * spans.
 */
export interface ReportRow {
  /** The group: a date (`2026-12-05`), week (`2026-W49`), month (`2026-12`), session id, agent, model or tool name; `total` on the total row. */
  key: string;
  /** Sessions: root invoke_agent spans (not subagents); with --by model or tool, distinct sessions with a call of that model or tool. */
  sessions: number;
  /** Subagent invoke_agent spans. */
  subagents: number;
  /** Model calls (chat spans). */
  calls: number;
  /** `gen_ai.usage.input_tokens` added up: input **including** cache reads and writes, as on the spans. */
  inputTokens: number;
  /** Input neither read from nor written to a cache: inputTokens - cacheReadTokens - cacheWriteTokens (never below 0 per call). */
  uncachedInputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** Sum of `gen_ai.usage.cost` (USD) over the calls that have one; null when no call of the whole report has a cost. */
  costUsd: number | null;
  /** Calls without a cost (`agent_otel.usage.cost.unpriced`, or tokens and no cost attribute): not in costUsd. */
  unpricedCalls: number;
  /** Tool calls (execute_tool spans), those that failed (status ERROR or agent_otel.tool.success false), and failures / toolCalls (null without calls). */
  toolCalls: number;
  toolFailures: number;
  failureRate: number | null;
  /** Tool call durations in ms (agent_otel.tool.duration_ms, else end - start): p50 and p95 from a sketch (1% relative error), max exact; null without tool calls. */
  toolDurationMs: { p50: number; p95: number; max: number } | null;
  /** --by session only: the session's agent (service.name) and its first span's start (ISO 8601). */
  agent?: string;
  start?: string;
}

/** The running figures of one row; memory is constant but for `sessionIds` (--by model and tool only). */
export class RowAccumulator {
  sessions = 0;
  subagents = 0;
  calls = 0;
  inputTokens = 0;
  uncachedInputTokens = 0;
  cacheReadTokens = 0;
  cacheWriteTokens = 0;
  outputTokens = 0;
  reasoningTokens = 0;
  cost = 0;
  pricedCalls = 0;
  unpricedCalls = 0;
  toolCalls = 0;
  toolFailures = 0;
  readonly durations = new QuantileSketch();
  /** Distinct sessions seen, where sessions are counted that way. */
  sessionIds: Set<string> | undefined;
  agent: string | undefined;
  firstMs = Infinity;

  constructor(readonly key: string) {}

  row(withCost: boolean): ReportRow {
    const p50 = this.durations.quantile(0.5);
    const p95 = this.durations.quantile(0.95);
    return {
      key: this.key,
      sessions: this.sessionIds ? this.sessionIds.size : this.sessions,
      subagents: this.subagents,
      calls: this.calls,
      inputTokens: this.inputTokens,
      uncachedInputTokens: this.uncachedInputTokens,
      cacheReadTokens: this.cacheReadTokens,
      cacheWriteTokens: this.cacheWriteTokens,
      outputTokens: this.outputTokens,
      reasoningTokens: this.reasoningTokens,
      costUsd: withCost ? roundUsd(this.cost) : null,
      unpricedCalls: this.unpricedCalls,
      toolCalls: this.toolCalls,
      toolFailures: this.toolFailures,
      failureRate: this.toolCalls > 0 ? this.toolFailures / this.toolCalls : null,
      toolDurationMs: p50 === undefined || p95 === undefined ? null : { p50: round3(p50), p95: round3(p95), max: round3(this.durations.max) },
      ...(this.agent !== undefined ? { agent: this.agent } : {}),
      ...(Number.isFinite(this.firstMs) && this.agent !== undefined ? { start: new Date(this.firstMs).toISOString() } : {}),
    };
  }
}

/** USD to a hundred-millionth of a cent: removes float noise from long sums. */
const roundUsd = (usd: number) => Math.round(usd * 1e10) / 1e10;
const round3 = (ms: number) => Math.round(ms * 1000) / 1000;
