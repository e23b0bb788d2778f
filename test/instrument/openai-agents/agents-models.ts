import { OpenAIChatCompletionsModel, OpenAIResponsesModel, Usage, type Model, type ModelRequest, type ModelResponse, type StreamEvent } from '@openai/agents';

/** A function call the model asks for, as a Responses API output item. */
export const functionCall = (callId: string, name: string, args: unknown) => ({ type: 'function_call', id: `fc_${callId}`, call_id: callId, name, arguments: JSON.stringify(args), status: 'completed' });
/** An assistant message, as a Responses API output item. */
export const message = (text: string) => ({ type: 'message', id: `msg_${text.length}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] });

/** One scripted Responses API response: its id, its output items and its usage as OpenAI reports it. */
export interface ScriptedResponse {
  id: string;
  output: unknown[];
  usage: { input: number; cached?: number; output: number; reasoning?: number };
  /** Thrown instead of answering. */
  error?: Error;
  /** Run before answering (to abort a run while the model works). */
  before?: () => Promise<void> | void;
}

/** The Responses API body for one scripted response, with OpenAI's usage fields. */
export function responseBody(r: ScriptedResponse, model: string) {
  return {
    id: r.id,
    object: 'response',
    created_at: 1_700_000_000,
    model,
    status: 'completed',
    output: r.output,
    usage: {
      input_tokens: r.usage.input,
      input_tokens_details: { cached_tokens: r.usage.cached ?? 0 },
      output_tokens: r.usage.output,
      output_tokens_details: { reasoning_tokens: r.usage.reasoning ?? 0 },
      total_tokens: r.usage.input + r.usage.output,
    },
  };
}

/**
 * The SDK's own OpenAI Responses model, with an OpenAI client that answers
 * from a script instead of the network: the SDK's code opens its response
 * spans as it does against OpenAI.
 */
export function scriptedResponsesModel(script: ScriptedResponse[], model = 'gpt-4.1-mini'): OpenAIResponsesModel {
  const next = async () => {
    const r = script.shift();
    if (r === undefined) throw new Error('script ran out');
    await r.before?.();
    if (r.error) throw r.error;
    return responseBody(r, model);
  };
  const client = {
    baseURL: 'http://127.0.0.1:9/v1',
    responses: {
      create: (params: { stream?: boolean }) => {
        if (!params.stream) return next();
        return next().then((body) =>
          (async function* () {
            yield { type: 'response.created', sequence_number: 0, response: { ...body, status: 'in_progress', output: [], usage: null } };
            yield { type: 'response.completed', sequence_number: 1, response: body };
          })(),
        );
      },
    },
  };
  return new OpenAIResponsesModel(client as never, model);
}

/**
 * A custom Model of the application's own, as the SDK's docs describe: it
 * answers from a script and opens no span of its own.
 */
export class ScriptedModel implements Model {
  constructor(private readonly script: ScriptedResponse[]) {}

  async getResponse(_request: ModelRequest): Promise<ModelResponse> {
    const r = this.script.shift();
    if (r === undefined) throw new Error('script ran out');
    await r.before?.();
    if (r.error) throw r.error;
    return {
      responseId: r.id,
      output: r.output.map(toProtocol) as ModelResponse['output'],
      usage: new Usage({
        requests: 1,
        inputTokens: r.usage.input,
        outputTokens: r.usage.output,
        totalTokens: r.usage.input + r.usage.output,
        inputTokensDetails: { cached_tokens: r.usage.cached ?? 0 },
        outputTokensDetails: { reasoning_tokens: r.usage.reasoning ?? 0 },
      }),
    };
  }

  async *getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
    const response = await this.getResponse(request);
    yield {
      type: 'response_done',
      response: { id: response.responseId!, usage: { ...response.usage, inputTokensDetails: response.usage.inputTokensDetails[0], outputTokensDetails: response.usage.outputTokensDetails[0] }, output: response.output },
    } as StreamEvent;
  }
}

/** A Responses API output item in the SDK's protocol (camelCase call ids). */
function toProtocol(item: unknown): unknown {
  const i = item as Record<string, unknown>;
  if (i.type === 'function_call') return { type: 'function_call', callId: i.call_id, name: i.name, arguments: i.arguments, status: 'completed' };
  return { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: (i.content as { text: string }[])[0]!.text }] };
}

/** One scripted Chat Completions answer: a tool call or a text, with usage as OpenAI reports it. */
export interface ScriptedCompletion {
  id: string;
  toolCall?: { id: string; name: string; args: unknown };
  text?: string;
  usage: { prompt: number; cached?: number; completion: number; reasoning?: number };
}

/**
 * The SDK's own Chat Completions model, with a client that answers from a
 * script: the SDK's code opens its generation spans as it does against OpenAI.
 */
export function scriptedChatCompletionsModel(script: ScriptedCompletion[], model = 'gpt-4o-mini'): OpenAIChatCompletionsModel {
  const client = {
    baseURL: 'http://127.0.0.1:9/v1',
    chat: {
      completions: {
        create: async () => {
          const c = script.shift();
          if (c === undefined) throw new Error('script ran out');
          return {
            id: c.id,
            object: 'chat.completion',
            created: 1_700_000_000,
            model,
            choices: [
              {
                index: 0,
                finish_reason: c.toolCall ? 'tool_calls' : 'stop',
                message: {
                  role: 'assistant',
                  content: c.text ?? null,
                  ...(c.toolCall ? { tool_calls: [{ id: c.toolCall.id, type: 'function', function: { name: c.toolCall.name, arguments: JSON.stringify(c.toolCall.args) } }] } : {}),
                },
              },
            ],
            usage: {
              prompt_tokens: c.usage.prompt,
              completion_tokens: c.usage.completion,
              total_tokens: c.usage.prompt + c.usage.completion,
              prompt_tokens_details: { cached_tokens: c.usage.cached ?? 0 },
              completion_tokens_details: { reasoning_tokens: c.usage.reasoning ?? 0 },
            },
          };
        },
      },
    },
  };
  return new OpenAIChatCompletionsModel(client as never, model);
}
