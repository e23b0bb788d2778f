import { isRecord } from '../../core/json-lines.js';
import type { TokenUsage } from '../../model/usage.js';

const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined);

/**
 * A model call's usage as agent-otel keeps it, from what the model returned
 * to the SDK (doGenerate's result, the `finish` part of doStream).
 *
 * LanguageModelV3 (ai 6): `inputTokens.total` counts every input token, the
 * cached ones included (`noCache` + `cacheRead` + `cacheWrite`, which is how
 * ai's own `asLanguageModelUsage` reads it: `inputTokens` = total and
 * `noCacheTokens` the part not cached), so it goes in with
 * `inputIncludesCache`; a provider that gives only `noCache` gives the input
 * apart from the cache. `outputTokens.total` counts the reasoning tokens too
 * (`text` + `reasoning`).
 *
 * LanguageModelV2 (older providers, which ai 6 still accepts): flat
 * `inputTokens` (read as the total, as ai's V2-to-V3 adapter does),
 * `cachedInputTokens` (cache reads; writes are not reported),
 * `outputTokens` and `reasoningTokens`.
 */
export function modelUsage(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const { inputTokens, outputTokens } = usage;
  if (isRecord(inputTokens) || isRecord(outputTokens)) {
    const input = isRecord(inputTokens) ? inputTokens : {};
    const output = isRecord(outputTokens) ? outputTokens : {};
    const total = count(input.total);
    const noCache = count(input.noCache);
    const text = count(output.text);
    const reasoning = count(output.reasoning);
    return clean({
      ...(total !== undefined ? { input: total, inputIncludesCache: true } : { input: noCache }),
      cacheRead: count(input.cacheRead),
      cacheCreation: count(input.cacheWrite),
      output: count(output.total) ?? (text !== undefined || reasoning !== undefined ? (text ?? 0) + (reasoning ?? 0) : undefined),
      reasoning,
    });
  }
  const input = count(inputTokens);
  return clean({
    input,
    inputIncludesCache: input !== undefined ? true : undefined,
    cacheRead: count(usage.cachedInputTokens),
    output: count(outputTokens),
    reasoning: count(usage.reasoningTokens),
    total: count(usage.totalTokens),
  });
}

function clean(usage: TokenUsage): TokenUsage | undefined {
  const kept = Object.fromEntries(Object.entries(usage).filter(([, v]) => v !== undefined)) as TokenUsage;
  return Object.keys(kept).some((k) => k !== 'inputIncludesCache') ? kept : undefined;
}

/** The finish reason as the SDK hands it to the application: V3's `unified`, V2's string (`unknown` read as `other`, as ai does). */
export function finishReason(reason: unknown): string | undefined {
  if (isRecord(reason)) return typeof reason.unified === 'string' ? reason.unified : undefined;
  if (typeof reason !== 'string') return undefined;
  return reason === 'unknown' ? 'other' : reason;
}
