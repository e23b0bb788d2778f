/**
 * What a recorded stream says, read straight from its lines (never from what
 * agent-otel made of them): the responses with the usage of their last line
 * (the SDK streams a response one content block per message, each repeating
 * the usage so far), the tool calls and how each ended.
 */
type Message = Record<string, unknown>;

export interface ExpectedChat {
  responseId: string;
  /** The Task/Agent call the response's subagent runs under; undefined in the main agent. */
  parentCall: string | undefined;
  model: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  finishReason: string | undefined;
}

export interface ExpectedTool {
  callId: string;
  name: string;
  parentCall: string | undefined;
  success: boolean | undefined;
}

const inner = (m: Message) => (m.message ?? {}) as { id?: string; model?: string; content?: unknown; usage?: Record<string, number>; stop_reason?: string | null };
const blocks = (m: Message) => (Array.isArray(inner(m).content) ? (inner(m).content as Record<string, unknown>[]) : []);
const parentOf = (m: Message) => (typeof m.parent_tool_use_id === 'string' ? m.parent_tool_use_id : undefined);

export function expectedChats(messages: readonly Message[]): ExpectedChat[] {
  const chats = new Map<string, ExpectedChat>();
  for (const m of messages) {
    if (m.type !== 'assistant') continue;
    const { id, model, usage = {}, stop_reason } = inner(m);
    chats.set(id!, {
      responseId: id!,
      parentCall: parentOf(m),
      model: model!,
      input: (usage.input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0),
      output: usage.output_tokens ?? 0,
      cacheRead: usage.cache_read_input_tokens ?? 0,
      cacheCreation: usage.cache_creation_input_tokens ?? 0,
      finishReason: stop_reason ?? chats.get(id!)?.finishReason,
    });
  }
  return [...chats.values()];
}

export function expectedTools(messages: readonly Message[]): ExpectedTool[] {
  const tools = new Map<string, ExpectedTool>();
  for (const m of messages) {
    for (const b of blocks(m)) {
      if (m.type === 'assistant' && b.type === 'tool_use') {
        tools.set(b.id as string, { callId: b.id as string, name: b.name as string, parentCall: parentOf(m), success: undefined });
      }
      if (m.type === 'user' && b.type === 'tool_result') {
        const tool = tools.get(b.tool_use_id as string);
        if (tool) tool.success = b.is_error !== true;
      }
    }
  }
  return [...tools.values()];
}

/** The run's totals as its last `result` reports them. */
export function reportedTotals(messages: readonly Message[]): { costUsd: number; input: number; output: number } {
  const result = messages.filter((m) => m.type === 'result').at(-1)!;
  const perModel = Object.values(result.modelUsage as Record<string, Record<string, number>>);
  const sum = (f: (u: Record<string, number>) => number) => perModel.reduce((n, u) => n + f(u), 0);
  return {
    costUsd: result.total_cost_usd as number,
    input: sum((u) => u.inputTokens! + u.cacheReadInputTokens! + u.cacheCreationInputTokens!),
    output: sum((u) => u.outputTokens!),
  };
}
