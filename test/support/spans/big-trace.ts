import { seededRandom } from '../fixtures/prng.js';

/**
 * One large trace in agent-otel's shape, as OTLP/JSON lines (TracesData, hex
 * ids, nanosecond strings): a session root, then turns of a chat call and a
 * tool call, every tenth tool launching a subagent with chats and tools of its
 * own; about one tool in twenty fails (status ERROR). Seeded: the same spans on
 * every run. The returned figures are counted while generating, not read back.
 */

export interface BigTrace {
  lines: string[];
  traceId: string;
  spans: number;
  /** Span ids of the spans with status ERROR. */
  failed: string[];
  /** Span ids of the subagent roots (invoke_agent with agent_otel.subagent). */
  subagents: string[];
}

type Attr = { key: string; value: { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean } };

const attr = (key: string, value: string | number | boolean): Attr => ({
  key,
  value:
    typeof value === 'string'
      ? { stringValue: value }
      : typeof value === 'boolean'
        ? { boolValue: value }
        : Number.isInteger(value)
          ? { intValue: String(value) }
          : { doubleValue: value },
});

export function bigTrace(total: number, options: { seed?: number; spansPerLine?: number; startNs?: bigint } = {}): BigTrace {
  const random = seededRandom(options.seed ?? 15);
  const traceId = 'b16a0000000000000000000000010015';
  const session = 'big-session-10k';
  let clock = options.startNs ?? 1_764_000_000_000_000_000n;
  let next = 0;
  const spans: Record<string, unknown>[] = [];
  const failed: string[] = [];
  const subagents: string[] = [];
  const left = (): number => total - spans.length;
  const newId = (): string => (++next).toString(16).padStart(16, '0');

  const push = (id: string, parent: string | undefined, name: string, startNs: bigint, endNs: bigint, attrs: Attr[], error = false): void => {
    spans.push({
      traceId,
      spanId: id,
      ...(parent ? { parentSpanId: parent } : {}),
      name,
      kind: 1,
      startTimeUnixNano: String(startNs),
      endTimeUnixNano: String(endNs),
      attributes: [attr('session.id', session), attr('gen_ai.conversation.id', session), ...attrs],
      status: error ? { code: 2, message: 'tool failed' } : { code: 0 },
      events: [],
    });
    if (error) failed.push(id);
  };
  const chat = (parent: string): void => {
    const start = clock;
    clock += BigInt(Math.round(200 + random() * 3000)) * 1_000_000n;
    const input = Math.round(500 + random() * 20_000);
    const output = Math.round(10 + random() * 800);
    push(newId(), parent, 'chat model-x', start, clock, [
      attr('gen_ai.operation.name', 'chat'),
      attr('gen_ai.request.model', 'model-x'),
      attr('gen_ai.usage.input_tokens', input),
      attr('gen_ai.usage.output_tokens', output),
      attr('gen_ai.usage.cost', (input * 3 + output * 15) / 1e6),
    ]);
  };
  const tool = (parent: string, name: string): string => {
    const id = newId();
    const start = clock;
    clock += BigInt(Math.round(50 + random() * 1500)) * 1_000_000n;
    const error = random() < 0.05;
    push(id, parent, `execute_tool ${name}`, start, clock, [attr('gen_ai.operation.name', 'execute_tool'), attr('gen_ai.tool.name', name), attr('agent_otel.tool.success', !error)], error);
    return id;
  };

  const rootId = newId();
  const rootStart = clock;
  const rootIndex = spans.length;
  push(rootId, undefined, 'invoke_agent big', rootStart, rootStart, [attr('gen_ai.operation.name', 'invoke_agent'), attr('gen_ai.agent.name', 'big')]);
  for (let turn = 0; left() > 0; turn++) {
    chat(rootId);
    if (left() === 0) break;
    if (turn % 10 === 9 && left() >= 2) {
      // A Task tool that launches a subagent: the subagent's span sits under the tool's, its calls under it.
      const taskId = newId();
      const taskStart = clock;
      const taskIndex = spans.length;
      push(taskId, rootId, 'execute_tool Task', taskStart, taskStart, [attr('gen_ai.operation.name', 'execute_tool'), attr('gen_ai.tool.name', 'Task')]);
      const agentId = newId();
      const agentIndex = spans.length;
      push(agentId, taskId, 'invoke_agent sub', taskStart, taskStart, [attr('gen_ai.operation.name', 'invoke_agent'), attr('agent_otel.subagent', true)]);
      subagents.push(agentId);
      for (let k = 0; k < 4 && left() > 0; k++) {
        chat(agentId);
        if (left() > 0) tool(agentId, 'Read');
      }
      for (const index of [taskIndex, agentIndex]) spans[index]!['endTimeUnixNano'] = String(clock);
    } else tool(rootId, turn % 3 === 0 ? 'Bash' : 'Edit');
  }
  spans[rootIndex]!['endTimeUnixNano'] = String(clock);

  const perLine = options.spansPerLine ?? 200;
  const lines: string[] = [];
  for (let i = 0; i < spans.length; i += perLine) {
    lines.push(
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [attr('service.name', 'big-agent')] },
            scopeSpans: [{ scope: { name: 'agent-otel', version: '0' }, spans: spans.slice(i, i + perLine) }],
          },
        ],
      }),
    );
  }
  return { lines, traceId, spans: spans.length, failed, subagents };
}
