import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it, vi } from 'vitest';
import { instrument } from '../../src/instrument/instrument.js';
import { currentRun, startRunSession, withinRun } from '../../src/instrument/run-context.js';
import { isTraced, markTraced, replaceExports } from '../../src/instrument/traced-exports.js';
import { AgentTelemetry } from '../../src/live/agent-telemetry.js';

describe('replaceExports', () => {
  it('changes a plain object in place', () => {
    const original = () => 1;
    const exports: Record<string, unknown> = { run: original, other: 2 };
    const replaced = () => 3;
    expect(replaceExports(exports, { run: replaced })).toBe(exports);
    expect(exports.run).toBe(replaced);
  });

  it('copies a module namespace, keeping every other export', async () => {
    const namespace = (await import('node:path')) as unknown as Record<string, unknown>;
    const join = () => 'traced';
    const result = replaceExports(namespace, { join });
    expect(result).not.toBe(namespace);
    expect(result.join).toBe(join);
    expect(result.resolve).toBe(namespace.resolve);
    expect(namespace.join).not.toBe(join);
  });

  it('copies an object whose exports are getters, as bundled CommonJS modules have', () => {
    const original = () => 1;
    const exports = Object.defineProperties({}, { run: { get: () => original, enumerable: true }, keep: { get: () => 'k', enumerable: true } }) as Record<string, unknown>;
    const replaced = () => 2;
    const result = replaceExports(exports, { run: replaced });
    expect(result).not.toBe(exports);
    expect([result.run, result.keep, exports.run]).toEqual([replaced, 'k', original]);
  });

  it('marks what it traced', () => {
    const fn = () => 0;
    expect(isTraced(fn)).toBe(false);
    expect(isTraced(markTraced(fn))).toBe(true);
    expect(isTraced(undefined)).toBe(false);
  });
});

describe('instrument', () => {
  it('returns a module of no known SDK as it is, with one warning', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const module = { something: () => 1 };
      expect(instrument(module)).toBe(module);
      expect(instrument({ other: 2 })).toEqual({ other: 2 });
      const ours = warn.mock.calls.filter((call) => String(call[0]).startsWith('instrument: not a module of an SDK'));
      expect(ours).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('run context', () => {
  const telemetry = () => new AgentTelemetry({ exporter: new InMemorySpanExporter(), flushOnExit: false, env: {} });

  it('nests a run started inside a tool call under that call, and leaves a run started outside on its own', async () => {
    const memory = new InMemorySpanExporter();
    const t = new AgentTelemetry({ exporter: memory, flushOnExit: false, env: {} });
    const outer = startRunSession(t, 'outer-agent', { sessionId: 'outer' });
    const call = outer.startToolCall('delegate', undefined, { callId: 'call-1' });
    const inner = withinRun({ session: outer, agent: 'outer-agent', toolCallId: call.callId }, () => {
      expect(currentRun()?.toolCallId).toBe('call-1');
      return startRunSession(t, 'inner-agent', { sessionId: 'inner' });
    });
    inner.end();
    call.end({ success: true });
    outer.end();
    const alone = startRunSession(t, 'alone-agent', { sessionId: 'alone' });
    alone.end();
    await t.forceFlush();
    const spans = memory.getFinishedSpans();
    const root = (agent: string) => spans.find((s) => s.attributes['gen_ai.operation.name'] === 'invoke_agent' && s.attributes['gen_ai.agent.name'] === agent)!;
    const tool = spans.find((s) => s.attributes['gen_ai.tool.call.id'] === 'call-1')!;
    expect(root('inner-agent').parentSpanContext?.spanId).toBe(tool.spanContext().spanId);
    expect(root('inner-agent').spanContext().traceId).toBe(root('outer-agent').spanContext().traceId);
    expect(root('alone-agent').parentSpanContext).toBeUndefined();
    expect(root('alone-agent').spanContext().traceId).not.toBe(root('outer-agent').spanContext().traceId);
    await t.shutdown();
  });

  it('keeps concurrent runs apart', async () => {
    const t = telemetry();
    const a = startRunSession(t, 'a');
    const b = startRunSession(t, 'b');
    const seen = await Promise.all(
      [a, b].map((session) =>
        withinRun({ session, agent: 'x' }, async () => {
          await new Promise((r) => setTimeout(r, 5));
          return currentRun()?.session.sessionId;
        }),
      ),
    );
    expect(seen).toEqual([a.sessionId, b.sessionId]);
    expect(currentRun()).toBeUndefined();
    await t.shutdown();
  });
});
