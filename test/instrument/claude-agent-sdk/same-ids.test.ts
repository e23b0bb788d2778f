import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../support/isolation/temp-dirs.js';
import { convertToSpans } from '../../support/runs/convert-spans.js';
import { collect, fakeOptions, streamMessages, tracedSdk } from './recorded-runs.js';

const tempDir = useTempDirs();

/**
 * The main agent's messages of the recorded run as Claude Code writes them to
 * its transcript (`~/.claude/projects/<project>/<session>.jsonl`): the
 * conversation records with `sessionId`, `uuid` and a timestamp.
 */
function transcriptOf(messages: readonly Record<string, unknown>[]): string {
  const start = Date.parse('2026-12-01T10:00:00.000Z');
  const sessionId = messages[0]!.session_id as string;
  const lines = [{ type: 'user', sessionId, uuid: 'prompt-1', timestamp: new Date(start).toISOString(), message: { role: 'user', content: 'Why does the cart test fail?' } }];
  messages.forEach((m, i) => {
    if ((m.type !== 'assistant' && m.type !== 'user') || m.parent_tool_use_id !== null) return;
    lines.push({ type: m.type, sessionId, uuid: m.uuid as string, timestamp: new Date(start + (i + 1) * 1000).toISOString(), message: m.message as never });
  });
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

describe('Claude Agent SDK: the same ids as the converted transcript', () => {
  it('gives the run the trace, root, chat and tool span ids that converting its transcript gives', async () => {
    const recorded = streamMessages('tool-run');
    const traced = tracedSdk();
    await collect(traced.sdk.query({ prompt: 'Why does the cart test fail?', options: fakeOptions('tool-run') }));
    const live = await traced.spans();

    const file = join(tempDir(), `${String(recorded[0]!.session_id)}.jsonl`);
    writeFileSync(file, transcriptOf(recorded));
    const converted = (await convertToSpans([file])).spans;
    expect(converted.length).toBeGreaterThan(0);

    const key = (attrs: Record<string, unknown>) =>
      `${String(attrs['gen_ai.operation.name'])} ${String(attrs['gen_ai.response.id'] ?? attrs['gen_ai.tool.call.id'] ?? '')}`;
    const convertedIds = new Map(converted.map((s) => [key(s.attributes), `${s.traceId}/${s.spanId}`]));
    const mainSpans = live.filter((s) => s.attributes['gen_ai.conversation.id'] === recorded[0]!.session_id);
    expect(mainSpans.length).toBe(converted.length);
    for (const span of mainSpans) {
      expect(`${span.spanContext().traceId}/${span.spanContext().spanId}`).toBe(convertedIds.get(key(span.attributes)));
    }
  });
});
