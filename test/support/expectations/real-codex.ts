import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { outputFacts, rawCalls, rawOutputs, rawRecords, rawUsage } from './codex-raw.js';
import { isoDiffMs, isoMs, str } from './raw-lines.js';
import { interruptedCall, type ExpectedCall, type ExpectedRun, type ExpectedSession } from './real-expected.js';

/**
 * Codex rollouts read plainly: one session per file (`session_meta.id`); a
 * call per function_call / custom_tool_call / local_shell_call, matched to its
 * output by `call_id`. Success: the exit code where the output records one;
 * otherwise a plain output counts as a success unless its first line says it
 * failed or was aborted (Codex writes no flag). Duration: output time minus
 * call time, or the recorded wall time / duration_seconds where the two
 * records share one timestamp (older versions). Usage: `token_count` counted
 * when its total changes, with its `last_token_usage`; OpenAI's input
 * already includes the cached tokens.
 */
export function codexExpectations(dir: string): ExpectedRun {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
  const sessions = files.map((file): ExpectedSession => {
    const records = rawRecords(file);
    const meta = records.find((r) => r.kind === 'session_meta')?.p;
    const id = str(meta?.id);
    if (id === undefined) throw new Error(`${file}: no session_meta id`);
    // Spawned threads (subagents) are not among the fixtures yet: fail loudly rather than expect the wrong tree.
    if (typeof meta?.source === 'object') throw new Error(`${file}: a subagent thread; this test does not model them yet`);
    const outputs = rawOutputs(records);
    const lastMs = Math.max(...records.flatMap((r) => (r.ts ? [isoMs(r.ts)] : [])));
    const calls = rawCalls(records).map((call): ExpectedCall => {
      if (!call.ts) throw new Error(`${file}:${call.line}: call without timestamp`);
      const out = outputs.find((o) => o.callId === call.callId);
      if (!out?.ts) return interruptedCall(call.callId, call.name, isoMs(call.ts), lastMs);
      const facts = outputFacts(out.output);
      const saysFailed = /\b(failed|aborted)\b/i.test(facts.text.split('\n')[0] ?? '');
      const success = facts.exitCode !== undefined ? facts.exitCode === 0 : !saysFailed;
      const recorded = call.ts === out.ts && facts.seconds !== undefined;
      return {
        id: call.callId,
        name: call.name,
        success,
        durationMs: recorded ? facts.seconds! * 1000 : isoDiffMs(call.ts, out.ts),
        source: recorded ? 'recorded' : 'timestamps',
        interrupted: false,
      };
    });
    const u = rawUsage(records);
    const usage = { responses: u.responses, input: u.input, output: u.output, cacheRead: u.cacheRead, cacheCreation: 0 };
    return { agent: 'codex', id, file, calls, usage };
  });
  return { sessions, reports: [] };
}
