import type { TokenUsage } from '../../model/usage.js';
import { tokenCount } from '../token-counts.js';

/**
 * Reads the event store's `TokenUsage`, whose fields the seed does not show.
 * Accepted spellings: `input_tokens`/`output_tokens`/`total_tokens` (the
 * samples), OpenAI's `prompt_tokens`/`completion_tokens` (with
 * `prompt_tokens_details.cached_tokens`), Anthropic's `cache_read_input_tokens`
 * / `cache_creation_input_tokens`, and bare `input`/`output`/`total`, in snake
 * or camel case. Input includes cache unless the Anthropic cache fields are used.
 */
export function readTokens(tokens: Record<string, unknown>): TokenUsage | undefined {
  const pick = (...names: string[]): number | undefined => {
    for (const name of names) {
      const value = tokenCount(tokens[name] ?? tokens[camel(name)]);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const details = tokens.prompt_tokens_details ?? tokens.input_tokens_details;
  const cachedDetail =
    typeof details === 'object' && details !== null ? (details as Record<string, unknown>).cached_tokens : undefined;

  const usage: TokenUsage = {};
  const set = (key: keyof Omit<TokenUsage, 'inputIncludesCache'>, value: number | undefined): void => {
    if (value !== undefined) usage[key] = value;
  };
  set('input', pick('input_tokens', 'prompt_tokens', 'input'));
  set('output', pick('output_tokens', 'completion_tokens', 'output'));
  set('total', pick('total_tokens', 'total'));
  set('reasoning', pick('reasoning_tokens'));
  const anthropicRead = pick('cache_read_input_tokens');
  const anthropicWrite = pick('cache_creation_input_tokens');
  set('cacheRead', anthropicRead ?? pick('cache_read_tokens', 'cached_tokens') ?? (typeof cachedDetail === 'number' ? cachedDetail : undefined));
  set('cacheCreation', anthropicWrite ?? pick('cache_creation_tokens', 'cache_write_tokens'));
  if (Object.keys(usage).length === 0) return undefined;
  usage.inputIncludesCache = anthropicRead === undefined && anthropicWrite === undefined;
  return usage;
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
