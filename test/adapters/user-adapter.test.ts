import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  Clock,
  builtinAdapters,
  convert,
  discover,
  exactness,
  hasFields,
  JsonlFileExporter,
  readRecords,
  someFirstLine,
  withUserAdapters,
  type Adapter,
  type AgentEvent,
  type Warning,
} from '../../src/index.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

/*
 * A tiny format of our own, "tinylog": one JSON object a line,
 * {"tiny":1,"session","at","kind":"prompt"|"reply"|"tool",...}. The adapter
 * below is the one docs/adding-an-adapter.md walks through.
 */
const TinyLine = z.looseObject({
  tiny: z.literal(1),
  session: z.string().min(1),
  at: z.string().optional(),
  kind: z.enum(['prompt', 'reply', 'tool']),
  text: z.string().optional(),
  model: z.string().optional(),
  in: z.number().int().nonnegative().optional(),
  out: z.number().int().nonnegative().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  ok: z.boolean().optional(),
  ms: z.number().nonnegative().optional(),
});

const tinyAdapter: Adapter = {
  format: 'tinylog',
  agent: 'tiny-agent',
  description: 'tinylog session files (*.jsonl)',
  detect: (probe) => someFirstLine(probe, (line) => hasFields(line, { tiny: 'number', session: 'string', kind: 'string' })),
  async *read(unit, ctx) {
    const clock = new Clock();
    const started = new Set<string>();
    let last: { sessionId: string; time: number } | undefined;
    for await (const { record: r, file, line } of readRecords(unit.files, TinyLine, ctx)) {
      const at = clock.atOrReport(r.at, { file, line }, ctx.warn, 'line has no at');
      if (!at) continue;
      const base = { sessionId: r.session, time: at.time, ...exactness(at), source: { file, line } };
      if (!started.has(r.session)) {
        started.add(r.session);
        yield { ...base, type: 'session.start', meta: { agent: 'tiny-agent' } } satisfies AgentEvent;
      }
      last = { sessionId: r.session, time: at.time };
      if (r.kind === 'prompt') yield { ...base, type: 'message', role: 'user', content: r.text };
      else if (r.kind === 'reply') {
        yield { ...base, type: 'model.call', requestModel: r.model, usage: { input: r.in, output: r.out, inputIncludesCache: true } };
      } else yield { ...base, type: 'tool.result', callId: r.id ?? `line-${line}`, name: r.name, success: r.ok ?? true, durationMs: r.ms };
    }
    if (last) yield { ...last, type: 'session.end', outcome: 'ok' };
  },
};

/** A raw tinylog line as the test writes it (loosely typed: one line has a kind the format does not know). */
interface RawLine {
  tiny: number;
  session: string;
  kind: string;
  at?: string;
  text?: string;
  model?: string;
  in?: number;
  out?: number;
  id?: string;
  name?: string;
  ok?: boolean;
  ms?: number;
}

const RAW_A: RawLine[] = [
  { tiny: 1, session: 'tiny-a', at: '2026-03-01T10:00:00Z', kind: 'prompt', text: 'list the files' },
  { tiny: 1, session: 'tiny-a', at: '2026-03-01T10:00:02Z', kind: 'reply', model: 'tiny-model-1', in: 120, out: 30 },
  { tiny: 1, session: 'tiny-a', at: '2026-03-01T10:00:03.500Z', kind: 'tool', id: 'call-1', name: 'ls', ok: true, ms: 1500 },
  { tiny: 1, session: 'tiny-a', at: '2026-03-01T10:00:04Z', kind: 'dance' },
  { tiny: 1, session: 'tiny-a', kind: 'tool', id: 'call-2', name: 'cat', ok: false, ms: 20 },
  { tiny: 1, session: 'tiny-a', at: '2026-03-01T10:00:05Z', kind: 'reply', model: 'tiny-model-1', in: 200, out: 45 },
];
const RAW_B: RawLine[] = [
  { tiny: 1, session: 'tiny-b', kind: 'prompt', text: 'no time yet' },
  { tiny: 1, session: 'tiny-b', at: '2026-03-02T08:00:00Z', kind: 'reply', model: 'tiny-model-2', in: 7, out: 3 },
];
const EVENT_STORE_FIXTURE = resolve(import.meta.dirname, '../fixtures/event-store');

const tempDir = useTempDirs();

function writeTinyFiles(): { dir: string; a: string; b: string } {
  const dir = tempDir();
  const a = join(dir, 'a.jsonl');
  const b = join(dir, 'b.jsonl');
  writeFileSync(a, RAW_A.map((l) => JSON.stringify(l)).join('\n') + '\n');
  writeFileSync(b, RAW_B.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return { dir, a, b };
}

describe('a user adapter passed to convert()', () => {
  it('converts its own format next to the built-in ones, with warnings naming file and line', async () => {
    const { dir, a, b } = writeTinyFiles();
    const out = join(dir, 'out', 'spans.jsonl');
    const exporter = new JsonlFileExporter({ path: out });
    const warnings: Warning[] = [];
    const summary = await convert({ inputs: [a, b, EVENT_STORE_FIXTURE], exporter, adapters: [tinyAdapter], onWarning: (w) => warnings.push(w) });
    await exporter.shutdown();
    const spans = readJsonlSpans(out);

    // Expected values from the raw lines: valid kinds with a time (their own or an earlier line's).
    const raw = [...RAW_A, ...RAW_B];
    const kinds = new Set(['prompt', 'reply', 'tool']);
    const timed = [RAW_A.filter((l) => kinds.has(l.kind)), RAW_B.filter((l) => kinds.has(l.kind)).slice(RAW_B.findIndex((l) => l.at !== undefined))].flat();
    const replies = timed.filter((l) => l.kind === 'reply');
    const tools = timed.filter((l) => l.kind === 'tool');

    expect(summary.formats).toEqual({ tinylog: 2, 'event-store': 1 });
    const tiny = spans.filter((s) => s.resource['service.name'] === 'tiny-agent');
    const roots = tiny.filter((s) => s.name === 'invoke_agent tiny-agent');
    expect(roots.map((s) => s.attributes['gen_ai.conversation.id']).sort()).toEqual([...new Set(raw.map((l) => l.session))].sort());
    expect(tiny.every((s) => s.resource['agent_otel.source.format'] === 'tinylog')).toBe(true);

    const chats = tiny.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(chats.map((s) => s.attributes['gen_ai.usage.input_tokens']).sort()).toEqual(replies.map((l) => l.in).sort());
    expect(chats.map((s) => s.attributes['gen_ai.usage.output_tokens']).sort()).toEqual(replies.map((l) => l.out).sort());
    expect(chats.map((s) => s.name).sort()).toEqual(replies.map((l) => `chat ${l.model}`).sort());

    const toolSpans = tiny.filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool');
    const byName = new Map(toolSpans.map((s) => [s.attributes['gen_ai.tool.name'], s]));
    expect([...byName.keys()].sort()).toEqual(tools.map((l) => l.name).sort());
    for (const l of tools) {
      expect(byName.get(l.name)!.attributes['agent_otel.tool.success']).toBe(l.ok);
      expect(byName.get(l.name)!.attributes['agent_otel.tool.duration_ms']).toBe(l.ms);
    }

    // The built-in adapters still read what is theirs.
    expect(spans.some((s) => s.resource['agent_otel.source.format'] === 'event-store')).toBe(true);

    const where = (w: Warning) => `${w.code} ${w.file}:${w.line}`;
    const dance = RAW_A.findIndex((l) => l.kind === 'dance') + 1;
    expect(warnings.map(where)).toEqual(expect.arrayContaining([`schema ${a}:${dance}`, `missing_time ${b}:1`]));
  });

  it('tries user adapters before the built-in ones', async () => {
    const claimAll: Adapter = { ...tinyAdapter, format: 'claim-all', detect: () => true };
    const found = await discover([EVENT_STORE_FIXTURE], { adapters: [claimAll], warn: () => {} });
    expect(found.units.length).toBeGreaterThan(0);
    expect(found.units.every((u) => u.format === 'claim-all')).toBe(true);
    const builtin = await discover([EVENT_STORE_FIXTURE], { warn: () => {} });
    expect(builtin.units.map((u) => u.format)).toEqual(['event-store']);
  });

  it('lets a user adapter named like a built-in format replace it', () => {
    const mine: Adapter = { ...tinyAdapter, format: 'event-store' };
    const list = withUserAdapters([mine]);
    expect(list[0]).toBe(mine);
    expect(list.filter((x) => x.format === 'event-store')).toEqual([mine]);
    expect(list.length).toBe(builtinAdapters.length);
    expect(withUserAdapters([tinyAdapter]).map((x) => x.format)).toEqual(['tinylog', ...builtinAdapters.map((x) => x.format)]);
  });
});
