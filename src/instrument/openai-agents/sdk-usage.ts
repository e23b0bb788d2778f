import { isRecord } from '../../core/json-lines.js';
import type { TokenUsage } from '../../model/usage.js';

/**
 * The token counts the OpenAI Agents SDK puts in its trace spans, in agent-otel's terms.
 *
 * Every shape it uses counts the cached tokens inside the input figure (OpenAI's
 * convention), and the reasoning tokens inside the output figure:
 * - a Responses API `usage` (a response span's `_response.usage`): `input_tokens`,
 *   `input_tokens_details.cached_tokens`, `output_tokens`, `output_tokens_details.reasoning_tokens`;
 * - a Chat Completions `usage` (a generation span's raw completion): `prompt_tokens`,
 *   `prompt_tokens_details.cached_tokens`, `completion_tokens`, `completion_tokens_details.reasoning_tokens`;
 * - a generation span's own `usage`: `input_tokens`, `output_tokens`, and details
 *   either under `*_tokens_details` or under `details`;
 * - a turn span's `usage` (the runner's sum of the turn's model responses):
 *   `input_tokens`, `output_tokens`, `cached_input_tokens`, `cache_write_input_tokens`.
 */
export function readSdkUsage(raw: unknown): TokenUsage | undefined {
  if (!isRecord(raw)) return undefined;
  const input = count(raw.input_tokens) ?? count(raw.prompt_tokens);
  const output = count(raw.output_tokens) ?? count(raw.completion_tokens);
  if (input === undefined && output === undefined) return undefined;
  const inputDetails = firstObject(raw.input_tokens_details, raw.prompt_tokens_details, raw.details);
  const outputDetails = firstObject(raw.output_tokens_details, raw.completion_tokens_details, raw.details);
  const usage: TokenUsage = { inputIncludesCache: true };
  if (input !== undefined) usage.input = input;
  if (output !== undefined) usage.output = output;
  const cacheRead = count(raw.cached_input_tokens) ?? count(inputDetails?.cached_tokens) ?? count(inputDetails?.cached_input_tokens);
  if (cacheRead !== undefined && cacheRead > 0) usage.cacheRead = cacheRead;
  const cacheCreation = count(raw.cache_write_input_tokens) ?? count(inputDetails?.cache_write_tokens);
  if (cacheCreation !== undefined && cacheCreation > 0) usage.cacheCreation = cacheCreation;
  const reasoning = count(outputDetails?.reasoning_tokens);
  if (reasoning !== undefined && reasoning > 0) usage.reasoning = reasoning;
  const total = count(raw.total_tokens);
  if (total !== undefined) usage.total = total;
  return usage;
}

function firstObject(...values: unknown[]): Record<string, unknown> | undefined {
  return values.find(isRecord);
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
