/**
 * Gemini CLI subagent chats, converted to spans. 0.30 to 0.36 wrote a
 * subagent's chat next to its parent's in `chats/`, as a legacy document with
 * the parent's own `sessionId` and `"kind": "subagent"` (fixture
 * gemini-cli/shared-id); 0.37 and later write it under `chats/<parent id>/`
 * with an id of its own, named by the launching call's `agentId` (fixture
 * gemini-cli/jsonl). Expectations come from the raw files (plain JSON.parse).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertToSpans, type Converted } from '../support/runs/convert-spans.js';
import type { NormalizedSpan } from '../support/spans/otlp-normalize.js';
import { attr, conversation, operation } from '../support/spans/span-tree.js';
import { traceProblems } from '../support/spans/trace-integrity.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/gemini-cli');
const SHARED = join(FIXTURES, 'shared-id/chats');

interface RawChat {
  file: string;
  sessionId: string;
  kind?: string;
  messages: Array<{ type: string; tokens?: { input: number; output: number; thoughts?: number; tool?: number } }>;
}

const chats: RawChat[] = readdirSync(SHARED)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ file: join(SHARED, f), ...(JSON.parse(readFileSync(join(SHARED, f), 'utf8')) as Omit<RawChat, 'file'>) }));
const mains = chats.filter((c) => c.kind !== 'subagent');
const subagents = chats.filter((c) => c.kind === 'subagent');
const placed = subagents.filter((s) => mains.some((m) => m.sessionId === s.sessionId));
const orphans = subagents.filter((s) => !placed.includes(s));
/** A subagent chat with its parent's id is told apart by its file name. */
const subId = (c: RawChat) => `${c.sessionId}/${basename(c.file, '.json')}`;
const tokens = (list: readonly RawChat[]) =>
  list.flatMap((c) => c.messages).reduce(
    (t, m) => (m.tokens ? { input: t.input + m.tokens.input + (m.tokens.tool ?? 0), output: t.output + m.tokens.output + (m.tokens.thoughts ?? 0) } : t),
    { input: 0, output: 0 },
  );
const agentSpan = (spans: readonly NormalizedSpan[], id: string) => {
  const found = spans.filter((s) => operation(s) === 'invoke_agent' && conversation(s) === id);
  expect(found, `invoke_agent of ${id}`).toHaveLength(1);
  return found[0]!;
};

describe('gemini-cli subagent chats next to their parent, with its sessionId (0.30-0.36)', () => {
  let run: Converted;
  beforeAll(async () => {
    run = await convertToSpans([SHARED]);
  });

  it('the fixture holds subagents of several sessions and one whose session is missing', () => {
    expect(new Set(placed.map((s) => s.sessionId)).size).toBeGreaterThanOrEqual(2);
    expect(orphans.length).toBeGreaterThan(0);
  });

  it('keeps one trace per session: one root each, every parent present', () => {
    expect(traceProblems(run.spans)).toEqual([]);
    expect(new Set(run.spans.map((s) => s.traceId)).size).toBe(mains.length + orphans.length);
  });

  it.each(placed.map((c) => [basename(c.file), c] as const))('%s: under its own session root', (_name, chat) => {
    const sub = agentSpan(run.spans, subId(chat));
    const root = agentSpan(run.spans, chat.sessionId);
    expect([sub.traceId, sub.parentSpanId]).toEqual([root.traceId, root.spanId]);
    expect(attr(sub, 'agent_otel.parent.placement')).toBe('session_root');
    expect(attr(sub, 'agent_otel.parent.conversation_id')).toBe(chat.sessionId);
    const chatSpans = run.spans.filter((s) => operation(s) === 'chat' && conversation(s) === subId(chat));
    expect(chatSpans).toHaveLength(chat.messages.filter((m) => m.type === 'gemini' && m.tokens).length);
    for (const span of chatSpans) expect(span.parentSpanId).toBe(sub.spanId);
  });

  it.each(mains.map((c) => [basename(c.file), c] as const))('%s: the root counts its subagents tokens', (_name, main) => {
    const root = agentSpan(run.spans, main.sessionId);
    const family = [main, ...placed.filter((s) => s.sessionId === main.sessionId)];
    const t = tokens(family);
    expect([attr(root, 'agent_otel.usage.subtree.input_tokens'), attr(root, 'agent_otel.usage.subtree.output_tokens')]).toEqual([t.input, t.output]);
    expect(attr(root, 'agent_otel.session.subagents')).toBe(family.length > 1 ? family.length - 1 : undefined);
  });

  it.each(orphans.map((c) => [basename(c.file), c] as const))('%s: session missing, a trace of its own, reported', (_name, chat) => {
    const sub = agentSpan(run.spans, subId(chat));
    expect(sub.parentSpanId).toBeUndefined();
    expect(attr(sub, 'agent_otel.parent.placement')).toBe('orphan');
    expect(run.spans.filter((s) => s.traceId === sub.traceId).every((s) => conversation(s) === subId(chat))).toBe(true);
    expect(run.warnings.filter((w) => w.code === 'subagent_unlinked').map((w) => w.file)).toContain(chat.file);
  });

  it('counts in the summary where the subagents went', () => {
    expect(run.summary).toMatchObject({
      sessions: chats.length,
      subagents: subagents.length,
      subagentsLinked: 0,
      subagentsUnderSession: placed.length,
      subagentsUnlinked: orphans.length,
    });
    expect(run.warnings.map((w) => w.code)).toEqual(orphans.map(() => 'subagent_unlinked'));
  });

  it('never puts a subagent converted without its session into that session trace', async () => {
    const chat = placed[0]!;
    const main = mains.find((m) => m.sessionId === chat.sessionId)!;
    const alone = await convertToSpans([chat.file]);
    const withParent = await convertToSpans([main.file]);
    expect(traceProblems(alone.spans)).toEqual([]);
    expect(agentSpan(alone.spans, subId(chat)).traceId).not.toBe(agentSpan(withParent.spans, main.sessionId).traceId);
    expect(alone.summary.subagentsUnlinked).toBe(1);
  });
});

describe('gemini-cli subagent chats under chats/<parent id>/ (0.37 and later)', () => {
  const dir = join(FIXTURES, 'jsonl/chats');
  const firstLine = (f: string) => JSON.parse(readFileSync(f, 'utf8').split('\n')[0]!) as { sessionId: string; kind?: string };
  const folder = readdirSync(dir, { withFileTypes: true }).find((d) => d.isDirectory())!.name;
  const subFile = join(dir, folder, readdirSync(join(dir, folder))[0]!);

  it('hangs the subagent under the call that names it, in its parent trace', async () => {
    const { spans, summary } = await convertToSpans([dir]);
    expect(traceProblems(spans)).toEqual([]);
    const sub = agentSpan(spans, firstLine(subFile).sessionId);
    const root = agentSpan(spans, folder);
    const launcher = spans.find((s) => s.spanId === sub.parentSpanId && s.traceId === root.traceId);
    expect(launcher && operation(launcher)).toBe('execute_tool');
    expect(attr(sub, 'agent_otel.parent.placement')).toBe('launched_by_call');
    expect(summary).toMatchObject({ subagents: 1, subagentsLinked: 1, subagentsUnderSession: 0, subagentsUnlinked: 0 });
  });
});
