/**
 * The real agent files in ../shared/fixtures/real, all agents at once, as a
 * user would convert them: one `convert` call over the whole folder into a
 * JSONL file, read back as OTLP and compared with what this test computes
 * itself from the raw files with plain JSON.parse (test/support/expectations/real-*.ts),
 * never from the adapters or the mapper.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Warning } from '../../src/core/diagnostics.js';
import { JsonlFileExporter } from '../../src/exporters/jsonl/jsonl-file-exporter.js';
import { convert } from '../../src/pipeline/convert.js';
import type { ConvertSummary } from '../../src/pipeline/convert-summary.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';
import type { NormalizedSpan } from '../support/spans/otlp-normalize.js';
import { walk } from '../support/expectations/claude-code-raw.js';
import { claudeCodeExpectations } from '../support/expectations/real-claude-code.js';
import { clineFamilyExpectations } from '../support/expectations/real-cline-roo.js';
import { codexExpectations } from '../support/expectations/real-codex.js';
import { mergeRuns, type ExpectedRun, type ExpectedSession } from '../support/expectations/real-expected.js';
import { copilotExpectations, copilotShutdownTotals, geminiExpectations } from '../support/expectations/real-gemini-copilot.js';
import { kimiCodeExpectations } from '../support/expectations/real-kimi-code.js';
import { aiderExpectations } from '../support/expectations/real-aider.js';
import { sharedFixture } from '../support/fixtures/shared-fixtures.js';
import { SpanTree, attr, conversation, lengthMs, operation } from '../support/spans/span-tree.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const REAL = sharedFixture('real');
const tempDir = useTempDirs();

/** One plain reader per agent folder of the fixtures. */
const READERS: Record<string, (dir: string) => ExpectedRun> = {
  'claude-code': claudeCodeExpectations,
  codex: codexExpectations,
  gemini: geminiExpectations,
  'copilot-cli': copilotExpectations,
  'kimi-code': kimiCodeExpectations,
  aider: aiderExpectations,
  cline: (dir) => clineFamilyExpectations(dir, 'cline'),
  'roo-code': (dir) => clineFamilyExpectations(dir, 'roo-code'),
};

const folders = REAL ? readdirSync(REAL, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
const expected = mergeRuns(folders.flatMap((f) => (READERS[f] ? [READERS[f](join(REAL!, f))] : [])));
/** Agents with no adapter yet: their JSON files are reported as unrecognized, nothing else. */
const unadapted = folders.filter((f) => !READERS[f]);
const unadaptedData = unadapted.flatMap((f) => walk(join(REAL!, f)).filter((file) => /\.jsonl?$/.test(file))).sort();
for (const file of unadaptedData) expected.reports.push({ file, code: 'unrecognized' });
const label = (s: ExpectedSession) => `${relative(REAL ?? '', s.file)} ${s.id}`;
const subagents = expected.sessions.filter((s) => s.parent !== undefined);
const allCalls = expected.sessions.flatMap((s) => s.calls.map((c) => ({ ...c, sessionId: s.id })));

/** Span times are floats in ms before they become nanoseconds: allow a microsecond. */
const CLOSE_MS = 1e-3;

describe.runIf(REAL)('real agent files: one convert over the whole folder', () => {
  let spans: NormalizedSpan[] = [];
  let tree = new SpanTree([]);
  let summary: ConvertSummary;
  const warnings: Warning[] = [];
  const roots = new Map<string, NormalizedSpan[]>();
  const of = (op: string, sessionId: string) => spans.filter((s) => operation(s) === op && conversation(s) === sessionId);
  const rootOf = (sessionId: string) => {
    const found = roots.get(sessionId) ?? [];
    expect(found, `invoke_agent span of ${sessionId}`).toHaveLength(1);
    return found[0]!;
  };

  beforeAll(async () => {
    const out = join(tempDir(), 'real.jsonl');
    const exporter = new JsonlFileExporter({ path: out });
    summary = await convert({ inputs: [REAL!], exporter, onWarning: (w) => warnings.push(w) });
    await exporter.shutdown();
    spans = readJsonlSpans(out);
    tree = new SpanTree(spans);
    for (const s of spans.filter((x) => operation(x) === 'invoke_agent')) {
      const id = String(conversation(s));
      roots.set(id, [...(roots.get(id) ?? []), s]);
    }
  });

  it('reads every agent folder of the fixtures', () => {
    expect(folders.filter((f) => READERS[f])).toEqual(Object.keys(READERS).sort());
    // Every agent of the fixtures has an adapter now; a folder added without one shows up here.
    expect(unadapted, 'agent folders with no adapter').toEqual([]);
    for (const agent of ['claude-code', 'codex', 'gemini-cli', 'copilot-cli', 'kimi-code', 'aider', 'cline', 'roo-code']) {
      expect(expected.sessions.some((s) => s.agent === agent), agent).toBe(true);
    }
    // What is unrecognized is said once per file (which files: the next test).
    const said = warnings.filter((w) => w.code === 'unrecognized').map((w) => w.file);
    expect([...said].sort()).toEqual([...summary.unrecognized].sort());
  });

  it('finishes without errors, and its summary counts what the raw files hold', () => {
    const failures = allCalls.filter((c) => !c.success);
    expect(summary.exportFailures).toBe(0);
    expect([...summary.unrecognized].sort()).toEqual(unadaptedData);
    expect(summary.spans).toBe(spans.length);
    expect(summary.sessions).toBe(expected.sessions.length);
    expect(summary.toolCalls).toBe(allCalls.length);
    expect(summary.toolFailures).toBe(failures.length);
    expect(summary.interruptedToolCalls).toBe(allCalls.filter((c) => c.interrupted).length);
    expect(summary.modelCalls).toBe(expected.sessions.reduce((n, s) => n + s.usage.responses, 0));
    const launched = subagents.filter((s) => s.parent?.evidence !== 'root');
    expect(summary.subagents).toBe(subagents.length + expected.sessions.filter((s) => s.orphan).length);
    expect(summary.subagentsLinked).toBe(launched.length);
    expect(summary.subagentsUnderSession).toBe(subagents.length - launched.length);
    expect(summary.subagentsUnlinked).toBe(expected.sessions.filter((s) => s.orphan).length);
    // What the fixtures exercise, so that a reader that finds nothing cannot pass.
    expect(allCalls.length).toBeGreaterThan(400);
    expect(failures.length).toBeGreaterThan(10);
    expect(subagents.length).toBeGreaterThanOrEqual(7);
  });

  it('reports the empty and message-less files, the orphan and partial subagents, and nothing else', () => {
    const key = (r: { file?: string; code: string }) => `${r.code} ${relative(REAL!, r.file ?? '?')}`;
    expect(warnings.map(key).sort()).toEqual(expected.reports.map(key).sort());
    expect(summary.warnings).toBe(warnings.length);
    expect(expected.reports.map((r) => r.code)).toEqual(expect.arrayContaining(['empty_file', 'no_messages', 'subagent_unlinked']));
  });

  it('has one invoke_agent span per session, and no other', () => {
    expect([...roots.keys()].sort()).toEqual(expected.sessions.map((s) => s.id).sort());
  });

  it.each(expected.sessions.map((s) => [label(s), s] as const))('%s: tool calls', (_name, session) => {
    const root = rootOf(session.id);
    const tools = of('execute_tool', session.id);
    expect(tools.map((t) => attr(t, 'gen_ai.tool.call.id')).sort()).toEqual(session.calls.map((c) => c.id).sort());
    for (const call of session.calls) {
      const found = spans.filter((s) => operation(s) === 'execute_tool' && attr(s, 'gen_ai.tool.call.id') === call.id);
      expect(found, `execute_tool spans for ${call.id}`).toHaveLength(1);
      const span = found[0]!;
      expect(span.traceId).toBe(root.traceId);
      expect(span.parentSpanId).toBe(root.spanId);
      expect([call.id, attr(span, 'gen_ai.tool.name'), attr(span, 'agent_otel.tool.success')]).toEqual([call.id, call.name, call.success]);
      expect(span.status.code, call.id).toBe(call.success ? 0 : 2);
      expect(Math.abs(lengthMs(span) - call.durationMs), `${call.id}: ${lengthMs(span)} ms, expected ${call.durationMs}`).toBeLessThan(CLOSE_MS);
      expect(Math.abs(Number(attr(span, 'agent_otel.tool.duration_ms')) - call.durationMs), call.id).toBeLessThan(CLOSE_MS);
      expect(attr(span, 'agent_otel.duration.source'), call.id).toBe(call.source);
      expect(attr(span, 'agent_otel.tool.interrupted') === true, call.id).toBe(call.interrupted);
    }
  });

  it.each(expected.sessions.map((s) => [label(s), s] as const))('%s: chat usage', (_name, session) => {
    const chats = of('chat', session.id);
    const total = (key: string) => chats.reduce((n, s) => n + Number(attr(s, key) ?? 0), 0);
    expect({
      responses: chats.length,
      input: total('gen_ai.usage.input_tokens'),
      output: total('gen_ai.usage.output_tokens'),
      cacheRead: total('gen_ai.usage.cache_read.input_tokens'),
      cacheCreation: total('gen_ai.usage.cache_creation.input_tokens'),
    }).toEqual(session.usage);
    for (const chat of chats) expect(chat.parentSpanId).toBe(rootOf(session.id).spanId);
  });

  it.each(subagents.map((s) => [label(s), s] as const))('%s: nested under its parent', (_name, session) => {
    const parent = session.parent!;
    const sub = rootOf(session.id);
    const parentRoot = rootOf(parent.sessionId);
    expect(sub.traceId).toBe(parentRoot.traceId);
    const launcher = tree.parent(sub);
    expect(launcher, 'the span the subagent hangs under').toBeDefined();
    if (parent.evidence === 'root') {
      expect(launcher!.spanId).toBe(parentRoot.spanId);
    } else if (parent.evidence === 'call') {
      expect(parent.toolCallId, 'launching call found in the raw records').toBeDefined();
      expect(operation(launcher!)).toBe('execute_tool');
      expect(attr(launcher!, 'gen_ai.tool.call.id')).toBe(parent.toolCallId);
      expect(conversation(launcher!)).toBe(parent.sessionId);
    } else {
      // No record links a Claude Code 1.x inline sidechain to its call when the
      // Task prompt differs from the sidechain's first message: all that can be
      // checked is that it hangs under a Task/Agent call of its parent that
      // started before it.
      expect(operation(launcher!)).toBe('execute_tool');
      expect(['Task', 'Agent']).toContain(attr(launcher!, 'gen_ai.tool.name'));
      expect(conversation(launcher!)).toBe(parent.sessionId);
      expect(launcher!.startTimeUnixNano <= sub.startTimeUnixNano).toBe(true);
    }
    expect(attr(sub, 'agent_otel.subagent')).toBe(true);
    expect(attr(sub, 'agent_otel.parent.placement')).toBe(parent.evidence === 'root' ? 'session_root' : 'launched_by_call');
    // Every span of the subagent sits under its invoke_agent span.
    const own = spans.filter((s) => conversation(s) === session.id && s !== sub);
    for (const span of own) expect(tree.ancestors(span)[0]?.spanId, span.name).toBe(sub.spanId);
  });

  it.each(expected.sessions.filter((s) => !s.parent && !s.orphan).map((s) => [label(s), s] as const))(
    '%s: the root carries the tokens of its whole subtree, subagents included',
    (_name, session) => {
      const parentOf = new Map(expected.sessions.map((s) => [s.id, s.parent?.sessionId]));
      const within = (id: string): boolean => id === session.id || (parentOf.get(id) !== undefined && within(parentOf.get(id)!));
      const subtree = expected.sessions.filter((s) => within(s.id));
      const root = rootOf(session.id);
      expect([attr(root, 'agent_otel.usage.subtree.input_tokens') ?? 0, attr(root, 'agent_otel.usage.subtree.output_tokens') ?? 0]).toEqual([
        subtree.reduce((n, s) => n + s.usage.input, 0),
        subtree.reduce((n, s) => n + s.usage.output, 0),
      ]);
    },
  );

  it('converts a subagent whose parent session is missing as a session of its own', () => {
    const orphans = expected.sessions.filter((s) => s.orphan);
    expect(orphans.length).toBeGreaterThan(0);
    for (const s of orphans) {
      const root = rootOf(s.id);
      expect(root.parentSpanId, s.id).toBeUndefined();
      expect(attr(root, 'agent_otel.parent.placement'), s.id).toBe('orphan');
      const trace = spans.filter((x) => x.traceId === root.traceId);
      expect(trace.every((x) => conversation(x) === s.id), s.id).toBe(true);
    }
  });

  it('keeps every span in its session trace: one root per trace, every parent present', () => {
    expect(tree.traces.size).toBe(expected.sessions.filter((s) => !s.parent).length);
    for (const [traceId, trace] of tree.traces) {
      const topLevel = [...trace.values()].filter((s) => s.parentSpanId === undefined);
      expect(topLevel, `roots of trace ${traceId}`).toHaveLength(1);
      expect(operation(topLevel[0]!)).toBe('invoke_agent');
      for (const span of trace.values()) {
        if (span.parentSpanId !== undefined) expect(trace.has(span.parentSpanId), `parent of ${span.name} ${span.spanId}`).toBe(true);
      }
    }
    for (const span of spans) {
      const session = String(conversation(span));
      expect(span.traceId, `${span.name} of ${session}`).toBe(rootOf(session).traceId);
      if (operation(span) === 'invoke_agent') continue;
      // The nearest invoke_agent above a chat or tool span is its own session's.
      const owner = tree.ancestors(span).find((a) => operation(a) === 'invoke_agent');
      expect(owner && conversation(owner), `${span.name} of ${session}`).toBe(session);
    }
  });

  it('converts the same files to the same ids twice', async () => {
    const out = join(tempDir(), 'again.jsonl');
    const exporter = new JsonlFileExporter({ path: out });
    await convert({ inputs: [REAL!], exporter });
    await exporter.shutdown();
    const ids = (list: readonly NormalizedSpan[]) => list.map((s) => `${s.traceId}/${s.spanId}/${s.parentSpanId ?? ''}`).sort();
    expect(ids(readJsonlSpans(out))).toEqual(ids(spans));
  });

  it.runIf(folders.includes('copilot-cli'))('copilot-cli: the shutdown totals are kept on the root', () => {
    for (const s of expected.sessions.filter((x) => x.agent === 'copilot-cli')) {
      const totals = copilotShutdownTotals(s.file);
      expect(totals, s.file).toBeDefined();
      const root = rootOf(s.id);
      expect(attr(root, 'agent_otel.session.reported.input_tokens')).toBe(totals!.input);
      expect(attr(root, 'agent_otel.session.reported.output_tokens')).toBe(totals!.output);
      // The assistant messages' output tokens add up to what the CLI reports.
      expect(s.usage.output).toBe(totals!.output);
    }
  });
});
