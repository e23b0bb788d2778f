import type { TokenUsage } from '../../model/usage.js';
import { definedFields } from '../optional-fields.js';
import { roundedTokenCount } from '../token-counts.js';
import type { TokenCountPayload, TokenCounts } from './event-schema.js';

/** The usage of one model response, read from a `token_count` event. */
export interface ResponseUsage {
  usage: TokenUsage;
  contextUsed?: number;
  contextMax?: number;
}

/** Why a `token_count` event did not become a model call. */
export type SkippedUsage = 'token_count_without_usage' | 'token_count_repeated';

/**
 * Turns Codex `token_count` events into one usage per model response.
 *
 * Codex writes `token_count` after every response and again, with the very same
 * figures, before the next request (and whenever rate limits change), so the
 * events repeat. Each carries the session's running `total_token_usage` and the
 * `last_token_usage` of the latest response. A response is counted when the
 * total changes, with its `last_token_usage`; in every rollout examined the sum
 * of those equals the final total, and it is also right after a fork or resume,
 * where the total starts from an inherited baseline. Without `last_token_usage`
 * the difference of the totals is used; without totals, a `last_token_usage`
 * identical to the previous one is taken for a repeat.
 */
export class UsageTracker {
  private lastTotal: TokenCounts | undefined;
  private lastTotalKey: string | undefined;
  private lastLastKey: string | undefined;

  next(payload: TokenCountPayload): ResponseUsage | SkippedUsage {
    const info = payload.info;
    const total = info?.total_token_usage ?? undefined;
    const last = info?.last_token_usage ?? undefined;
    if (!info || (!total && !last)) return 'token_count_without_usage';
    let counts: TokenCounts | undefined;
    if (total) {
      const key = keyOf(total);
      if (key === this.lastTotalKey) return 'token_count_repeated';
      counts = last ?? (this.lastTotal ? difference(total, this.lastTotal) : total);
      this.lastTotal = total;
      this.lastTotalKey = key;
    } else if (last) {
      const key = keyOf(last);
      if (key === this.lastLastKey) return 'token_count_repeated';
      counts = last;
    }
    if (last) this.lastLastKey = keyOf(last);
    if (!counts) return 'token_count_without_usage';
    const contextUsed = roundedTokenCount(last?.total_tokens);
    const contextMax = roundedTokenCount(info.model_context_window);
    return {
      usage: toUsage(counts),
      ...(contextUsed !== undefined ? { contextUsed } : {}),
      ...(contextMax !== undefined ? { contextMax } : {}),
    };
  }

  /** Takes the figures of a record that is not counted (history copied from another thread) as the baseline. */
  baseline(payload: TokenCountPayload): void {
    const total = payload.info?.total_token_usage ?? undefined;
    const last = payload.info?.last_token_usage ?? undefined;
    if (total) {
      this.lastTotal = total;
      this.lastTotalKey = keyOf(total);
    }
    if (last) this.lastLastKey = keyOf(last);
  }
}

const FIELDS = [
  'input_tokens',
  'cached_input_tokens',
  'output_tokens',
  'reasoning_output_tokens',
  'total_tokens',
] as const;

function keyOf(counts: TokenCounts): string {
  return FIELDS.map((f) => counts[f] ?? '').join(',');
}

function difference(a: TokenCounts, b: TokenCounts): TokenCounts {
  const d: TokenCounts = {};
  for (const f of FIELDS) d[f] = Math.max(0, (a[f] ?? 0) - (b[f] ?? 0));
  return d;
}

/** OpenAI usage: `input_tokens` already includes `cached_input_tokens`. */
export function toUsage(c: TokenCounts): TokenUsage {
  return {
    inputIncludesCache: true,
    ...definedFields({
      input: roundedTokenCount(c.input_tokens),
      output: roundedTokenCount(c.output_tokens),
      cacheRead: roundedTokenCount(c.cached_input_tokens),
      reasoning: roundedTokenCount(c.reasoning_output_tokens),
      total: roundedTokenCount(c.total_tokens),
    }),
  };
}
