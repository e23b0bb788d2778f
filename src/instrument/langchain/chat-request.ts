/**
 * What a chat model run says when it starts: the model and provider asked
 * for, and the messages of the conversation that are new to the session.
 */
import type { MessageRole } from '../../model/events.js';
import { contentText, field, isRecord, messageType, text } from './lc-values.js';

/**
 * LangChain's `ls_provider` names -> `gen_ai.provider.name` values. Names not
 * listed are kept as they are when they look like a provider id (lower case);
 * BaseChatModel's default (the class name, as fake models report) is not one.
 */
const PROVIDERS: Readonly<Record<string, string>> = {
  google_genai: 'gcp.gemini',
  google_vertexai: 'gcp.vertex_ai',
  google: 'gcp.gemini',
  bedrock: 'aws.bedrock',
  amazon_bedrock: 'aws.bedrock',
  azure: 'azure.ai.openai',
  azure_openai: 'azure.ai.openai',
  mistral: 'mistral_ai',
  mistralai: 'mistral_ai',
  xai: 'x_ai',
};

export function providerName(lsProvider: unknown): string | undefined {
  const name = text(lsProvider);
  if (name === undefined) return undefined;
  if (PROVIDERS[name] !== undefined) return PROVIDERS[name];
  return /^[a-z][a-z0-9_.-]*$/.test(name) ? name : undefined;
}

/** The model asked for: the run's `ls_model_name` metadata, else the invocation parameters. */
export function requestModel(metadata: unknown, extraParams: unknown): string | undefined {
  const params = field(extraParams, 'invocation_params');
  return text(field(metadata, 'ls_model_name')) ?? text(field(params, 'model')) ?? text(field(params, 'model_name')) ?? text(field(params, 'modelName'));
}

export interface NewMessage {
  role: Extract<MessageRole, 'user' | 'system'>;
  content?: string;
  messageId?: string;
}

/**
 * The user and system messages a model call is sent after the last
 * assistant message of its list: the turn's new input. Earlier ones were
 * input of an earlier call of the run (or of an earlier run on the same
 * thread); tool results are recorded by their tool spans, assistant messages
 * by the chat spans that produced them.
 */
export function newInput(messages: unknown): NewMessage[] {
  if (!Array.isArray(messages)) return [];
  let start = 0;
  messages.forEach((m, i) => {
    if (messageType(m) === 'ai') start = i + 1;
  });
  return messages.slice(start).flatMap((m): NewMessage[] => {
    const type = messageType(m);
    const role = type === 'human' || type === 'user' ? 'user' : type === 'system' || type === 'developer' ? 'system' : undefined;
    if (role === undefined || !isRecord(m)) return [];
    return [{ role, content: contentText(m.content), messageId: text(m.id) }];
  });
}
