import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printLogsOnFailure, REPO, startJaeger, type JaegerTrace } from '../support/backends/backends.js';
import { useE2eSuite } from '../support/backends/e2e-suite.js';
import { cli } from '../support/runs/cli.js';
import { useE2eTiming } from '../support/backends/e2e-timing.js';
import { byTrace, childrenOf, expectAgentTree, expectTraceMatchesJsonl, fetchTraces, shownAsError, treeSpans, type TreeSpan } from '../support/backends/jaeger-tree.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';
import { claudeCodeSessions, codexSessions } from '../support/expectations/subagent-sessions-raw.js';
import { kaizenSession, zagSession, type RawSession } from '../support/expectations/tool-calls-raw.js';

/**
 * `agent-otel convert <sessions> --endpoint <Jaeger OTLP/HTTP> --out <file>`
 * (the CLI, run in-process) on sample sessions of several formats, then every
 * trace fetched back from the real Jaeger v2's HTTP API: the tree, names,
 * attributes, statuses and times Jaeger shows must be those of the JSONL the
 * same run wrote, and the tool calls (ids, names, success, times) those of
 * the raw input files read here with JSON.parse.
 */
const timed = useE2eTiming('convert-to-jaeger.test.ts');
const { tempDir, backends: suiteBackends } = useE2eSuite('e2e: convert --endpoint -> Jaeger', timed);

const FIXTURES = join(REPO, 'test/fixtures');
const CLAUDE_EXAMPLE = join(REPO, 'examples/sessions/claude-code/-home-dev-todo-api/7d0c2e1a-5b9f-4c1e-9a51-3f4be2a1c901.jsonl');
const CODEX_EXAMPLE_DIR = join(REPO, 'examples/sessions/codex/2026/10/15');
const CLAUDE_SUBFOLDER = join(FIXTURES, 'claude-code/subfolder/55555555-5555-4555-8555-555555555555.jsonl');
const CODEX_SUBAGENTS = join(FIXTURES, 'codex/subagents');
const ZAG = join(FIXTURES, 'zag/logs');
const KAIZEN = join(FIXTURES, 'kaizen/d4c3b2a1-1111-4aaa-8bbb-0123456789ab');

const INPUTS = [join(REPO, 'examples/sessions'), join(FIXTURES, 'claude-code/subfolder'), CODEX_SUBAGENTS, ZAG, KAIZEN];

const jsonlIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(dir, f));

/** Every session of the inputs, as the raw files say. */
function rawSessions(): RawSession[] {
  return [
    ...claudeCodeSessions(CLAUDE_EXAMPLE),
    ...claudeCodeSessions(CLAUDE_SUBFOLDER),
    ...codexSessions(jsonlIn(CODEX_EXAMPLE_DIR)),
    ...codexSessions(jsonlIn(CODEX_SUBAGENTS)),
    zagSession(join(ZAG, 'sessions/7c1e0d52-3f0a-4b8e-9a51-2d6f1c0e9a01.jsonl')),
    kaizenSession(join(KAIZEN, 'events.jsonl')),
  ];
}

/** The session's invoke_agent span in Jaeger, found from what the raw file says. */
function locate(all: readonly TreeSpan[], session: RawSession): TreeSpan | undefined {
  const agents = all.filter((s) => s.tags['gen_ai.operation.name'] === 'invoke_agent');
  if ('conversationId' in session.locate) {
    const id = session.locate.conversationId;
    return agents.find((s) => s.tags['gen_ai.conversation.id'] === id);
  }
  const by = session.locate.launchedBy;
  const launcher = all.find((s) => s.tags['gen_ai.operation.name'] === 'execute_tool' && s.tags['gen_ai.tool.call.id'] === by);
  const launched = agents.filter((s) => launcher !== undefined && s.parent === launcher.id);
  expect(launched, `${session.label}: one subagent under the call ${by}`).toHaveLength(1);
  return launched[0];
}

/** The session's execute_tool spans in Jaeger are the raw file's calls: ids, names, success, error tags, times. */
function expectTools(session: RawSession, agent: TreeSpan, all: readonly TreeSpan[]): void {
  const shown = childrenOf(all, agent.id, 'execute_tool');
  expect(shown.length, `${session.label}: tool spans`).toBe(session.tools.length);
  const unmatched = [...shown];
  for (const tool of session.tools) {
    const where = `${session.label}: ${tool.name} ${tool.callId ?? `at ${tool.startUs}`}`;
    // With a source id, by id; without one (agent-otel made one up), by name and start time, then the closest duration
    // (two calls can start within the same µs).
    const gap = (s: TreeSpan) => Math.abs(s.durationUs - (tool.durationUs ?? s.durationUs));
    const index =
      tool.callId !== undefined
        ? unmatched.findIndex((s) => s.tags['gen_ai.tool.call.id'] === tool.callId)
        : unmatched.reduce(
            (best, s, i) =>
              s.tags['gen_ai.tool.name'] === tool.name && s.startUs === tool.startUs && (best < 0 || gap(s) < gap(unmatched[best]!)) ? i : best,
            -1,
          );
    expect(index, `${where}: its span`).toBeGreaterThanOrEqual(0);
    const [span] = unmatched.splice(index, 1) as [TreeSpan];
    expect(span.tags['gen_ai.tool.name'], where).toBe(tool.name);
    expect(span.tags['agent_otel.tool.success'], where).toBe(tool.success);
    expect(shownAsError(span), `${where}: shown as an error`).toBe(!tool.success);
    if (!tool.success) expect(typeof span.tags['error.type'], where).toBe('string');
    expect(typeof span.tags['gen_ai.tool.call.id'], where).toBe('string');
    if (tool.startUs !== undefined) expect(span.startUs, `${where}: start`).toBe(tool.startUs);
    if (tool.durationUs !== undefined) {
      expect(Math.abs(span.durationUs - tool.durationUs), `${where}: ${span.durationUs} µs vs ${tool.durationUs} µs`).toBeLessThanOrEqual(1);
    }
  }
  // Made-up ids are still distinct within the session.
  expect(new Set(shown.map((s) => s.tags['gen_ai.tool.call.id'])).size).toBe(shown.length);
}

function expectTokens(session: RawSession, agent: TreeSpan, all: readonly TreeSpan[]): void {
  const chats = childrenOf(all, agent.id, 'chat');
  for (const chat of session.chats ?? []) {
    const where = `${session.label}: chat ${chat.responseId ?? `${chat.input}/${chat.output}`}`;
    const span = chat.responseId
      ? chats.find((s) => s.tags['gen_ai.response.id'] === chat.responseId)
      : chats.find((s) => s.tags['gen_ai.usage.input_tokens'] === chat.input && s.tags['gen_ai.usage.output_tokens'] === chat.output);
    expect(span, where).toBeDefined();
    expect(span?.tags['gen_ai.usage.input_tokens'], where).toBe(chat.input);
    expect(span?.tags['gen_ai.usage.output_tokens'], where).toBe(chat.output);
  }
  if (session.chats?.every((c) => c.responseId !== undefined)) expect(chats.length, `${session.label}: chat spans`).toBe(session.chats.length);
  if (session.totals) {
    expect(agent.tags['agent_otel.usage.subtree.input_tokens'], `${session.label}: input total`).toBe(session.totals.input);
    expect(agent.tags['agent_otel.usage.subtree.output_tokens'], `${session.label}: output total`).toBe(session.totals.output);
  }
}

describe('convert --endpoint -> Jaeger v2', () => {
  it('Jaeger shows every session as the JSONL and the raw files say', { timeout: 240_000 }, async (ctx) => {
    const backends = suiteBackends();
    if (!backends) return ctx.skip();
    const jaeger = await timed('Jaeger start', () => startJaeger(backends, { timeoutMs: 60_000 }));
    printLogsOnFailure(jaeger.process);
    const out = join(tempDir(), 'traces.jsonl');

    const run = await timed('convert', () => cli(['convert', ...INPUTS, '--endpoint', jaeger.otlpHttpUrl, '--out', out, '--json'], { cwd: REPO }));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { exportFailures: number; formats: Record<string, number> };
    expect(summary.exportFailures).toBe(0);
    expect(Object.keys(summary.formats).sort()).toEqual(['claude-code', 'codex', 'kaizen', 'zag']);

    const written = readJsonlSpans(out);
    const perTrace = byTrace(written);
    const traces = await timed('waiting for Jaeger', () => fetchTraces(jaeger.queryUrl, written));
    expect(traces.size).toBe(perTrace.size);

    // 1. What Jaeger shows is exactly what the run wrote to its JSONL.
    for (const [traceId, spans] of perTrace) expectTraceMatchesJsonl(traces.get(traceId)!, spans);

    // 2. The span model's tree, in every trace.
    let linked = 0;
    for (const trace of traces.values()) linked += expectAgentTree(trace).linkedSubagents;

    // 3. Sessions, tool calls and tokens as the raw files say.
    const sessions = rawSessions();
    const all = [...traces.values()].flatMap((t: JaegerTrace) => treeSpans(t));
    const found = new Set<string>();
    for (const session of sessions) {
      const agent = locate(all, session);
      expect(agent, `${session.label}: its invoke_agent span`).toBeDefined();
      if (!agent) continue;
      expect(found.has(agent.id), `${session.label}: a span of its own`).toBe(false);
      found.add(agent.id);
      if ('launchedBy' in session.locate) expect(agent.tags['agent_otel.subagent'], session.label).toBe(true);
      expectTools(session, agent, all);
      expectTokens(session, agent, all);
    }
    expect(linked).toBe(sessions.filter((s) => 'launchedBy' in s.locate).length);
    // Every tool call of the inputs is in Jaeger, and nothing else is.
    const rawTools = sessions.reduce((n, s) => n + s.tools.length, 0);
    expect(all.filter((s) => s.tags['gen_ai.operation.name'] === 'execute_tool')).toHaveLength(rawTools);
    // The sample covers failures in several formats.
    const failedFormats = new Set(sessions.filter((s) => s.tools.some((t) => !t.success)).map((s) => s.label.split(' ')[0]));
    expect([...failedFormats].sort()).toEqual(['claude-code', 'codex', 'kaizen', 'zag']);
  });
});
