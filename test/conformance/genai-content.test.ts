import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonlFileExporter } from '../../src/exporters/jsonl/jsonl-file-exporter.js';
import { convert } from '../../src/pipeline/convert.js';
import { replay } from '../../src/replay/replay.js';
import { useCleanOtelEnv } from '../support/isolation/clean-otel-env.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { useReplayReceivers } from '../support/receivers/replay-receiver.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';

/**
 * Every fixture format, converted with content capture off and on, against
 * today's GenAI conventions: no deprecated message event anywhere, no content
 * with capture off, message attributes that parse as the conventions' JSON
 * with capture on, session.id (the trace's top session) beside
 * gen_ai.conversation.id, and the schema
 * URL on every resource and scope, in the JSONL file and after replay.
 */
useCleanOtelEnv();
const tempDir = useTempDirs();
const receiver = useReplayReceivers();

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const FORMATS = readdirSync(FIXTURES);
const SCHEMA_URL = 'https://opentelemetry.io/schemas/1.43.0';
const DEPRECATED_EVENTS = /^gen_ai\.(user|assistant|system|tool)\.message$|^gen_ai\.choice$/;
const MESSAGE_KEYS = ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions'];
/** Attributes that only ever hold content (span or event). */
const CONTENT_KEYS = [...MESSAGE_KEYS, 'gen_ai.tool.call.arguments', 'gen_ai.tool.call.result', 'agent_otel.tool.error', 'agent_otel.session.title', 'agent_otel.content'];

async function convertFormat(format: string, capture: boolean): Promise<string> {
  const out = join(tempDir(), 'spans.jsonl');
  const exporter = new JsonlFileExporter({ path: out });
  await convert({ inputs: [join(FIXTURES, format)], exporter, mapper: { content: { capture } } });
  await exporter.shutdown();
  return out;
}

interface RawTraces {
  resourceSpans: Array<{ schemaUrl?: string; scopeSpans: Array<{ schemaUrl?: string; spans: unknown[] }> }>;
}

function expectSchemaUrls(traces: RawTraces[]): void {
  let scopes = 0;
  for (const t of traces) {
    for (const rs of t.resourceSpans) {
      for (const ss of rs.scopeSpans) {
        if (ss.spans.length === 0) continue;
        scopes++;
        expect(rs.schemaUrl).toBe(SCHEMA_URL);
        expect(ss.schemaUrl).toBe(SCHEMA_URL);
      }
    }
  }
  expect(scopes).toBeGreaterThan(0);
}

describe.each(FORMATS)('%s fixtures in today\'s GenAI conventions', (format) => {
  it('capture off: no content attribute, no message events; the trace\'s session as session.id on every span with a conversation id', async () => {
    const spans = readJsonlSpans(await convertFormat(format, false));
    expect(spans.length).toBeGreaterThan(0);
    // A trace's session: its root's, or the parent an orphan subagent names (its parent is not among the inputs).
    const topSession = new Map(
      spans
        .filter((s) => s.parentSpanId === undefined)
        .map((s) => [s.traceId, s.attributes['agent_otel.parent.conversation_id'] ?? s.attributes['gen_ai.conversation.id']] as const),
    );
    for (const span of spans) {
      for (const key of CONTENT_KEYS) expect(span.attributes[key], `${span.name} ${key}`).toBeUndefined();
      for (const event of span.events) {
        expect(event.name).not.toMatch(DEPRECATED_EVENTS);
        for (const key of CONTENT_KEYS) expect(event.attributes[key], `${event.name} ${key}`).toBeUndefined();
      }
      if (span.attributes['gen_ai.conversation.id'] !== undefined) expect(span.attributes['session.id']).toBe(topSession.get(span.traceId));
    }
  });

  it('capture on: message attributes are the conventions\' JSON; schema URL in the file and after replay', async () => {
    const file = await convertFormat(format, true);
    const spans = readJsonlSpans(file);
    let messages = 0;
    for (const span of spans) {
      for (const event of span.events) expect(event.name).not.toMatch(DEPRECATED_EVENTS);
      for (const key of MESSAGE_KEYS) {
        const value = span.attributes[key];
        if (value === undefined) continue;
        messages++;
        const parsed = JSON.parse(String(value)) as unknown[];
        expect(Array.isArray(parsed)).toBe(true);
        for (const item of parsed as Array<Record<string, unknown>>) {
          const parts = key === 'gen_ai.system_instructions' ? [item] : (item.parts as Array<Record<string, unknown>>);
          if (key !== 'gen_ai.system_instructions') expect(['user', 'assistant', 'system', 'tool']).toContain(item.role);
          for (const part of parts) expect(['text', 'reasoning', 'tool_call', 'tool_call_response']).toContain(part.type);
        }
      }
    }
    expect(messages).toBeGreaterThan(0);
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    expectSchemaUrls(lines.map((l) => JSON.parse(l) as RawTraces));

    const r = await receiver();
    await replay({ inputs: [file], checkpoint: false, endpoint: r.url, env: {} });
    expect(r.received.length).toBeGreaterThan(0);
    expectSchemaUrls(r.received.map((q) => q.body as RawTraces));
  });
});
