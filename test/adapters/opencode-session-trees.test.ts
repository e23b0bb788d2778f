import { join } from 'node:path';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import type { SourceUnit } from '../../src/adapters/adapter.js';
import { openCodeAdapter } from '../../src/adapters/opencode/index.js';
import type { OpenCodeSession } from '../../src/adapters/opencode/schema.js';
import { treeEnds } from '../../src/adapters/opencode/session-trees.js';
import { readUnit } from '../../src/adapters/read-unit.js';
import type { AgentEvent } from '../../src/model/events.js';
import { convert } from '../../src/pipeline/convert.js';
import { SpanMapper } from '../../src/spans/mapper.js';
import { loadOpenCodeStorage, type OpenCodeRaw, type RawSession } from '../support/expectations/opencode-raw.js';
import { writeOpenCodeDb } from '../support/fixtures/opencode-db.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const storage = join(import.meta.dirname, '../fixtures/opencode/storage');
const fixture = loadOpenCodeStorage(storage);
const tempDir = useTempDirs();

const session = (id: string, parentID?: string): OpenCodeSession => ({ id, ...(parentID ? { parentID } : {}) });

describe('opencode session trees: where each tree ends in reading order', () => {
  it('ends a tree at its last session, subagents at any depth included', () => {
    const ends = treeEnds([session('a'), session('b'), session('a1', 'a'), session('b1', 'b'), session('a11', 'a1'), session('c')]);
    expect([...ends.entries()].sort(([x], [y]) => x - y)).toEqual([
      [3, ['b', 'b1']],
      [4, ['a', 'a1', 'a11']],
      [5, ['c']],
    ]);
  });

  it('lets a session whose parent is not read before it root a tree of its own', () => {
    // 'x' names a parent that is not in the store; 'late' names one read after it; 'self' names itself.
    const ends = treeEnds([session('x', 'gone'), session('late', 'p'), session('p'), session('self', 'self')]);
    expect([...ends.values()]).toEqual([['x'], ['late'], ['p'], ['self']]);
  });

  it('keeps a session id read twice in the tree it was first read in', () => {
    const ends = treeEnds([session('a'), session('b'), session('a')]);
    expect([...ends.entries()].sort(([x], [y]) => x - y)).toEqual([
      [1, ['b']],
      [2, ['a', 'a']],
    ]);
  });
});

/**
 * The fixture's session tree (a root and the subagent its `task` call made)
 * copied `copies` times, each copy's ids renamed and its times moved on by
 * `stepMs`, so that the copies' sessions interleave in creation order.
 */
function interleavedTrees(copies: number, stepMs: number): OpenCodeRaw {
  const out: OpenCodeRaw = { sessions: [], messages: new Map(), parts: new Map() };
  const json = JSON.stringify({ sessions: fixture.sessions, messages: [...fixture.messages], parts: [...fixture.parts] });
  for (let k = 0; k < copies; k++) {
    const renamed = json.replace(/\b(ses|msg|prt)_/g, `$1_t${k}`);
    const copy = JSON.parse(renamed, function (this: unknown, key, value: unknown) {
      // Every time (created, updated, completed, start, end) sits in an object under a `time` key.
      return typeof value === 'number' && ['created', 'updated', 'completed', 'start', 'end'].includes(key) ? value + k * stepMs : value;
    }) as { sessions: RawSession[]; messages: Array<[string, never]>; parts: Array<[string, never]> };
    out.sessions.push(...copy.sessions);
    for (const [id, list] of copy.messages) out.messages.set(id, list);
    for (const [id, list] of copy.parts) out.parts.set(id, list);
  }
  out.sessions.sort((a, b) => a.time.created - b.time.created);
  return out;
}

function databaseOf(raw: OpenCodeRaw): string {
  const file = join(tempDir(), 'opencode.db');
  writeOpenCodeDb(file, raw);
  return file;
}

const unitOf = (file: string): SourceUnit => ({ format: 'opencode', label: file, files: [file], hints: { kind: 'sqlite' } });

/** A span as the backend sees it, for comparing two runs. */
const shape = (s: ReadableSpan) => ({
  traceId: s.spanContext().traceId,
  spanId: s.spanContext().spanId,
  parent: s.parentSpanContext?.spanId,
  name: s.name,
  kind: s.kind,
  start: s.startTime,
  end: s.endTime,
  status: s.status,
  attributes: s.attributes,
  events: s.events,
  links: s.links,
  resource: s.resource.attributes,
});
const byId = (a: { spanId: string }, b: { spanId: string }) => (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);

describe('opencode: each session tree ends as soon as it is read', () => {
  // Roots 10 s apart; the fixture's subagent starts 21 s after its root: roots 0, 1, 2, then subagents 0, 1, 2.
  const raw = interleavedTrees(3, 10_000);
  const parentOf = new Map(raw.sessions.map((s) => [s.id, s.parentID]));
  const rootOf = (id: string): string => {
    const parent = parentOf.get(id);
    return parent !== undefined && parentOf.has(parent) ? rootOf(parent) : id;
  };

  it('tells the reader of each tree right after the last event of its last session', async () => {
    expect(raw.sessions.map((s) => s.id.slice(0, 6))).toEqual(['ses_t0', 'ses_t1', 'ses_t2', 'ses_t0', 'ses_t1', 'ses_t2']);
    const file = databaseOf(raw);
    const events: AgentEvent[] = [];
    const told: Array<{ ids: readonly string[]; after: number }> = [];
    const ctx = { warn: () => undefined, sessionsRead: (ids: readonly string[]) => told.push({ ids, after: events.length }) };
    for await (const event of readUnit(openCodeAdapter, unitOf(file), ctx)) events.push(event);

    // Expected from the raw sessions: one call per root, naming the root and its subagent.
    const trees = new Map<string, string[]>();
    for (const s of raw.sessions) trees.set(rootOf(s.id), [...(trees.get(rootOf(s.id)) ?? []), s.id]);
    expect(trees.size).toBe(3);
    expect(told.map((t) => [...t.ids].sort())).toEqual(expect.arrayContaining([...trees.values()].map((ids) => [...ids].sort())));
    expect(told).toHaveLength(trees.size);
    for (const { ids, after } of told) {
      const members = new Set(ids);
      const last = events.findLastIndex((e) => members.has(e.sessionId));
      expect(last).toBeGreaterThanOrEqual(0);
      expect(after).toBe(last + 1);
    }
    // Interleaved: the first tree is told before the last subagent's events are read.
    expect(told[0]!.after).toBeLessThan(events.length);
  });

  it('converts to the same spans as ending every session at the end of the database, the first trees exported first', async () => {
    const file = databaseOf(raw);
    const memory = new InMemorySpanExporter();
    const summary = await convert({ inputs: [file], exporter: memory, batchSize: 1, onWarning: () => undefined });
    const converted = memory.getFinishedSpans();
    expect(summary.spans).toBe(converted.length);

    // The same events through the one mapper, every session ended by finish() at the end.
    const mapper = new SpanMapper({ warn: () => undefined });
    mapper.format = 'opencode';
    const atEnd: ReadableSpan[] = [];
    for await (const event of readUnit(openCodeAdapter, unitOf(file), { warn: () => undefined })) atEnd.push(...mapper.push(event));
    atEnd.push(...mapper.finish());

    expect(converted.length).toBeGreaterThan(0);
    expect(converted.map(shape).sort(byId)).toEqual(atEnd.map(shape).sort(byId));

    // Root spans (no parent) of the first tree come out before the spans of the last subagent; at the end, after them.
    const conversation = (s: ReadableSpan) => String(s.attributes['gen_ai.conversation.id']);
    const firstRoot = (spans: ReadableSpan[]) => spans.findIndex((s) => s.parentSpanContext === undefined && conversation(s) === raw.sessions[0]!.id);
    const lastChild = raw.sessions.at(-1)!.id;
    const lastChildSpan = (spans: ReadableSpan[]) => spans.findIndex((s) => conversation(s) === lastChild);
    expect(firstRoot(converted)).toBeGreaterThanOrEqual(0);
    expect(lastChildSpan(converted)).toBeGreaterThanOrEqual(0);
    expect(firstRoot(converted)).toBeLessThan(lastChildSpan(converted));
    expect(firstRoot(atEnd)).toBeGreaterThan(lastChildSpan(atEnd));
  });
});
