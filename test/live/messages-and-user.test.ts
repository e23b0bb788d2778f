import { describe, expect, it } from 'vitest';
import { AgentTelemetry } from '../../src/live/agent-telemetry.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';

const tempDir = useTempDirs();

/** The live API: the user a session names becomes user.id, and its messages the chat span's input and output. */
describe('live API: user and messages', () => {
  it('puts user.id and session.id on every span, and the messages on the chat span when capture is on', async () => {
    const dir = tempDir();
    const telemetry = new AgentTelemetry({ flushOnExit: false, env: { AGENT_OTEL_JSONL_PATH: dir, OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'SPAN_ONLY' } });
    const session = telemetry.startSession({ sessionId: 'live-u', userId: 'ada', model: 'm' });
    session.message('system', 'Be brief.');
    session.message('user', 'What is 2+2?');
    session.reasoning('Simple sum.');
    session.startModelCall({ model: 'm' }).end({ responseId: 'r1', content: '4', usage: { input: 5, output: 1 } });
    session.end();
    await telemetry.shutdown();

    const spans = readJsonlSpans(dir);
    expect(spans.length).toBe(2);
    for (const span of spans) {
      expect(span.attributes['user.id']).toBe('ada');
      expect(span.attributes['session.id']).toBe('live-u');
    }
    const chat = spans.find((s) => s.name.startsWith('chat'))!;
    expect(JSON.parse(String(chat.attributes['gen_ai.system_instructions']))).toEqual([{ type: 'text', content: 'Be brief.' }]);
    expect(JSON.parse(String(chat.attributes['gen_ai.input.messages']))).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'What is 2+2?' }] }]);
    expect(JSON.parse(String(chat.attributes['gen_ai.output.messages']))).toEqual([
      { role: 'assistant', parts: [{ type: 'reasoning', content: 'Simple sum.' }, { type: 'text', content: '4' }], finish_reason: 'stop' },
    ]);
  });
});
