import { tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mockModel, op, tracedAi, type Reply } from './ai-test-kit.js';

const lookup = tool({ inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => `${city}: rain` });
const REPLIES: Reply[] = [
  { id: 'c-1', reasoning: 'Need the weather.', text: 'Checking.', calls: [{ id: 'call-l', tool: 'lookup', input: { city: 'Bergen' } }], tokens: { input: 5, output: 5 }, finish: 'tool-calls' },
  { id: 'c-2', text: 'Rain in Bergen.', tokens: { input: 5, output: 5 }, finish: 'stop' },
];
const PROMPT = 'weather in Bergen?';
const SYSTEM = 'Answer in one line.';

async function runWith(capture: boolean) {
  const { ai, spans } = tracedAi({ capture });
  await ai.generateText({ model: mockModel(REPLIES), system: SYSTEM, prompt: PROMPT, tools: { lookup }, stopWhen: ai.stepCountIs(3) });
  const all = await spans();
  return { chats: all.filter((s) => op(s) === 'chat'), toolSpan: all.find((s) => op(s) === 'execute_tool')! };
}

describe('ai: content', () => {
  it('keeps the conversation off the spans by default, with its sizes', async () => {
    const { chats, toolSpan } = await runWith(false);
    for (const span of [...chats, toolSpan]) {
      const names = Object.keys(span.attributes);
      expect(names.filter((n) => n.startsWith('gen_ai.input') || n.startsWith('gen_ai.output') || n.startsWith('gen_ai.system') || n.startsWith('gen_ai.tool.call.a') || n.startsWith('gen_ai.tool.call.r'))).toEqual([]);
    }
    expect(chats[0]!.attributes['agent_otel.messages.input.size']).toBe(Buffer.byteLength(PROMPT));
    expect(chats[0]!.attributes['agent_otel.messages.system.size']).toBe(Buffer.byteLength(SYSTEM));
  });

  it('with capture on: the prompt, the system instructions, reasoning, text and tool calls, and the tool result', async () => {
    const { chats, toolSpan } = await runWith(true);
    const [first, second] = chats;
    expect(JSON.parse(first!.attributes['gen_ai.system_instructions'] as string)).toEqual([{ type: 'text', content: SYSTEM }]);
    expect(JSON.parse(first!.attributes['gen_ai.input.messages'] as string)).toEqual([{ role: 'user', parts: [{ type: 'text', content: PROMPT }] }]);
    expect(JSON.parse(first!.attributes['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'Need the weather.' },
          { type: 'text', content: 'Checking.' },
          { type: 'tool_call', id: 'call-l', name: 'lookup', arguments: { city: 'Bergen' } },
        ],
        finish_reason: 'tool-calls',
      },
    ]);
    expect(JSON.parse(second!.attributes['gen_ai.input.messages'] as string)).toEqual([{ role: 'tool', parts: [{ type: 'tool_call_response', id: 'call-l', response: 'Bergen: rain' }] }]);
    expect((JSON.parse(second!.attributes['gen_ai.output.messages'] as string) as Array<{ parts: unknown }>)[0]!.parts).toEqual([{ type: 'text', content: 'Rain in Bergen.' }]);
    expect([toolSpan.attributes['gen_ai.tool.call.arguments'], toolSpan.attributes['gen_ai.tool.call.result']]).toEqual([JSON.stringify({ city: 'Bergen' }), 'Bergen: rain']);
  });
});
