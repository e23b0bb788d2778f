import type { SessionMeta } from '../../model/session.js';
import type { TokenUsage } from '../../model/usage.js';
import type { AssistantUsageData, ModelMetric, StartData } from './schema.js';

export const COPILOT_AGENT = 'copilot-cli';

/** Session metadata from a `session.start` record. */
export function startMeta(data: StartData): SessionMeta {
  const ctx = data.context;
  const git =
    ctx && (ctx.branch || ctx.headCommit || ctx.repository)
      ? { branch: ctx.branch, commit: ctx.headCommit, repository: ctx.repository }
      : undefined;
  return {
    agent: COPILOT_AGENT,
    agentVersion: data.copilotVersion,
    model: data.selectedModel,
    cwd: ctx?.cwd,
    git,
    attributes: data.producer ? { 'copilot.producer': data.producer } : undefined,
  };
}

/**
 * Copilot reports OpenAI-style counts: `inputTokens` includes the tokens read
 * from the prompt cache (`cacheReadTokens` tells how many of them were).
 */
export function usageOf(data: AssistantUsageData): TokenUsage {
  return {
    input: data.inputTokens ?? 0,
    output: data.outputTokens ?? 0,
    cacheRead: data.cacheReadTokens ?? 0,
    cacheCreation: data.cacheWriteTokens ?? 0,
    reasoning: data.reasoningTokens ?? 0,
    inputIncludesCache: true,
  };
}

/** The session totals of a shutdown record: the sum over its per-model metrics. */
export function shutdownUsage(metrics: Record<string, ModelMetric> | undefined): TokenUsage | undefined {
  const all = Object.values(metrics ?? {});
  if (all.length === 0) return undefined;
  const sum = (f: (u: NonNullable<ModelMetric['usage']>) => number | undefined): number =>
    all.reduce((a, m) => a + (m.usage ? (f(m.usage) ?? 0) : 0), 0);
  return {
    input: sum((u) => u.inputTokens),
    output: sum((u) => u.outputTokens),
    cacheRead: sum((u) => u.cacheReadTokens),
    cacheCreation: sum((u) => u.cacheWriteTokens),
    reasoning: sum((u) => u.reasoningTokens),
    inputIncludesCache: true,
  };
}
