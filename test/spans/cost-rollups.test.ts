import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertToSpans, type Converted } from '../support/runs/convert-spans.js';
import type { NormalizedSpan } from '../support/spans/otlp-normalize.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const op = (s: NormalizedSpan) => s.attributes['gen_ai.operation.name'];
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

interface Sums {
  input: number;
  output: number;
  cacheRead: number;
  cost: number;
  unpriced: number;
}

function sumChats(chats: NormalizedSpan[]): Sums {
  return {
    input: chats.reduce((n, s) => n + num(s.attributes['gen_ai.usage.input_tokens']), 0),
    output: chats.reduce((n, s) => n + num(s.attributes['gen_ai.usage.output_tokens']), 0),
    cacheRead: chats.reduce((n, s) => n + num(s.attributes['gen_ai.usage.cache_read.input_tokens']), 0),
    cost: chats.reduce((n, s) => n + num(s.attributes['gen_ai.usage.cost']), 0),
    unpriced: chats.filter((s) => s.attributes['agent_otel.usage.cost.unpriced'] === true).length,
  };
}

function rollup(span: NormalizedSpan, prefix: string): Sums {
  const a = span.attributes;
  return {
    input: num(a[`${prefix}input_tokens`]),
    output: num(a[`${prefix}output_tokens`]),
    cacheRead: num(a[`${prefix}cache_read.input_tokens`]),
    cost: num(a[`${prefix}cost`]),
    unpriced: num(a[`${prefix}unpriced_calls`]),
  };
}

function expectSums(got: Sums, want: Sums, where: string): void {
  expect({ ...got, cost: 0 }, where).toEqual({ ...want, cost: 0 });
  expect(got.cost, `${where}: cost`).toBeCloseTo(want.cost, 8);
}

describe.each(['claude-code', 'gemini-cli'])('usage and cost roll-ups on %s sessions with subagents', (format) => {
  let run: Converted;
  const spans = async () => (run ??= await convertToSpans([resolve(FIXTURES, format)])).spans;

  /** The chat spans of the session whose root is `agent`, and of every session below it. */
  function below(all: NormalizedSpan[], parent: NormalizedSpan): NormalizedSpan[] {
    const children = all.filter((s) => s.parentSpanId === parent.spanId && s.traceId === parent.traceId);
    return children.flatMap((c) => (op(c) === 'chat' ? [c] : below(all, c)));
  }

  it('only chat spans carry gen_ai.usage.*', async () => {
    const all = await spans();
    const carriers = all.filter((s) => Object.keys(s.attributes).some((k) => k.startsWith('gen_ai.usage.')));
    expect(carriers.length).toBeGreaterThan(0);
    for (const s of carriers) expect(op(s), s.name).toBe('chat');
  });

  it('each agent span carries its own calls and its whole subtree, added up from the chat spans', async () => {
    const all = await spans();
    const agents = all.filter((s) => op(s) === 'invoke_agent');
    expect(agents.some((a) => a.attributes['agent_otel.subagent'] === true)).toBe(true);
    for (const agent of agents) {
      const own = all.filter((s) => op(s) === 'chat' && s.parentSpanId === agent.spanId && s.traceId === agent.traceId);
      expectSums(rollup(agent, 'agent_otel.usage.own.'), sumChats(own), `${agent.name} own`);
      expectSums(rollup(agent, 'agent_otel.usage.subtree.'), sumChats(below(all, agent)), `${agent.name} subtree`);
    }
  });

  it('a tool span that launched subagents carries their subtree', async () => {
    const all = await spans();
    const launchers = all.filter((s) => op(s) === 'execute_tool' && all.some((c) => c.parentSpanId === s.spanId && op(c) === 'invoke_agent'));
    if (format === 'claude-code') expect(launchers.length).toBeGreaterThan(0);
    for (const tool of launchers) expectSums(rollup(tool, 'agent_otel.usage.subtree.'), sumChats(below(all, tool)), tool.name);
  });

  it('the summary totals the chat spans: cost, by agent and by model, unpriced calls by model', async () => {
    const all = await spans();
    const { cost } = run.summary;
    const chats = all.filter((s) => op(s) === 'chat');
    expect(sumChats(chats).cost).toBeGreaterThan(0);
    expect(cost.totalUsd).toBeCloseTo(sumChats(chats).cost, 8);
    const byModel = new Map<string, { usd: number; calls: number; unpricedCalls: number }>();
    for (const s of chats) {
      const model = String(s.attributes['gen_ai.response.model'] ?? s.attributes['gen_ai.request.model'] ?? 'unknown');
      const g = byModel.get(model) ?? { usd: 0, calls: 0, unpricedCalls: 0 };
      g.usd += num(s.attributes['gen_ai.usage.cost']);
      g.calls++;
      if (s.attributes['agent_otel.usage.cost.unpriced'] === true) g.unpricedCalls++;
      byModel.set(model, g);
    }
    expect(Object.keys(cost.byModel).sort()).toEqual([...byModel.keys()].sort());
    for (const [model, g] of byModel) {
      expect(cost.byModel[model]!.calls, model).toBe(g.calls);
      expect(cost.byModel[model]!.unpricedCalls, model).toBe(g.unpricedCalls);
      expect(cost.byModel[model]!.usd, model).toBeCloseTo(g.usd, 8);
    }
    expect(cost.unpricedByModel).toEqual(Object.fromEntries([...byModel].filter(([, g]) => g.unpricedCalls > 0).map(([m, g]) => [m, g.unpricedCalls])));
    expect(Object.values(cost.byAgent).reduce((n, g) => n + g.calls, 0)).toBe(chats.length);
  });
});
