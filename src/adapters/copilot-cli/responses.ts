import type { AgentEvent, SourceRef } from '../../model/events.js';
import type { Context } from './contexts.js';
import { shutdownUsage, usageOf } from './meta.js';
import type { AssistantMessageData, AssistantUsageData, ShutdownData } from './schema.js';
import { noteRequests } from './tools.js';
import { hasUsageRecord } from './usage-keys.js';

/** The API Copilot CLI calls for every model, whatever the model's vendor. */
export const COPILOT_PROVIDER = 'github.copilot';

export interface Base {
  sessionId: string;
  time: number;
  timeExact?: false;
  source: SourceRef;
}

/**
 * Model responses: one model.call each. A response with an `assistant.usage`
 * record (listed in `usageKeys` by a first pass over the file) gets it from
 * that record, with full token counts; any other from its assistant message,
 * which only counts output tokens. Response ids are the GitHub request id
 * (`requestId` = the usage record's `providerCallId`), else the provider's
 * completion id, else the message id.
 */
export class Responses {
  /** Responses whose usage record is still to come: key -> when the message (the response's end) was written. */
  private readonly pendingUsage = new Map<string, number>();

  constructor(private readonly usageKeys: Set<string>) {}

  *message(data: AssistantMessageData, ctx: Context, base: Base, eventId?: string): Generator<AgentEvent> {
    const responseId = data.requestId ?? data.apiCallId ?? data.messageId ?? eventId;
    if (data.reasoningText) yield { ...base, type: 'reasoning', content: data.reasoningText, responseId };
    // The tool calls the response asks for run (and get their tool.call) only later: the message names them.
    const toolCalls = data.toolRequests?.map((r) => ({ callId: r.toolCallId, name: r.name, ...(r.arguments !== undefined ? { input: r.arguments } : {}) }));
    if (data.content || toolCalls?.length) {
      const { messageId } = data;
      yield {
        ...base,
        type: 'message',
        role: 'assistant',
        ...(data.content ? { content: data.content } : {}),
        messageId,
        responseId,
        ...(toolCalls?.length ? { toolCalls } : {}),
      };
    }
    if (hasUsageRecord(this.usageKeys, data.apiCallId, data.requestId)) {
      for (const key of [data.apiCallId, data.requestId]) if (key) this.pendingUsage.set(key, base.time);
    } else {
      yield {
        ...base,
        type: 'model.call',
        responseId,
        provider: COPILOT_PROVIDER,
        requestModel: data.model,
        responseModel: data.model,
        ...(ctx.requestStart !== undefined && ctx.requestStart < base.time ? { startTime: ctx.requestStart } : {}),
        ...(data.outputTokens !== undefined ? { usage: { output: data.outputTokens, inputIncludesCache: true } } : {}),
        // Its usage record, with the full token counts, may be written later (after the calls it asked for).
        provisional: true,
      };
    }
    if (data.toolRequests?.length) noteRequests(ctx, data.toolRequests, base, responseId ?? '');
    ctx.requestStart = base.time;
  }

  /**
   * A model.call from an `assistant.usage` record. When its assistant message
   * came first, the response ended when the message was written: that time is
   * used, as the usage record may be written later.
   */
  usage(data: AssistantUsageData, at: Base, eventId?: string): AgentEvent {
    let base = at;
    for (const key of [data.providerCallId, data.apiCallId]) {
      if (key === undefined) continue;
      const time = this.pendingUsage.get(key);
      this.pendingUsage.delete(key);
      if (time !== undefined) base = { ...at, time };
    }
    const duration = data.duration;
    return {
      ...base,
      type: 'model.call',
      responseId: data.providerCallId ?? data.apiCallId ?? eventId,
      provider: COPILOT_PROVIDER,
      requestModel: data.model,
      responseModel: data.model,
      usage: usageOf(data),
      ...(duration !== undefined ? { latencyMs: duration, startTime: Math.max(0, base.time - duration) } : {}),
      ...(data.ttftMs !== undefined ? { timeToFirstTokenMs: data.ttftMs } : {}),
    };
  }
}

/** USD per nano-AIU: an AI unit is one AI credit, $0.01 (1 AIU = 1e9 nano-AIU). */
export const USD_PER_NANO_AIU = 0.01 / 1e9;

/**
 * `session.shutdown` ends the session with the CLI's own totals. Its
 * `totalNanoAiu` is the session's token cost in AI units, reported in USD
 * (`reportedCostUsd`); premium requests are a plan's allowance, not dollars:
 * they stay on the lifecycle event with the raw figures.
 */
export function shutdownEvents(data: ShutdownData, base: Base): AgentEvent[] {
  const error = data.shutdownType === 'error';
  return [
    {
      ...base,
      type: 'lifecycle',
      name: 'shutdown',
      level: 'info',
      data: {
        totalPremiumRequests: data.totalPremiumRequests,
        totalNanoAiu: data.totalNanoAiu,
        totalApiDurationMs: data.totalApiDurationMs,
        codeChanges: data.codeChanges,
      },
    },
    {
      ...base,
      type: 'session.end',
      outcome: error ? 'error' : 'ok',
      reason: data.shutdownType,
      ...(error && data.errorReason ? { error: data.errorReason } : {}),
      reportedUsage: shutdownUsage(data.modelMetrics),
      ...(typeof data.totalNanoAiu === 'number' && data.totalNanoAiu >= 0 ? { reportedCostUsd: data.totalNanoAiu * USD_PER_NANO_AIU } : {}),
    },
  ];
}
