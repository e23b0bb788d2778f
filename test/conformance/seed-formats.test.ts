/**
 * The four seed formats end to end: each sample folder is converted by the
 * library into a JSONL file, read back as OTLP, and compared with
 * expected.json and with figures this test computes itself from the raw
 * sample lines (never from the adapters or the mapper).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/pipeline/convert.js';
import { JsonlFileExporter } from '../../src/exporters/jsonl/jsonl-file-exporter.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';
import type { NormalizedSpan } from '../support/spans/otlp-normalize.js';
import { rawJsonLines } from '../support/expectations/raw-lines.js';
import { sharedFixture } from '../support/fixtures/shared-fixtures.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const SEEDS = sharedFixture('seed-formats');
const tempDir = useTempDirs();

/**
 * Whether a format's input figure already includes cached tokens. zag's usage
 * events count cache reads apart (Anthropic style). kaizen's `tokens_in` is the
 * whole prompt: on every Message record it equals `context_used_tokens`, which
 * is larger than the cache figures (checked below from the raw lines).
 */
const INPUT_INCLUDES_CACHE: Record<string, boolean> = { zag: false, kaizen: true, codetether: false, 'event-store': false };

interface ExpectedCall { id?: string; order?: number; name: string; success: boolean; duration_ms: number }
interface ExpectedSession { tool_calls: ExpectedCall[]; tokens?: { input: number; output: number; cache_read?: number; cache_creation?: number }; ended?: boolean }

/** Nanoseconds since the epoch from an RFC 3339 time, all fraction digits kept. */
function isoNanos(ts: string): bigint {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) throw new Error(`bad time ${ts}`);
  return BigInt(Date.parse(`${m[1]}${m[3]}`)) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0').slice(0, 9));
}
const ms = (nanos: bigint) => Number(nanos) / 1e6;
const num = (v: unknown) => Number(v ?? 0);

/** Independent reading of the raw files: tool calls and token sums per session. */
function rawExpectations(format: string, dir: string): Map<string, { calls: { key: string; name: string; success: boolean; durationMs: number }[]; input: number; output: number; cacheRead: number; cacheCreation: number }> {
  const out = new Map<string, { calls: { key: string; name: string; success: boolean; durationMs: number }[]; input: number; output: number; cacheRead: number; cacheCreation: number }>();
  const session = (id: string) => {
    let s = out.get(id);
    if (!s) out.set(id, (s = { calls: [], input: 0, output: 0, cacheRead: 0, cacheCreation: 0 }));
    return s;
  };
  const files = (sub: string, pick: (f: string) => boolean) =>
    readdirSync(join(dir, sub), { recursive: true, encoding: 'utf8' }).filter(pick).sort().map((f) => join(dir, sub, f));
  if (format === 'zag') {
    for (const file of files('zag/logs/sessions', (f) => f.endsWith('.jsonl'))) {
      const open = new Map<string, { name: string; t: bigint }>();
      for (const { value: r } of rawJsonLines(file)) {
        const s = session(String(r.wrapper_session_id));
        if (r.type === 'tool_call') open.set(String(r.tool_id), { name: String(r.tool_name), t: isoNanos(String(r.ts)) });
        if (r.type === 'tool_result') {
          const c = open.get(String(r.tool_id))!;
          s.calls.push({ key: String(r.tool_id), name: c.name, success: r.success === true, durationMs: ms(isoNanos(String(r.ts)) - c.t) });
        }
        if (r.type === 'usage') {
          s.input += num(r.input_tokens);
          s.output += num(r.output_tokens);
          s.cacheRead += num(r.cache_read_tokens);
          s.cacheCreation += num(r.cache_creation_tokens);
        }
      }
    }
  } else if (format === 'codetether') {
    for (const file of files('codetether', (f) => f.endsWith('.jsonl'))) {
      for (const { value: r } of rawJsonLines(file)) {
        if (r.message_type !== 'tool_result') continue;
        const s = session(String(r.session_id));
        s.calls.push({ key: `#${s.calls.length}`, name: String(r.tool_name), success: r.tool_success === true, durationMs: num(r.tool_duration_ms) });
      }
    }
  } else if (format === 'kaizen') {
    for (const file of files('kaizen', (f) => f.endsWith('events.jsonl'))) {
      const open = new Map<string, { name: string; t: number }>();
      for (const { value: r } of rawJsonLines(file)) {
        const s = session(String(r.session_id));
        if (r.kind === 'ToolCall') open.set(String(r.tool_call_id), { name: String(r.tool), t: num(r.ts_ms) });
        if (r.kind === 'ToolResult') {
          const c = open.get(String(r.tool_call_id))!;
          const payload = r.payload as { ok?: boolean };
          s.calls.push({ key: String(r.tool_call_id), name: c.name, success: payload.ok === true, durationMs: num(r.ts_ms) - c.t });
        }
        if (r.kind === 'Message') {
          s.input += num(r.tokens_in);
          s.output += num(r.tokens_out);
          s.cacheRead += num(r.cache_read_tokens);
          s.cacheCreation += num(r.cache_creation_tokens);
        }
      }
    }
  } else {
    const open = new Map<string, { t: bigint }[]>();
    for (const { value: r } of rawJsonLines(join(dir, 'event-store/events.jsonl'))) {
      const key = String(r.session_key);
      const s = session(key);
      const kind = r.kind as Record<string, unknown>;
      const t = isoNanos(String(r.timestamp));
      const queue = `${key}\0${String(kind.tool_name)}`;
      if (kind.type === 'tool_called') open.set(queue, [...(open.get(queue) ?? []), { t }]);
      if (kind.type === 'tool_result') {
        const c = open.get(queue)!.shift()!;
        s.calls.push({ key: `#${s.calls.length}`, name: String(kind.tool_name), success: kind.success === true, durationMs: ms(t - c.t) });
      }
      if (kind.type === 'agent_response') {
        const tokens = kind.tokens as Record<string, unknown>;
        s.input += num(tokens.input_tokens);
        s.output += num(tokens.output_tokens);
      }
    }
  }
  return out;
}

describe.runIf(SEEDS)('seed formats: convert reproduces expected.json', () => {
  const expected = SEEDS ? (JSON.parse(readFileSync(join(SEEDS, 'expected.json'), 'utf8')) as Record<string, ExpectedSession>) : {};
  let spans: NormalizedSpan[] = [];
  beforeAll(async () => {
    const out = join(tempDir(), 'seeds.jsonl');
    const exporter = new JsonlFileExporter({ path: out });
    const summary = await convert({ inputs: [SEEDS!], exporter });
    await exporter.shutdown();
    expect(summary.exportFailures).toBe(0);
    spans = readJsonlSpans(out);
  });

  const cases = Object.entries(expected).map(([key, session]) => {
    const [format, ...rest] = key.split('/');
    return { key, format: format!, sessionId: rest.join('/'), session };
  });

  it.each(cases)('$key: tool calls, success, durations and tokens', ({ format, sessionId, session }) => {
    const root = spans.find((s) => s.parentSpanId === undefined && s.attributes['gen_ai.conversation.id'] === sessionId);
    expect(root, `root span of ${sessionId}`).toBeDefined();
    const trace = spans.filter((s) => s.traceId === root!.traceId);
    const tools = trace
      .filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool')
      .sort((a, b) => (a.endTimeUnixNano < b.endTimeUnixNano ? -1 : a.endTimeUnixNano > b.endTimeUnixNano ? 1 : 0));
    expect(tools).toHaveLength(session.tool_calls.length);
    const raw = rawExpectations(format, SEEDS!).get(sessionId)!;
    expect(raw.calls).toHaveLength(session.tool_calls.length);
    session.tool_calls.forEach((call, i) => {
      const span = call.id !== undefined ? tools.find((t) => t.attributes['gen_ai.tool.call.id'] === call.id) : tools[call.order ?? i];
      expect(span, `tool call ${call.id ?? call.order}`).toBeDefined();
      expect(span!.parentSpanId).toBe(root!.spanId);
      expect(span!.attributes['gen_ai.tool.name']).toBe(call.name);
      expect(span!.attributes['agent_otel.tool.success']).toBe(call.success);
      expect(span!.status.code).toBe(call.success ? 0 : 2);
      const spanMs = ms(span!.endTimeUnixNano - span!.startTimeUnixNano);
      expect(Math.abs(spanMs - call.duration_ms)).toBeLessThan(1);
      expect(Math.abs(Number(span!.attributes['agent_otel.tool.duration_ms']) - call.duration_ms)).toBeLessThan(1);
      // The same call computed from the raw lines by this test.
      const mine = call.id !== undefined ? raw.calls.find((c) => c.key === call.id) : raw.calls[call.order ?? i];
      expect(mine!.name).toBe(call.name);
      expect(mine!.success).toBe(call.success);
      expect(Math.abs(mine!.durationMs - spanMs)).toBeLessThan(1);
    });
    if (session.tokens) {
      const t = session.tokens;
      const input = INPUT_INCLUDES_CACHE[format] ? t.input : t.input + (t.cache_read ?? 0) + (t.cache_creation ?? 0);
      expect(num(root!.attributes['agent_otel.usage.own.input_tokens'])).toBe(input);
      expect(num(root!.attributes['agent_otel.usage.own.output_tokens'])).toBe(t.output);
      expect(num(root!.attributes['agent_otel.usage.own.cache_read.input_tokens'])).toBe(t.cache_read ?? 0);
      expect(num(root!.attributes['agent_otel.usage.own.cache_creation.input_tokens'])).toBe(t.cache_creation ?? 0);
      expect(root!.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
      expect(INPUT_INCLUDES_CACHE[format] ? raw.input : raw.input + raw.cacheRead + raw.cacheCreation).toBe(input);
      expect(raw.output).toBe(t.output);
      const chatInput = trace.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat').reduce((sum, s) => sum + num(s.attributes['gen_ai.usage.input_tokens']), 0);
      expect(chatInput).toBe(input);
    }
    if (session.ended !== undefined) expect(root!.attributes['agent_otel.session.end_recorded']).toBe(session.ended);
  });

  it.runIf(SEEDS)('kaizen: tokens_in is the whole prompt (it equals context_used_tokens)', () => {
    const files = readdirSync(join(SEEDS!, 'kaizen'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('events.jsonl'));
    let messages = 0;
    for (const f of files) {
      for (const { value: r } of rawJsonLines(join(SEEDS!, 'kaizen', f))) {
        if (r.kind !== 'Message') continue;
        messages++;
        expect(r.tokens_in).toBe(r.context_used_tokens);
        expect(num(r.tokens_in)).toBeGreaterThanOrEqual(num(r.cache_read_tokens) + num(r.cache_creation_tokens));
      }
    }
    expect(messages).toBeGreaterThan(0);
  });

  it('puts every span of a session in its session trace, under its root', () => {
    const roots = spans.filter((s) => s.parentSpanId === undefined);
    expect(roots).toHaveLength(cases.length);
    for (const span of spans) {
      const root = roots.find((r) => r.traceId === span.traceId);
      expect(root, span.name).toBeDefined();
      if (span !== root) expect(span.parentSpanId).toBe(root!.spanId);
    }
  });

  it('converts the same files to the same ids twice', async () => {
    const out = join(tempDir(), 'again.jsonl');
    const exporter = new JsonlFileExporter({ path: out });
    await convert({ inputs: [SEEDS!], exporter });
    await exporter.shutdown();
    const again = readJsonlSpans(out);
    const ids = (list: NormalizedSpan[]) => list.map((s) => `${s.traceId}/${s.spanId}`).sort();
    expect(ids(again)).toEqual(ids(spans));
  });
});
