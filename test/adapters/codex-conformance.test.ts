import { describe, expect, it } from 'vitest';
import { codexAdapter } from '../../src/adapters/codex/index.js';
import { collectEvents, expandPaths, ofType } from '../support/runs/collect-events.js';
import { isoDiffMs, str } from '../support/expectations/raw-lines.js';
import { sharedFixture } from '../support/fixtures/shared-fixtures.js';
import { isEvent, outputFacts, rawCalls, rawOutputs, rawRecords, rawUsage, tsMs } from '../support/expectations/codex-raw.js';

/**
 * The adapter against the real Codex rollouts in ../shared/fixtures/real/codex
 * (v0.47, v0.77, v0.104), every expectation computed here from the raw lines.
 */
const dir = sharedFixture('real/codex');

describe.runIf(dir !== undefined)('codex adapter: conformance with real Codex rollouts', async () => {
  const files = dir ? await expandPaths([dir]) : [];
  const { events, warnings, units, rejected } = await collectEvents(codexAdapter, files);

  it('claims every rollout, one unit and one session per file, without warnings', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(rejected).toEqual([]);
    expect(units.map((u) => u.files)).toEqual(files.map((f) => [f]));
    expect(warnings).toEqual([]);
    const ids = files.map((f) => str(rawRecords(f).find((r) => r.kind === 'session_meta')?.p.id));
    expect(ofType(events, 'session.start').map((s) => s.sessionId)).toEqual(ids);
  });

  describe.each(files.map((f) => [f.split('/codex/')[1] ?? f, f]))('%s', (_name, file) => {
    const records = rawRecords(file);
    const sessionId = str(records.find((r) => r.kind === 'session_meta')?.p.id);
    const mine = events.filter((e) => e.sessionId === sessionId);
    const calls = rawCalls(records);
    const outputs = rawOutputs(records);
    const toolCalls = ofType(mine, 'tool.call');
    const results = ofType(mine, 'tool.result');

    it('has every call_id exactly once as tool.call, with its name', () => {
      expect(new Set(calls.map((c) => c.callId)).size).toBe(calls.length);
      expect(toolCalls.map((c) => [c.callId, c.name]).sort()).toEqual(calls.map((c) => [c.callId, c.name]).sort());
    });

    it('takes success from the exit code, and a plain output as success unless it says it failed', () => {
      expect(results.map((r) => r.callId).sort()).toEqual(outputs.map((o) => o.callId).sort());
      for (const out of outputs) {
        const facts = outputFacts(out.output);
        const result = results.find((r) => r.callId === out.callId);
        const saysFailed = /\b(failed|aborted)\b/i.test(facts.text.split('\n')[0] ?? '');
        const expected = facts.exitCode !== undefined ? facts.exitCode === 0 : !saysFailed;
        expect(result?.success, out.callId).toBe(expected);
        expect(result?.exitCode, out.callId).toBe(facts.exitCode);
        if (facts.exitCode !== undefined && facts.exitCode !== 0) expect(result?.errorType).toBe('exit_code');
      }
    });

    it('times a call from its record to its output, or by the recorded duration when both share a time', () => {
      for (const out of outputs) {
        const call = calls.find((c) => c.callId === out.callId);
        const result = results.find((r) => r.callId === out.callId);
        const toolCall = toolCalls.find((c) => c.callId === out.callId);
        const seconds = outputFacts(out.output).seconds;
        if (call?.ts === out.ts) {
          expect(result?.durationMs, out.callId).toBe(seconds !== undefined ? seconds * 1000 : undefined);
        } else {
          expect(result?.durationMs, out.callId).toBeUndefined();
          expect((result?.time ?? 0) - (toolCall?.time ?? 0)).toBeCloseTo(isoDiffMs(call?.ts ?? '', out.ts ?? ''), 6);
        }
      }
    });

    it('counts tokens once per response, and the sums make the session total', () => {
      const expected = rawUsage(records);
      const modelCalls = ofType(mine, 'model.call');
      expect(modelCalls).toHaveLength(expected.responses);
      const sum = (f: 'input' | 'output' | 'cacheRead' | 'reasoning') => modelCalls.reduce((a, c) => a + (c.usage?.[f] ?? 0), 0);
      expect({ input: sum('input'), output: sum('output'), cacheRead: sum('cacheRead'), reasoning: sum('reasoning') }).toEqual({
        input: expected.input,
        output: expected.output,
        cacheRead: expected.cacheRead,
        reasoning: expected.reasoning,
      });
      if (expected.finalTotal) {
        expect(expected.input).toBe(expected.finalTotal.input_tokens);
        expect(expected.output).toBe(expected.finalTotal.output_tokens);
      }
      const counted = records.filter((r) => isEvent(r, 'token_count'));
      for (const c of modelCalls) {
        const source = counted.find((r) => r.line === c.source?.line);
        expect(c.time).toBe(tsMs(source?.ts));
        const model = [...records].reverse().find((r) => r.kind === 'turn_context' && r.line < (c.source?.line ?? 0));
        expect(c.requestModel).toBe(model?.p.model);
      }
    });

    it('leaves calls that never got an output without a result', () => {
      const answered = new Set(outputs.map((o) => o.callId));
      for (const call of calls.filter((c) => !answered.has(c.callId))) {
        expect(toolCalls.some((c) => c.callId === call.callId)).toBe(true);
        expect(results.some((r) => r.callId === call.callId)).toBe(false);
      }
    });
  });

  it('includes the session that ends on a call with no output', () => {
    const endsOpen = files.filter((f) => {
      const records = rawRecords(f);
      const answered = new Set(rawOutputs(records).map((o) => o.callId));
      return rawCalls(records).some((c) => !answered.has(c.callId));
    });
    expect(endsOpen).toHaveLength(1);
  });
});
