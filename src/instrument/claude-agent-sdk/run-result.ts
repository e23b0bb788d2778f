import { isRecord } from '../../core/json-lines.js';
import type { TokenUsage } from '../../model/usage.js';
import type { SessionEnd } from '../../live/live-session.js';

/**
 * How a run ended, read from the SDK's `result` message: the CLI writes one
 * per turn, with the turn's outcome (`subtype`, `is_error`, `errors`,
 * `terminal_reason`) and the run's running totals (`total_cost_usd`,
 * `modelUsage`).
 */
export function runEnd(result: Record<string, unknown>): SessionEnd {
  const usage = reportedUsage(result.modelUsage);
  const totals: SessionEnd = {
    ...(usage !== undefined ? { reportedUsage: usage } : {}),
    ...(typeof result.total_cost_usd === 'number' && result.total_cost_usd >= 0 ? { reportedCostUsd: result.total_cost_usd } : {}),
  };
  const subtype = typeof result.subtype === 'string' ? result.subtype : 'unknown';
  const terminal = typeof result.terminal_reason === 'string' ? result.terminal_reason : undefined;
  // `aborted_streaming` / `aborted_tools`: the turn was stopped by an interrupt.
  if (terminal?.startsWith('aborted') === true) return { ...totals, outcome: 'interrupted', reason: terminal };
  if (subtype === 'success' && result.is_error !== true) return { ...totals, outcome: 'ok' };
  return { ...totals, outcome: 'error', reason: subtype, error: errorMessage(result, subtype) };
}

/** The errors the result lists, else its text (an API error ends a `success` turn with `is_error`), else its subtype. */
function errorMessage(result: Record<string, unknown>, subtype: string): string {
  const errors = Array.isArray(result.errors) ? result.errors.filter((e): e is string => typeof e === 'string' && e !== '') : [];
  if (errors.length > 0) return errors.join('; ');
  if (typeof result.result === 'string' && result.result !== '') return result.result;
  return subtype;
}

const TOKEN_FIELDS = ['inputTokens', 'outputTokens', 'cacheReadInputTokens', 'cacheCreationInputTokens'] as const;

/**
 * The run's tokens over every model it used (`modelUsage`: the main loop,
 * subagents and Claude Code's internal calls; `usage` would be the main loop
 * only). Anthropic counts `inputTokens` without the cache reads and writes;
 * the reported input here includes them, as `gen_ai.usage.input_tokens` does.
 */
function reportedUsage(modelUsage: unknown): TokenUsage | undefined {
  if (!isRecord(modelUsage)) return undefined;
  const sum = { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };
  let models = 0;
  for (const usage of Object.values(modelUsage)) {
    if (!isRecord(usage)) continue;
    models++;
    for (const field of TOKEN_FIELDS) {
      const n = usage[field];
      if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) sum[field] += n;
    }
  }
  if (models === 0) return undefined;
  return {
    input: sum.inputTokens + sum.cacheReadInputTokens + sum.cacheCreationInputTokens,
    inputIncludesCache: true,
    output: sum.outputTokens,
    cacheRead: sum.cacheReadInputTokens,
    cacheCreation: sum.cacheCreationInputTokens,
  };
}
