import { isRecord } from '../../core/json-lines.js';
import type { TokenUsage } from '../../model/usage.js';
import { readSdkUsage } from './sdk-usage.js';

/** What a model span of the SDK tells about one model call. */
export interface ModelCallFacts {
  responseId?: string;
  provider?: string;
  requestModel?: string;
  responseModel?: string;
  usage?: TokenUsage;
  finishReasons?: string[];
  content?: string;
}

/**
 * A `response` span (opened by the SDK's OpenAI Responses model): the whole
 * API response is in `_response` when the run traces sensitive data (the
 * default), else only `response_id`. The Responses API has no finish reason:
 * it is read from the response's status and output (`tool_call` when it asks
 * for function calls, `stop` otherwise, the `incomplete_details.reason` of an
 * incomplete response).
 */
export function readResponseSpan(data: Record<string, unknown>): ModelCallFacts {
  const response = isRecord(data._response) ? data._response : {};
  const output = Array.isArray(response.output) ? response.output.filter(isRecord) : [];
  return {
    provider: 'openai',
    responseId: text(data.response_id) ?? text(response.id),
    responseModel: text(response.model),
    usage: readSdkUsage(response.usage),
    finishReasons: responseFinish(response, output),
    content: joined(output.filter((item) => item.type === 'message').flatMap((item): unknown[] => (Array.isArray(item.content) ? item.content : [])).map((part) => (isRecord(part) ? (part.text ?? part.refusal) : undefined))),
  };
}

/**
 * A `generation` span (the SDK's Chat Completions model, and models of other
 * providers that trace themselves): the requested model, `usage` when the
 * model set it, else the raw completion in `output[0]`.
 */
export function readGenerationSpan(data: Record<string, unknown>): ModelCallFacts {
  const completion = Array.isArray(data.output) && isRecord(data.output[0]) ? data.output[0] : {};
  const choices = Array.isArray(completion.choices) ? completion.choices.filter(isRecord) : [];
  const reasons = choices.map((choice) => text(choice.finish_reason)).filter((r): r is string => r !== undefined);
  const message = isRecord(choices[0]?.message) ? choices[0].message : {};
  return {
    requestModel: text(data.model),
    responseModel: text(completion.model),
    responseId: text(completion.id),
    usage: readSdkUsage(data.usage) ?? readSdkUsage(completion.usage),
    finishReasons: reasons.length > 0 ? reasons : undefined,
    content: text(message.content),
  };
}

function responseFinish(response: Record<string, unknown>, output: Record<string, unknown>[]): string[] | undefined {
  switch (response.status) {
    case 'completed':
      return [output.some((item) => item.type === 'function_call') ? 'tool_call' : 'stop'];
    case 'incomplete':
      return [text(isRecord(response.incomplete_details) ? response.incomplete_details.reason : undefined) ?? 'incomplete'];
    case 'failed':
      return ['error'];
    default:
      return undefined;
  }
}

function joined(parts: unknown[]): string | undefined {
  const texts = parts.filter((p): p is string => typeof p === 'string');
  return texts.length > 0 ? texts.join('') : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
