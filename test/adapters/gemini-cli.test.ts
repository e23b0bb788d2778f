import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geminiCliAdapter } from '../../src/adapters/gemini-cli/index.js';
import { collectEvents, ofType, probeFile } from '../support/runs/collect-events.js';
import { describeWithFixture } from '../support/fixtures/shared-fixtures.js';

const here = import.meta.dirname;
const fixtures = join(here, '../fixtures/gemini-cli');
const legacyFile = join(fixtures, 'legacy/session-2025-11-03T09-14-7d2c41aa.json');
const tornFile = join(fixtures, 'legacy/session-2025-11-03T10-00-0b0b0b0b.json');
const chats = join(fixtures, 'jsonl/chats');
const mainJsonl = join(chats, 'session-2025-11-04T14-20-5e1f0c2a.jsonl');
const subJsonl = join(chats, '5e1f0c2a-7b3d-4c8e-9f10-2a3b4c5d6e7f/c9d8e7f6-aaaa-4bbb-8ccc-ddddeeeeffff.jsonl');

/** The fields of Gemini CLI chat records these tests read, as plain JSON. */
interface RawTokens {
  input: number;
  output: number;
  cached: number;
  thoughts?: number;
  tool?: number;
  total: number;
}
interface RawToolCall {
  id?: string;
  name: string;
  args?: unknown;
  status: string;
  timestamp: string;
  resultDisplay?: string;
  agentId?: string;
}
interface RawMessage {
  id?: string;
  timestamp?: string;
  type: string;
  content?: string | Array<{ text: string }>;
  thoughts?: Array<{ subject: string; description: string; timestamp: string }>;
  tokens?: RawTokens | null;
  model?: string;
  toolCalls?: RawToolCall[];
}
interface RawDoc {
  sessionId: string;
  projectHash: string;
  startTime: string;
  messages: RawMessage[];
}
/** A JSONL line: metadata, a message, `$set` or `$rewindTo`. */
interface Raw extends Partial<RawMessage> {
  sessionId?: string;
  $set?: { summary?: string; messages?: RawMessage[] };
  $rewindTo?: string;
  [key: string]: unknown;
}
const ms = (iso: string | undefined): number => Date.parse(iso ?? 'missing');
function tokensOf(m: RawMessage | Raw): RawTokens {
  if (!m.tokens) throw new Error(`message ${m.id} has no tokens`);
  return m.tokens;
}
const readJson = (file: string): RawDoc => JSON.parse(readFileSync(file, 'utf8')) as RawDoc;
const readLines = (file: string): Array<Raw | undefined> =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as Raw;
      } catch {
        return undefined;
      }
    });

describe('gemini-cli adapter: detect', () => {
  it.each([
    ['legacy document', legacyFile, true],
    ['JSONL main session', mainJsonl, true],
    ['JSONL subagent session', subJsonl, true],
    ['a Copilot events file', join(here, '../fixtures/copilot-cli/session-state/2f6c7d1e-3a4b-4c5d-8e9f-0a1b2c3d4e5f/events.jsonl'), false],
  ])('%s -> %s', async (_name, file, expected) => {
    expect(geminiCliAdapter.detect(probeFile(file))).toBe(expected);
  });
});

describe('gemini-cli adapter: legacy single-document records', () => {
  const raw = readJson(legacyFile);
  const messages = raw.messages;

  it('starts the session with the document metadata', async () => {
    const { events } = await collectEvents(geminiCliAdapter, [legacyFile]);
    const start = ofType(events, 'session.start');
    expect(start).toHaveLength(1);
    expect(events[0]?.type).toBe('session.start');
    expect(start[0]?.sessionId).toBe(raw.sessionId);
    expect(start[0]?.time).toBe(Date.parse(raw.startTime));
    expect(start[0]?.meta.agent).toBe('gemini-cli');
    expect(start[0]?.meta.provider).toBe('gcp.gemini');
    expect(start[0]?.meta.model).toBe(messages.find((m) => m.type === 'gemini')?.model);
    expect(ofType(events, 'session.end')).toHaveLength(0);
  });

  it('emits one model.call per gemini message with tokens, all-zero records included', async () => {
    const { events } = await collectEvents(geminiCliAdapter, [legacyFile]);
    const withTokens = messages.filter((m) => m.type === 'gemini' && m.tokens);
    expect(withTokens.some((m) => tokensOf(m).total === 0)).toBe(true);
    const calls = ofType(events, 'model.call');
    expect(calls.map((c) => c.responseId)).toEqual(withTokens.map((m) => m.id));
    withTokens.forEach((m, i) => {
      const call = calls[i]!;
      const t = tokensOf(m);
      expect(call.time).toBe(ms(m.timestamp));
      expect(call.responseModel).toBe(m.model);
      expect(call.usage).toEqual({
        input: t.input + (t.tool ?? 0),
        output: t.output + (t.thoughts ?? 0),
        cacheRead: t.cached,
        reasoning: t.thoughts,
        total: t.total,
        inputIncludesCache: true,
      });
    });
  });

  it('turns each completed tool call into one tool.result without duration', async () => {
    const { events } = await collectEvents(geminiCliAdapter, [legacyFile]);
    const calls = messages.flatMap((m) => m.toolCalls ?? []);
    const counts = new Map<string, number>();
    const expected = calls.map((c) => {
      const n = counts.get(c.name) ?? 0;
      if (!c.id) counts.set(c.name, n + 1);
      return {
        callId: c.id ?? `${c.name}#${n}`,
        name: c.name,
        success: c.status === 'success',
        errorType: c.status === 'error' ? 'tool_error' : c.status === 'cancelled' ? 'cancelled' : undefined,
        time: Date.parse(c.timestamp),
      };
    });
    const results = ofType(events, 'tool.result');
    expect(results.map((r) => ({ callId: r.callId, name: r.name, success: r.success, errorType: r.errorType, time: r.time })))
      .toEqual(expected);
    expect(results.every((r) => r.durationMs === undefined)).toBe(true);
    expect(ofType(events, 'tool.call')).toHaveLength(0);
    const failed = results.find((r) => r.errorType === 'tool_error');
    expect(failed?.error).toBe(calls.find((c) => c.status === 'error')?.resultDisplay);
    expect(results.find((r) => r.name === 'replace')?.kind).toBe('file_edit');
    expect(results.find((r) => r.name === 'run_shell_command')?.kind).toBe('shell');
  });

  it('keeps thoughts, info, warning, error and unknown message kinds', async () => {
    const { events } = await collectEvents(geminiCliAdapter, [legacyFile]);
    const thoughts = messages.flatMap((m) => m.thoughts ?? []);
    const reasoning = ofType(events, 'reasoning');
    expect(reasoning.map((r) => r.time)).toEqual(thoughts.map((t) => Date.parse(t.timestamp)));
    expect(reasoning[0]?.content).toContain(thoughts[0]?.subject);

    const lifecycle = ofType(events, 'lifecycle');
    expect(lifecycle.map((l) => l.name)).toEqual(messages.filter((m) => ['info', 'warning'].includes(m.type)).map((m) => m.type));
    const warning = lifecycle.find((l) => l.name === 'warning')!;
    const warningIndex = messages.findIndex((m) => m.type === 'warning');
    expect(messages[warningIndex]?.timestamp).toBeUndefined();
    expect(warning.timeExact).toBe(false);
    expect(warning.time).toBe(ms(messages[warningIndex - 1]?.timestamp));

    const errors = ofType(events, 'error');
    expect(errors.map((e) => e.message)).toEqual(messages.filter((m) => m.type === 'error').map((m) => m.content));
    const unknown = ofType(events, 'unknown');
    expect(unknown.map((u) => u.kind)).toEqual(
      messages.filter((m) => !['user', 'gemini', 'info', 'warning', 'error'].includes(m.type) && m.id).map((m) => `message.${m.type}`),
    );
  });

  it('warns about a malformed message and keeps the others', async () => {
    const { events, warnings } = await collectEvents(geminiCliAdapter, [legacyFile]);
    const bad = messages.findIndex((m) => !m.id);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'schema', file: legacyFile });
    expect(warnings[0]?.message).toContain(`messages[${bad}]`);
    const users = ofType(events, 'message').filter((m) => m.role === 'user');
    const expectedUsers = messages.filter((m) => m.type === 'user' && m.id);
    expect(users.map((u) => u.messageId)).toEqual(expectedUsers.map((m) => m.id));
    const last = expectedUsers.at(-1)!;
    expect(users.at(-1)?.content).toBe((last.content as Array<{ text: string }>).map((p) => p.text).join(''));
  });

  it('warns about a torn document and emits nothing for it', async () => {
    const { events, warnings } = await collectEvents(geminiCliAdapter, [tornFile], { skipDetect: true });
    expect(events).toHaveLength(0);
    expect(warnings).toEqual([expect.objectContaining({ code: 'invalid_json', file: tornFile })]);
  });
});

describe('gemini-cli adapter: append-only JSONL records', () => {
  const lines = readLines(mainJsonl);
  const rawLines = readFileSync(mainJsonl, 'utf8').split('\n');
  const meta = lines[0]!;
  const subMeta = readLines(subJsonl)[0]!;

  it('groups the subagent file with its parent session', async () => {
    const { units } = await collectEvents(geminiCliAdapter, [chats]);
    expect(units).toHaveLength(1);
    expect(units[0]?.files).toEqual([mainJsonl, subJsonl]);
    expect(basename(dirname(subJsonl))).toBe(meta.sessionId);
  });

  it('lets the last copy of a re-appended message win', async () => {
    const { events } = await collectEvents(geminiCliAdapter, [mainJsonl]);
    const main = events.filter((e) => e.sessionId === meta.sessionId);
    const copies = lines.filter((l) => l?.id === 'g1-6a2b');
    expect(copies.length).toBeGreaterThan(1);
    const lastCopy = copies.at(-1)!;
    const g1Calls = ofType(main, 'model.call').filter((c) => c.responseId === 'g1-6a2b');
    expect(g1Calls).toHaveLength(1);
    const lastTokens = tokensOf(lastCopy);
    expect(g1Calls[0]?.usage?.input).toBe(lastTokens.input + (lastTokens.tool ?? 0));
    expect(g1Calls[0]?.usage?.output).toBe(lastTokens.output + (lastTokens.thoughts ?? 0));
    const lastCalls = lastCopy.toolCalls ?? [];
    const g1Tools = ofType(main, 'tool.result').filter((r) => lastCalls.some((c) => c.id === r.callId));
    expect(g1Tools).toHaveLength(lastCalls.length);
    expect(g1Tools[0]?.kind).toBe('sub_agent');
  });

  it('drops rewound messages and says so', async () => {
    const { events } = await collectEvents(geminiCliAdapter, [mainJsonl]);
    const rewind = lines.find((l) => l?.$rewindTo)!;
    const rewindIndex = lines.indexOf(rewind);
    const start = lines.findIndex((l) => l?.id === rewind.$rewindTo);
    const removed = new Set(lines.slice(start, rewindIndex).map((l) => l?.id).filter(Boolean));
    expect(removed.size).toBe(2);
    const ids = events.flatMap((e) => [
      ...('messageId' in e && e.messageId ? [e.messageId] : []),
      ...('responseId' in e && e.responseId ? [e.responseId] : []),
    ]);
    for (const id of removed) expect(ids).not.toContain(id);
    const note = ofType(events, 'lifecycle').find((l) => l.name === 'rewind');
    expect(note?.data).toEqual({ messageId: rewind.$rewindTo, removed: removed.size });
  });

  it('warns about the broken line with its line number and converts the rest', async () => {
    const { events, warnings } = await collectEvents(geminiCliAdapter, [mainJsonl]);
    const brokenLine = rawLines.findIndex((l) => l.includes('broken-line')) + 1;
    expect(warnings).toEqual([expect.objectContaining({ code: 'invalid_json', file: mainJsonl, line: brokenLine })]);
    const after = lines.filter((l) => l?.id === 'u3-2a7b' || l?.id === 'g3-8d1c');
    expect(after).toHaveLength(2);
    const responseIds = ofType(events, 'model.call').map((c) => c.responseId);
    expect(responseIds).toContain('g3-8d1c');
  });

  it('gives a message without timestamp the previous message time, inexact', async () => {
    const { events } = await collectEvents(geminiCliAdapter, [mainJsonl]);
    const u3 = ofType(events, 'message').find((m) => m.messageId === 'u3-2a7b')!;
    const g1 = lines.filter((l) => l?.id === 'g1-6a2b').at(-1)!;
    expect(u3.timeExact).toBe(false);
    expect(u3.time).toBe(ms(g1.timestamp));
  });

  it('applies $set to the metadata and keeps unknown records', async () => {
    const { events } = await collectEvents(geminiCliAdapter, [mainJsonl]);
    const summary = lines.filter((l) => l?.$set?.summary).at(-1)?.$set?.summary;
    expect(summary).toBeTruthy();
    const start = ofType(events, 'session.start').find((s) => s.sessionId === meta.sessionId)!;
    expect(start.meta.title).toBe(summary);
    const unknown = ofType(events, 'unknown');
    const isUnknownOp = (k: string): boolean => k.startsWith('$') && k !== '$set' && k !== '$rewindTo';
    expect(unknown).toHaveLength(lines.filter((l) => l && Object.keys(l).some(isUnknownOp)).length);
    expect(unknown[0]?.data).toEqual({ $unknownOp: { x: 1 } });
  });

  it('links the subagent session to the tool call that launched it', async () => {
    const { events } = await collectEvents(geminiCliAdapter, [chats]);
    const launching = lines.flatMap((l) => l?.toolCalls ?? []).find((c) => c.agentId === subMeta.sessionId)!;
    const subStart = ofType(events, 'session.start').find((s) => s.sessionId === subMeta.sessionId)!;
    expect(subStart.meta.parent).toEqual({ sessionId: meta.sessionId, toolCallId: launching.id });
    expect(subStart.meta.agentName).toBe(launching.name);
    const subLines = readLines(subJsonl);
    const subCalls = ofType(events, 'model.call').filter((c) => c.sessionId === subMeta.sessionId);
    expect(subCalls.map((c) => c.responseId)).toEqual(subLines.filter((l) => l?.tokens).map((l) => l!.id));
  });
});

describe('gemini-cli adapter: history replaced by $set.messages', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'agent-otel-gemini-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the history, then appends; a call that never finished is an open tool.call', async () => {
    const file = join(dir, 'session-2025-12-01T08-00-aa11bb22.jsonl');
    const records: Raw[] = [
      { sessionId: 'aa11bb22-0000-4000-8000-000000000000', projectHash: 'p', startTime: '2025-12-01T08:00:00.000Z' },
      { id: 'm1', timestamp: '2025-12-01T08:00:01.000Z', type: 'user', content: 'first' },
      { id: 'm2', timestamp: '2025-12-01T08:00:02.000Z', type: 'gemini', content: 'dropped by the $set' },
      { $set: { messages: [{ id: 'm1', timestamp: '2025-12-01T08:00:01.000Z', type: 'user', content: 'first (masked)' }] } },
      {
        id: 'm3',
        timestamp: '2025-12-01T08:00:05.000Z',
        type: 'gemini',
        content: '',
        tokens: { input: 10, output: 2, cached: 0, thoughts: 0, tool: 0, total: 12 },
        toolCalls: [
          {
            id: 'run_shell_command-1-abc',
            name: 'run_shell_command',
            args: { command: 'sleep 100' },
            status: 'executing',
            timestamp: '2025-12-01T08:00:05.100Z',
          },
        ],
      },
    ];
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const { events, warnings } = await collectEvents(geminiCliAdapter, [file]);
    expect(warnings).toEqual([]);
    const replaced = records[3]?.$set?.messages?.[0];
    const appended = records[4];
    if (!replaced || !appended) throw new Error('fixture records missing');
    const kept = [replaced, appended];
    // A response with calls gets a message naming them, even with no text.
    expect(ofType(events, 'message').map((m) => m.messageId)).toEqual(kept.filter((m) => m.content || m.toolCalls?.length).map((m) => m.id));
    expect(ofType(events, 'message')[0]?.content).toBe(replaced.content);
    expect(ofType(events, 'model.call').map((c) => c.responseId)).toEqual([appended.id]);
    const open = appended.toolCalls?.[0];
    expect(ofType(events, 'tool.call')).toEqual([
      expect.objectContaining({ callId: open?.id, name: open?.name, input: open?.args, time: ms(open?.timestamp) }),
    ]);
    expect(ofType(events, 'tool.result')).toHaveLength(0);
    expect(ofType(events, 'message')[1]?.toolCalls).toEqual([{ callId: open?.id, name: open?.name, input: open?.args }]);
  });
});

describeWithFixture('gemini-cli adapter: conformance with real Gemini CLI files', 'real/gemini', (realDir) => {
  const files = readdirSync(realDir).filter((f) => f.endsWith('.json')).map((f) => join(realDir, f));

  it.each(files)('%s: every tool call once, with id, name, success; token totals', async (file) => {
    const raw = readJson(file);
    const { events, warnings } = await collectEvents(geminiCliAdapter, [file]);
    expect(warnings).toEqual([]);
    const calls = raw.messages.flatMap((m) => m.toolCalls ?? []);
    const results = ofType(events, 'tool.result');
    expect(results.map((r) => [r.callId, r.name, r.success])).toEqual(calls.map((c) => [c.id, c.name, c.status === 'success']));
    expect(new Set(results.map((r) => r.callId)).size).toBe(results.length);

    const responses = raw.messages.filter((m) => m.type === 'gemini' && m.tokens);
    const sum = (f: (t: RawTokens) => number): number => responses.reduce((a, m) => a + (m.tokens ? f(m.tokens) : 0), 0);
    const model = ofType(events, 'model.call');
    expect(model).toHaveLength(responses.length);
    const total = (f: (c: (typeof model)[number]) => number): number => model.reduce((a, c) => a + f(c), 0);
    expect(total((c) => c.usage?.input ?? 0)).toBe(sum((t) => t.input + (t.tool ?? 0)));
    expect(total((c) => c.usage?.output ?? 0)).toBe(sum((t) => t.output + (t.thoughts ?? 0)));
    expect(total((c) => c.usage?.cacheRead ?? 0)).toBe(sum((t) => t.cached));
    expect(total((c) => c.usage?.reasoning ?? 0)).toBe(sum((t) => t.thoughts ?? 0));
    expect(ofType(events, 'session.start')[0]?.sessionId).toBe(raw.sessionId);
  });
});
