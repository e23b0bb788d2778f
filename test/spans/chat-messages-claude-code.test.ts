import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blocks, message, rawLines, type Obj } from '../support/expectations/claude-code-raw.js';
import { convertToSpans } from '../support/runs/convert-spans.js';
import type { NormalizedSpan } from '../support/spans/otlp-normalize.js';
import type { MessagePart as Part } from '../support/spans/message-parts.js';

/**
 * The chat spans' messages of a Claude Code session, checked against the
 * raw transcript read here with JSON.parse: the prompt in the first
 * response's input, each response's thinking, text and tool calls as its
 * output parts (in record order), and each tool result in the input of the
 * response after the one that asked for the call, never in the asking one's.
 */
const FILE = resolve(import.meta.dirname, '../fixtures/claude-code/split-responses/11111111-1111-4111-8111-111111111111.jsonl');

interface Message {
  role: string;
  parts: Part[];
  finish_reason?: string;
}

const parse = (value: unknown): Message[] => (value === undefined ? [] : (JSON.parse(String(value)) as Message[]));
const chatOf = (spans: NormalizedSpan[], responseId: string) => {
  const chat = spans.find((s) => s.attributes['gen_ai.response.id'] === responseId);
  if (!chat) throw new Error(`no chat span for ${responseId}`);
  return chat;
};

/** Responses in the order their first record appears, with their blocks in record order. */
function rawResponses(): Array<{ id: string; blocks: Obj[]; stopReason?: string }> {
  const out = new Map<string, { id: string; blocks: Obj[]; stopReason?: string }>();
  for (const { value } of rawLines(FILE)) {
    if (value.type !== 'assistant') continue;
    const id = String(message(value).id);
    const entry = out.get(id) ?? { id, blocks: [] };
    entry.blocks.push(...blocks(value));
    const stop = message(value).stop_reason;
    if (typeof stop === 'string') entry.stopReason = stop;
    out.set(id, entry);
  }
  return [...out.values()];
}

function rawPrompt(): string {
  const first = rawLines(FILE).find(({ value }) => value.type === 'user' && typeof message(value).content === 'string');
  return String(first && message(first.value).content);
}

function rawToolResults(): Array<{ callId: string; text: string }> {
  return rawLines(FILE).flatMap(({ value }) =>
    value.type !== 'user'
      ? []
      : blocks(value).flatMap((b) => (b.type === 'tool_result' ? [{ callId: String(b.tool_use_id), text: typeof b.content === 'string' ? b.content : '' }] : [])),
  );
}

describe('Claude Code: chat spans carry the conversation of the raw transcript', () => {
  it('puts the prompt, each response\'s parts and each tool result where they belong', async () => {
    const { spans } = await convertToSpans([FILE], { content: { capture: true, maxLength: 100_000 } });
    const responses = rawResponses();
    expect(responses.length).toBeGreaterThanOrEqual(3);

    const firstInput = parse(chatOf(spans, responses[0]!.id).attributes['gen_ai.input.messages']);
    expect(firstInput[0]).toEqual({ role: 'user', parts: [{ type: 'text', content: rawPrompt() }] });

    for (const response of responses) {
      const expected: Part[] = response.blocks.flatMap((b): Part[] => {
        if (b.type === 'thinking') return typeof b.thinking === 'string' && b.thinking !== '' ? [{ type: 'reasoning', content: b.thinking }] : [];
        if (b.type === 'text') return [{ type: 'text', content: String(b.text) }];
        if (b.type === 'tool_use') return [{ type: 'tool_call', id: String(b.id), name: String(b.name), arguments: b.input }];
        return [];
      });
      const output = parse(chatOf(spans, response.id).attributes['gen_ai.output.messages']);
      // The source's stop reason; with none recorded, `tool_call` when the response asks for tools, else `stop`.
      const finish = response.stopReason ?? (expected.some((p) => p.type === 'tool_call') ? 'tool_call' : 'stop');
      expect(output).toEqual([{ role: 'assistant', parts: expected, finish_reason: finish }]);
    }

    const askedBy = new Map(responses.flatMap((r) => r.blocks.filter((b) => b.type === 'tool_use').map((b) => [String(b.id), r.id] as const)));
    const results = rawToolResults();
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      const asking = responses.findIndex((r) => r.id === askedBy.get(result.callId));
      const holders = responses.filter((r) =>
        parse(chatOf(spans, r.id).attributes['gen_ai.input.messages']).some((m) =>
          m.parts.some((p) => p.type === 'tool_call_response' && p.id === result.callId),
        ),
      );
      expect(holders.map((r) => r.id), result.callId).toEqual([responses[asking + 1]!.id]);
      const part = parse(chatOf(spans, responses[asking + 1]!.id).attributes['gen_ai.input.messages'])
        .flatMap((m) => m.parts)
        .find((p) => p.id === result.callId)!;
      expect(String(part.response)).toContain(result.text.split('\n')[0]);
    }
  });

  it('with capture off, writes sizes and counts but no message attribute and no text', async () => {
    const { spans } = await convertToSpans([FILE]);
    const raw = readFileSync(FILE, 'utf8');
    expect(raw).toContain(rawPrompt());
    const written = JSON.stringify(spans, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    expect(written).not.toContain(rawPrompt());
    for (const result of rawToolResults().filter((r) => r.text.length > 10)) expect(written).not.toContain(result.text.split('\n')[0]);
    for (const span of spans) {
      for (const key of ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions']) expect(span.attributes[key]).toBeUndefined();
    }
    const first = chatOf(spans, rawResponses()[0]!.id);
    expect(first.attributes['agent_otel.messages.input.count']).toBe(1);
    expect(first.attributes['agent_otel.messages.input.size']).toBe(Buffer.byteLength(rawPrompt()));
  });
});
