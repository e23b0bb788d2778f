import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes one Codex rollout with `calls` tool calls (a function call and its
 * output each) into `dir`, for runs that need many spans from a small input.
 * Returns the file and the call ids it holds.
 */
export function writeBulkCodexRollout(dir: string, calls: number, id = '019d0000-0000-7000-8000-0000000b0001'): { file: string; callIds: string[] } {
  const start = Date.parse('2026-03-01T10:00:00.000Z');
  const at = (ms: number) => new Date(start + ms).toISOString();
  const turn = '019d0000-0000-7000-8000-00000000t001';
  const lines: unknown[] = [
    { timestamp: at(0), type: 'session_meta', payload: { id, timestamp: at(0), cwd: '/work/app', originator: 'codex_cli_rs', cli_version: '0.104.0', source: 'cli', model_provider: 'openai' } },
    { timestamp: at(1), type: 'event_msg', payload: { type: 'task_started', turn_id: turn } },
    { timestamp: at(2), type: 'turn_context', payload: { turn_id: turn, cwd: '/work/app', model: 'gpt-5.3-codex' } },
    { timestamp: at(3), type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Run the checks' }] } },
  ];
  const callIds: string[] = [];
  for (let i = 0; i < calls; i++) {
    const callId = `call_bulk_${i}`;
    callIds.push(callId);
    const t = 10 + i * 10;
    lines.push(
      { timestamp: at(t), type: 'response_item', payload: { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: `echo ${i}` }), call_id: callId } },
      { timestamp: at(t + 5), type: 'response_item', payload: { type: 'function_call_output', call_id: callId, output: `${i}\n` } },
    );
  }
  lines.push({ timestamp: at(20 + calls * 10), type: 'event_msg', payload: { type: 'task_complete', turn_id: turn } });
  const file = join(dir, `rollout-2026-03-01T10-00-00-${id}.jsonl`);
  writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
  return { file, callIds };
}
