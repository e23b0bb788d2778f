/**
 * What a chat model run's result (LangChain's LLMResult) says of the
 * response: tokens, finish reason, ids, text, reasoning and tool calls.
 */
import type { TokenUsage } from '../../model/usage.js';
import { contentText, count, field, isRecord, reasoningText, text } from './lc-values.js';

export interface ToolCallAsked {
  callId: string;
  name: string;
  input?: unknown;
}

export interface ChatResult {
  responseId?: string;
  responseModel?: string;
  usage?: TokenUsage;
  finishReasons?: string[];
  content?: string;
  reasoning?: string;
  toolCalls: ToolCallAsked[];
}

/**
 * LangChain's `usage_metadata`: `input_tokens` is the sum of every input
 * token type, cached ones included (`input_token_details.cache_read` and
 * `.cache_creation` are parts of it; @langchain/anthropic adds Anthropic's
 * cache counts in to keep that rule), and `output_tokens` includes the
 * reasoning tokens (`output_token_details.reasoning`). That is the reading of
 * TokenUsage with `inputIncludesCache`.
 */
export function usageOf(usageMetadata: unknown): TokenUsage | undefined {
  if (!isRecord(usageMetadata)) return undefined;
  const input = field(usageMetadata, 'input_token_details');
  const output = field(usageMetadata, 'output_token_details');
  const usage: TokenUsage = {
    input: count(usageMetadata.input_tokens),
    output: count(usageMetadata.output_tokens),
    cacheRead: count(field(input, 'cache_read')),
    cacheCreation: count(field(input, 'cache_creation')),
    reasoning: count(field(output, 'reasoning')),
    total: count(usageMetadata.total_tokens),
    inputIncludesCache: true,
  };
  return Object.values(usage).some((v) => typeof v === 'number') ? usage : undefined;
}

/** The older `llmOutput.tokenUsage` (`promptTokens` includes cached tokens, as OpenAI counts them). */
function legacyUsage(llmOutput: unknown): TokenUsage | undefined {
  const usage = field(llmOutput, 'tokenUsage') ?? field(llmOutput, 'estimatedTokenUsage');
  if (!isRecord(usage)) return undefined;
  const input = count(usage.promptTokens);
  const output = count(usage.completionTokens);
  if (input === undefined && output === undefined) return undefined;
  return { input, output, total: count(usage.totalTokens), inputIncludesCache: true };
}

function finishReason(message: unknown, generation: unknown): string | undefined {
  const meta = field(message, 'response_metadata');
  const info = field(generation, 'generationInfo');
  return text(field(meta, 'finish_reason')) ?? text(field(meta, 'stop_reason')) ?? text(field(meta, 'finishReason')) ?? text(field(info, 'finish_reason'));
}

function toolCalls(message: unknown): ToolCallAsked[] {
  const calls = field(message, 'tool_calls');
  if (!Array.isArray(calls)) return [];
  return calls.flatMap((call): ToolCallAsked[] => {
    const callId = text(field(call, 'id'));
    const name = text(field(call, 'name'));
    return callId !== undefined && name !== undefined ? [{ callId, name, input: field(call, 'args') }] : [];
  });
}

/** The first generation of the result: LangChain calls the callbacks once per prompt, so there is one. */
export function readChatResult(output: unknown): ChatResult {
  const generations = field(output, 'generations');
  const first: unknown = Array.isArray(generations) && Array.isArray(generations[0]) ? generations[0][0] : undefined;
  const message = field(first, 'message');
  const meta = field(message, 'response_metadata');
  const reason = finishReason(message, first);
  const content = message !== undefined ? contentText(field(message, 'content')) : text(field(first, 'text'));
  return {
    responseId: text(field(message, 'id')),
    responseModel: text(field(meta, 'model_name')) ?? text(field(meta, 'model')),
    usage: usageOf(field(message, 'usage_metadata')) ?? legacyUsage(field(output, 'llmOutput')),
    finishReasons: reason !== undefined ? [reason] : undefined,
    content,
    reasoning: reasoningText(field(message, 'content')),
    toolCalls: toolCalls(message),
  };
}
