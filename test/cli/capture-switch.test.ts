import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/runs/cli.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';

const tempDir = useTempDirs();
const EXAMPLES = resolve(import.meta.dirname, '../../examples/sessions');

/** `convert` takes the capture switch from the GenAI instrumentations' variable when its own flag and variable are not set. */
describe('agent-otel convert and OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', () => {
  it.each([
    { value: 'SPAN_ONLY', own: undefined, captured: true },
    { value: 'EVENT_ONLY', own: undefined, captured: false },
    { value: 'SPAN_AND_EVENT', own: 'false', captured: false },
  ])('$value (AGENT_OTEL_CAPTURE_CONTENT=$own): messages on the chat spans: $captured', async ({ value, own, captured }) => {
    const out = join(tempDir(), 'traces');
    const env = { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: value, ...(own !== undefined ? { AGENT_OTEL_CAPTURE_CONTENT: own } : {}) };
    expect((await cli(['convert', EXAMPLES, '--out', out, '--quiet'], { env })).code).toBe(0);
    const chats = readJsonlSpans(out).filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(chats.length).toBeGreaterThan(0);
    const withMessages = chats.filter((s) => s.attributes['gen_ai.output.messages'] !== undefined || s.attributes['gen_ai.input.messages'] !== undefined);
    expect(withMessages.length > 0).toBe(captured);
  });
});
