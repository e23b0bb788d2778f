import { BaseChatModel, type BaseChatModelCallOptions } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';

export interface ScriptOptions {
  /** What the model says it is (`ls_model_name`, `ls_provider`), as a partner package's model does. */
  model?: string;
  provider?: string;
  /** Wait this long before answering (an AbortSignal in the call ends the wait). */
  delayMs?: number;
}

/**
 * A LangChain chat model that answers from a script, in order: each entry an
 * AIMessage (with the tool calls, usage_metadata and response_metadata a
 * provider's model would return), or an Error to throw. The real
 * BaseChatModel runs around it: callbacks, message ids, config and signals.
 */
export class ScriptedChatModel extends BaseChatModel {
  private next = 0;
  readonly received: BaseMessage[][] = [];

  constructor(
    private readonly script: Array<AIMessage | Error>,
    private readonly options: ScriptOptions = {},
  ) {
    super({});
  }

  _llmType(): string {
    return 'scripted';
  }

  override getLsParams(options: this['ParsedCallOptions']) {
    return { ...super.getLsParams(options), ls_provider: this.options.provider ?? 'scripted', ls_model_name: this.options.model ?? 'scripted-1' };
  }

  override bindTools(): this {
    return this;
  }

  async _generate(messages: BaseMessage[], options: BaseChatModelCallOptions): Promise<ChatResult> {
    this.received.push(messages);
    if (this.options.delayMs !== undefined) await wait(this.options.delayMs, options.signal);
    const entry = this.script[this.next++];
    if (entry === undefined) throw new Error('the script has no more responses');
    if (entry instanceof Error) throw entry;
    return { generations: [{ message: entry, text: typeof entry.content === 'string' ? entry.content : '' }] };
  }
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((done, fail) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      fail(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    });
  });
}

/** An AIMessage as a provider returns it: an id, usage, a finish reason, and tool calls if given. */
export function response(fields: {
  id: string;
  text?: string;
  toolCalls?: Array<{ id: string; name: string; args: Record<string, unknown> }>;
  usage?: { input: number; output: number; cacheRead?: number; cacheCreation?: number; reasoning?: number };
  finishReason?: string;
  model?: string;
}): AIMessage {
  const { usage } = fields;
  return new AIMessage({
    id: fields.id,
    content: fields.text ?? '',
    tool_calls: fields.toolCalls ?? [],
    usage_metadata:
      usage === undefined
        ? undefined
        : {
            input_tokens: usage.input,
            output_tokens: usage.output,
            total_tokens: usage.input + usage.output,
            input_token_details: { cache_read: usage.cacheRead, cache_creation: usage.cacheCreation },
            output_token_details: { reasoning: usage.reasoning },
          },
    response_metadata: { finish_reason: fields.finishReason ?? (fields.toolCalls ? 'tool_calls' : 'stop'), model_name: fields.model },
  });
}
