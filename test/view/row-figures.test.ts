import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowFigures } from '../../src/view/row-figures.js';
import type { TraceAttributes } from '../../src/traces/trace-span.js';
import { REPO } from '../support/backends/backends.js';
import { convertToSpans } from '../support/runs/convert-spans.js';

/** The tokens and cost of a row: a chat span's own, an agent span's subtree roll-up, nothing elsewhere. */
describe('rowFigures', () => {
  it('on a converted session with subagents: chat spans show their usage, agent spans the sum of every chat span below them', async () => {
    const { spans } = await convertToSpans([join(REPO, 'test/fixtures/claude-code/subfolder')]);
    const children = new Map<string, string[]>();
    for (const s of spans) if (s.parentSpanId) children.set(s.parentSpanId, [...(children.get(s.parentSpanId) ?? []), s.spanId]);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const chatsBelow = (id: string): typeof spans => (children.get(id) ?? []).flatMap((c) => [byId.get(c)!, ...chatsBelow(c)]).filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
    let agents = 0;
    for (const span of spans) {
      const figures = rowFigures(span.attributes as TraceAttributes);
      const op = span.attributes['gen_ai.operation.name'];
      if (op === 'chat') {
        expect(figures?.rollup).toBeUndefined();
        expect(figures?.input).toBe(span.attributes['gen_ai.usage.input_tokens']);
        expect(figures?.output).toBe(span.attributes['gen_ai.usage.output_tokens']);
        expect(figures?.cost).toBe(span.attributes['gen_ai.usage.cost']);
      } else if (op === 'invoke_agent') {
        agents++;
        const below = chatsBelow(span.spanId);
        expect(figures?.rollup).toBe(true);
        expect(figures?.input).toBe(below.reduce((sum, s) => sum + num(s.attributes['gen_ai.usage.input_tokens']), 0));
        expect(figures?.output).toBe(below.reduce((sum, s) => sum + num(s.attributes['gen_ai.usage.output_tokens']), 0));
        expect(figures?.cost).toBeCloseTo(below.reduce((sum, s) => sum + num(s.attributes['gen_ai.usage.cost']), 0), 10);
      } else if (chatsBelow(span.spanId).length === 0) expect(figures).toBeUndefined();
    }
    expect(agents).toBeGreaterThan(2);
  });

  it('marks an unpriced call, and shows nothing for a span without usage', () => {
    expect(rowFigures({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 5, 'agent_otel.usage.cost.unpriced': true })).toEqual({ input: 5, unpriced: true });
    expect(rowFigures({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'Bash' })).toBeUndefined();
  });
});
