/**
 * The trace shape of the span model on every format's files: each trace has
 * exactly one root, every parent span exists in the same trace, every span of
 * a session descends from that session's root, and no trace mixes two
 * top-level sessions (test/support/spans/trace-integrity.ts). Run on the project's
 * own fixtures of each adapter, the seed formats and the real agent files;
 * folders of agents without an adapter must convert to nothing, without a
 * crash. Claude Code warmup agents (no launching call) are found in the raw
 * files by the test itself and checked where they land.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../../src/adapters/registry.js';
import { walk } from '../support/expectations/claude-code-raw.js';
import { rawWarmups, sessionTokens } from '../support/expectations/claude-code-warmups.js';
import { convertToSpans, type Converted } from '../support/runs/convert-spans.js';
import type { NormalizedSpan } from '../support/spans/otlp-normalize.js';
import { sharedFixture } from '../support/fixtures/shared-fixtures.js';
import { attr, conversation, operation } from '../support/spans/span-tree.js';
import { traceProblems } from '../support/spans/trace-integrity.js';

const OWN = resolve(import.meta.dirname, '../fixtures');
const SEEDS = sharedFixture('seed-formats');
const REAL = sharedFixture('real');
const FORMATS = adapters.map((a) => a.format).sort();
/** Agent folders of the real fixtures that have an adapter, by the format that reads them. */
const REAL_ADAPTED: Record<string, string> = {
  'claude-code': 'claude-code',
  codex: 'codex',
  gemini: 'gemini-cli',
  'copilot-cli': 'copilot-cli',
  cline: 'cline',
  'roo-code': 'roo-code',
  'kimi-code': 'kimi-code',
  aider: 'aider',
};

const subdirs = (dir: string | undefined) =>
  dir ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
const invokeAgent = (spans: readonly NormalizedSpan[], id: string) =>
  spans.filter((s) => operation(s) === 'invoke_agent' && conversation(s) === id);

describe('trace shape: the project fixtures of every adapter', () => {
  it('has a fixture folder for each of the 13 adapters', () => {
    expect(FORMATS).toHaveLength(13);
    expect(subdirs(OWN)).toEqual(FORMATS);
  });

  it.each(FORMATS)('%s: one root per trace, parents present, sessions whole', async (format) => {
    const { spans, summary } = await convertToSpans([join(OWN, format)]);
    expect(Object.keys(summary.formats)).toContain(format);
    expect(spans.length).toBeGreaterThan(0);
    expect(summary.spans).toBe(spans.length);
    expect(traceProblems(spans)).toEqual([]);
  });
});

describe.runIf(SEEDS)('trace shape: the seed formats', () => {
  it.each(subdirs(SEEDS))('%s', async (folder) => {
    const { spans } = await convertToSpans([join(SEEDS!, folder)]);
    expect(spans.length).toBeGreaterThan(0);
    expect(traceProblems(spans)).toEqual([]);
  });
});

describe.runIf(REAL)('trace shape: the real agent files', () => {
  const folders = subdirs(REAL);
  const adapted = folders.filter((f) => REAL_ADAPTED[f] !== undefined);
  const others = folders.filter((f) => REAL_ADAPTED[f] === undefined);

  it('covers every agent of the fixtures with an adapter', () => {
    expect(adapted).toEqual(Object.keys(REAL_ADAPTED).sort());
    expect(others, 'agent folders with no adapter').toEqual([]);
  });

  it.each(adapted)('%s', async (folder) => {
    const { spans, summary } = await convertToSpans([join(REAL!, folder)]);
    expect(Object.keys(summary.formats)).toEqual([REAL_ADAPTED[folder]]);
    expect(spans.length).toBeGreaterThan(0);
    expect(traceProblems(spans)).toEqual([]);
  });

  it('all folders at once', async () => {
    const { spans } = await convertToSpans([REAL!]);
    expect(traceProblems(spans)).toEqual([]);
  });

  it.each(others)('%s (no adapter): converts to nothing and reports each data file, without a crash', async (folder) => {
    const dir = join(REAL!, folder);
    const files = walk(dir);
    const data = files.filter((f) => /\.jsonl?$/.test(f)).sort();
    const { spans, summary } = await convertToSpans([dir]);
    expect(spans).toEqual([]);
    expect(summary.sessions).toBe(0);
    expect([...summary.unrecognized].sort()).toEqual(data);
    expect(summary.ignoredFiles).toBe(files.length - data.length);
  });
});

/** The warmup agents of a Claude Code folder, checked where they land. */
function checkWarmups(dir: string, converted: () => Converted): void {
  const warmups = rawWarmups(dir);
  const spans = () => converted().spans;
  const placed = warmups.filter((w) => w.parentPresent);
  const orphans = warmups.filter((w) => !w.parentPresent);

  it(`finds ${warmups.length} subagents with no launching call in the raw files (${placed.length} with their session, ${orphans.length} without)`, () => {
    expect(warmups.length).toBeGreaterThan(0);
    const marked = spans().filter((s) => operation(s) === 'invoke_agent' && attr(s, 'agent_otel.parent.placement') === 'session_root');
    const ids = new Set(placed.map((w) => `${w.sessionId}/agent-${w.agentId}`));
    // Compaction agents hang under the session root too; the warmups are the others.
    expect(marked.filter((s) => !String(conversation(s)).includes('/agent-acompact-')).map((s) => String(conversation(s))).sort()).toEqual([...ids].sort());
    expect(converted().summary.subagentsUnlinked).toBe(orphans.length);
  });

  it.each(placed.map((w) => [w.file, w] as const))('%s: under its session root, its tokens in the session totals', (_file, w) => {
    const [sub] = invokeAgent(spans(), `${w.sessionId}/agent-${w.agentId}`);
    const [root] = invokeAgent(spans(), w.sessionId);
    expect(sub && root).toBeTruthy();
    expect([sub!.traceId, sub!.parentSpanId]).toEqual([root!.traceId, root!.spanId]);
    expect(attr(sub!, 'agent_otel.parent.placement')).toBe('session_root');
    expect(attr(sub!, 'agent_otel.parent.conversation_id')).toBe(w.sessionId);
    const t = sessionTokens(dir, w.sessionId);
    expect([attr(root!, 'agent_otel.usage.subtree.input_tokens'), attr(root!, 'agent_otel.usage.subtree.output_tokens')]).toEqual([
      t.input + t.cacheRead + t.cacheCreation,
      t.output,
    ]);
  });

  it.each(orphans.map((w) => [w.file, w] as const))('%s: parent log missing, a trace of its own', (_file, w) => {
    const [sub] = invokeAgent(spans(), `${w.sessionId}/agent-${w.agentId}`);
    expect(sub).toBeDefined();
    expect(sub!.parentSpanId).toBeUndefined();
    expect(attr(sub!, 'agent_otel.parent.placement')).toBe('orphan');
    expect(attr(sub!, 'agent_otel.parent.conversation_id')).toBe(w.sessionId);
    expect(spans().filter((s) => s.traceId === sub!.traceId).every((s) => conversation(s) === conversation(sub!))).toBe(true);
  });
}

describe('Claude Code warmup agents: project fixtures', () => {
  const dir = join(OWN, 'claude-code');
  let converted: Converted;
  beforeAll(async () => {
    converted = await convertToSpans([dir]);
  });
  checkWarmups(dir, () => converted);
});

describe.runIf(REAL)('Claude Code warmup agents: real files', () => {
  const dir = join(REAL ?? '', 'claude-code');
  let converted: Converted;
  beforeAll(async () => {
    converted = await convertToSpans([dir]);
  });
  if (REAL) checkWarmups(dir, () => converted);
});
