import { z } from 'zod';

const count = z.number().int().nonnegative();

/**
 * Token usage of one model response, as the source counts it.
 *
 * `input` is the source's own input figure. `inputIncludesCache` says whether
 * that figure already contains the cached tokens (OpenAI, Gemini) or counts them
 * apart (Anthropic). `output` includes the reasoning tokens (`reasoning` is
 * the part of it spent on reasoning); adapters of sources that count them
 * apart add them in. The mapper turns it into the semantic-convention reading,
 * where `gen_ai.usage.input_tokens` always includes cached tokens.
 */
export const TokenUsage = z.object({
  input: count.optional(),
  output: count.optional(),
  cacheRead: count.optional(),
  cacheCreation: count.optional(),
  /** The part of `cacheCreation` written to a one-hour cache (Anthropic prices it higher than the 5-minute one). */
  cacheCreation1h: count.optional(),
  reasoning: count.optional(),
  total: count.optional(),
  inputIncludesCache: z.boolean().optional(),
});
export type TokenUsage = z.infer<typeof TokenUsage>;

/** Usage in the semantic-convention reading: input includes cache reads and writes. */
export interface UsageTotals {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  reasoning: number;
}

export function emptyTotals(): UsageTotals {
  return { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0 };
}

/** Converts a source's usage to the semantic-convention reading. */
export function normalizeUsage(usage: TokenUsage): UsageTotals {
  const cacheRead = usage.cacheRead ?? 0;
  const cacheCreation = usage.cacheCreation ?? 0;
  const rawInput = usage.input ?? 0;
  return {
    input: usage.inputIncludesCache ? rawInput : rawInput + cacheRead + cacheCreation,
    output: usage.output ?? 0,
    cacheRead,
    cacheCreation,
    reasoning: usage.reasoning ?? 0,
  };
}

export function addTotals(into: UsageTotals, add: UsageTotals): void {
  into.input += add.input;
  into.output += add.output;
  into.cacheRead += add.cacheRead;
  into.cacheCreation += add.cacheCreation;
  into.reasoning += add.reasoning;
}
