import type { Attributes, NormalizedSpan } from '../spans/otlp-normalize.js';

/**
 * What Phoenix should show for agent-otel's spans, computed from the JSONL that the same run wrote and
 * from the rules Phoenix documents for OTLP GenAI spans (span kind from `gen_ai.operation.name`; usage
 * and cost counted on LLM spans only; messages from `gen_ai.system_instructions`, `gen_ai.input.messages`
 * and `gen_ai.output.messages`). Nothing here is read from Phoenix.
 */

/** Phoenix's span kind for each agent-otel operation. */
export const PHOENIX_KIND: Readonly<Record<string, string>> = { invoke_agent: 'AGENT', chat: 'LLM', execute_tool: 'TOOL' };

export const operation = (span: NormalizedSpan): string => String(span.attributes['gen_ai.operation.name']);

const num = (value: unknown): number => (typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : 0);

/** Tokens and cost of a trace, added up over its chat spans only (each model call counted once). */
export interface ChatTotals {
  chats: number;
  input: number;
  output: number;
  cacheWrites: number;
  /** Cache writes made for one hour, which Phoenix prices at the 5-minute rate. */
  hourWrites: number;
  /**
   * agent-otel's price of the calls computed from their tokens: `gen_ai.usage.cost` where agent-otel
   * computed it (source `local`), `agent_otel.usage.cost.local` where the figure on the span is the one
   * the source recorded.
   */
  localCost: number;
  /** Chat spans with tokens but no price computed from them (no price known, or only a recorded figure). */
  unpriced: number;
}

export function chatTotals(spans: readonly NormalizedSpan[]): ChatTotals {
  const totals: ChatTotals = { chats: 0, input: 0, output: 0, cacheWrites: 0, hourWrites: 0, localCost: 0, unpriced: 0 };
  for (const span of spans) {
    if (operation(span) !== 'chat') continue;
    const a = span.attributes;
    totals.chats += 1;
    totals.input += num(a['gen_ai.usage.input_tokens']);
    totals.output += num(a['gen_ai.usage.output_tokens']);
    totals.cacheWrites += num(a['gen_ai.usage.cache_creation.input_tokens']);
    totals.hourWrites += num(a['agent_otel.usage.cache_creation_1h.input_tokens']);
    const local = a['gen_ai.usage.cost.source'] === 'provider' ? a['agent_otel.usage.cost.local'] : a['gen_ai.usage.cost'];
    if (typeof local === 'number') totals.localCost += local;
    else if (num(a['gen_ai.usage.input_tokens']) + num(a['gen_ai.usage.output_tokens']) > 0) totals.unpriced += 1;
  }
  return totals;
}

/** True when some chat span of the run carries `name` (a feature the exporter has, or not yet). */
export function chatsCarry(spans: readonly NormalizedSpan[], name: string): boolean {
  return spans.some((s) => operation(s) === 'chat' && s.attributes[name] !== undefined);
}

/** The session a trace belongs to: its root span's `session.id`, else its `gen_ai.conversation.id`. */
export function sessionOf(root: NormalizedSpan): string {
  return String(root.attributes['session.id'] ?? root.attributes['gen_ai.conversation.id']);
}

/** A message as Phoenix shows it: its role, and its text where the message is a single text or a tool result. */
export interface ShownMessage {
  role: string;
  content?: string;
}

interface Part {
  type: string;
  content?: unknown;
  response?: unknown;
}

/**
 * What a reader must see of one message: each tool result as a message of its own (Phoenix shows one tool
 * result per message, so agent-otel writes them one per message), else the message with its text when it
 * is a single text part (several parts are shown as a list, compared by role only).
 */
function shown(role: string, parts: readonly Part[]): ShownMessage[] {
  const results = parts.filter((p) => p.type === 'tool_call_response');
  if (results.length > 0) return results.map((r) => (typeof r.response === 'string' ? { role, content: r.response } : { role }));
  const contentParts = parts.filter((p) => p.type !== 'tool_call');
  const only = contentParts.length === 1 ? contentParts[0] : undefined;
  return [only?.type === 'text' && typeof only.content === 'string' ? { role, content: only.content } : { role }];
}

const parse = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : undefined);

/** The input messages Phoenix should show for a chat span: the system instructions first, then the input messages. */
export function expectedInputMessages(attributes: Attributes): ShownMessage[] {
  const system = parse(attributes['gen_ai.system_instructions']) as Part[] | undefined;
  const input = (parse(attributes['gen_ai.input.messages']) ?? []) as Array<{ role: string; parts: Part[] }>;
  return [...(system?.length ? shown('system', system) : []), ...input.flatMap((m) => shown(m.role, m.parts))];
}

/** The output messages Phoenix should show for a chat span. */
export function expectedOutputMessages(attributes: Attributes): ShownMessage[] {
  const output = (parse(attributes['gen_ai.output.messages']) ?? []) as Array<{ role: string; parts: Part[] }>;
  return output.flatMap((m) => shown(m.role, m.parts));
}

/**
 * The messages Phoenix stored under `prefix` (`llm.input_messages` or `llm.output_messages`), from its
 * flat attributes (`<prefix>.<n>.message.role`, `.content`), in order; `content` only where `expected`
 * has one, so that the two compare with toEqual.
 */
export function shownMessages(attributes: Record<string, unknown>, prefix: string, expected: readonly ShownMessage[]): ShownMessage[] {
  const pattern = new RegExp(`^${prefix.replaceAll('.', '\\.')}\\.(\\d+)\\.message\\.role$`);
  const indices = Object.keys(attributes)
    .map((key) => pattern.exec(key)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  return indices.map((n, i) => {
    const role = String(attributes[`${prefix}.${n}.message.role`]);
    const content = attributes[`${prefix}.${n}.message.content`];
    return expected[i]?.content !== undefined ? { role, content: content as string } : { role };
  });
}

/** Attributes that carry content: none of them may reach Phoenix when capture is off. */
export const CONTENT_ATTRIBUTE_PREFIXES = [
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
  'llm.input_messages',
  'llm.output_messages',
  'tool.parameters',
  'input.value',
];
