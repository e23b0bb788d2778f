import { join } from 'node:path';
import { LineFile } from './line-file.mjs';
import { code, opaque, path, prose, shellOutput } from './text.mjs';

/**
 * One Codex rollout (`sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`): every
 * line an envelope `{timestamp, type, payload}`. Two generations are mixed:
 * 0.10x (`exec_command` with unified-exec text output) and 0.4x (`shell` with
 * a JSON output string carrying `metadata.exit_code`). As in real rollouts,
 * `token_count` repeats with identical totals, `turn_context` repeats after
 * each tool output, a call and its output may share one timestamp, some
 * `exec_command_end` events duplicate the output, and apply_patch runs as a
 * custom tool call.
 */

const MODELS = ['gpt-5.3-codex', 'gpt-5.2-codex', 'gpt-5-codex'];
const COMMANDS = ['npm test', 'rg -n "export" src', 'sed -n 1,120p src/index.ts', 'git diff', 'ls -la', 'cargo test', 'pytest -q', 'go test ./...'];

export function writeCodexRollout(root, rng, targetBytes) {
  const legacy = rng.chance(0.3);
  let t = Date.UTC(2025, 8, 1) + rng.int(0, 240) * 86_400_000 + rng.int(0, 86_399_999);
  const id = rng.uuid7(t);
  const d = new Date(t);
  const day = d.toISOString().slice(0, 10);
  const stamp = d.toISOString().slice(0, 19).replace(/:/g, '-');
  const file = new LineFile(join(root, 'codex', 'sessions', ...day.split('-'), `rollout-${stamp}-${id}.jsonl`));
  const cwd = `/home/dev/${rng.pick(['api', 'web', 'cli', 'infra'])}`;
  const model = rng.pick(MODELS);
  const stats = { toolCalls: 0, responses: 0, subagents: 0 };
  const totals = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };
  const iso = () => new Date(t).toISOString();
  const step = (min, max) => {
    t += rng.int(min, max);
    return iso();
  };
  const put = (type, payload, time = iso()) => file.write({ timestamp: time, type, payload });
  const rateLimits = () => ({
    limit_id: 'codex',
    primary: { used_percent: rng.int(0, 90), window_minutes: 300, resets_at: Math.floor(t / 1000) + 9000 },
    secondary: { used_percent: rng.int(0, 40), window_minutes: 10080, resets_at: Math.floor(t / 1000) + 400_000 },
  });
  const tokenCount = (info) => put('event_msg', { type: 'token_count', info, rate_limits: rateLimits() }, step(5, 40));
  let lastInfo = null;
  const countResponse = () => {
    stats.responses++;
    const last = { input_tokens: rng.int(8000, 120_000), cached_input_tokens: 0, output_tokens: rng.int(20, 3000), reasoning_output_tokens: rng.int(0, 800), total_tokens: 0 };
    last.cached_input_tokens = Math.floor(last.input_tokens * rng.next() * 0.95);
    last.total_tokens = last.input_tokens + last.output_tokens;
    for (const k of Object.keys(totals)) totals[k] += last[k];
    lastInfo = { total_token_usage: { ...totals }, last_token_usage: last, model_context_window: 258_400 };
    return lastInfo;
  };

  put('session_meta', {
    id,
    timestamp: iso(),
    cwd,
    originator: legacy ? 'codex_cli_rs' : rng.pick(['codex_cli_rs', 'Codex Desktop']),
    cli_version: legacy ? '0.47.0' : '0.104.0',
    source: rng.pick(['cli', 'vscode', 'exec']),
    model_provider: 'openai',
    ...(legacy ? { instructions: null } : { base_instructions: { text: prose(rng, rng.int(4000, 14_000)) } }),
    git: { commit_hash: rng.hex(40), branch: 'main', repository_url: `https://github.com/example/${rng.hex(6)}.git` },
  }, step(100, 30_000));
  put('response_item', { type: 'message', role: 'developer', content: [{ type: 'input_text', text: prose(rng, rng.int(800, 4000)) }] }, step(1, 3));
  put('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: `# AGENTS.md instructions for ${cwd}\n\n${prose(rng, rng.int(300, 3000))}` }] });

  while (file.bytes < targetBytes) {
    const turnId = rng.uuid7(t);
    const prompt = prose(rng, rng.size(30, 500, 5000));
    put('event_msg', { type: 'task_started', turn_id: turnId, model_context_window: 258_400, collaboration_mode_kind: 'default' }, step(2000, 900_000));
    put('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] });
    put('event_msg', { type: 'user_message', message: prompt, images: [], local_images: [], text_elements: [] });
    const context = { turn_id: turnId, cwd, approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write', writable_roots: [cwd], network_access: false }, model, effort: rng.pick(['medium', 'high']), summary: 'auto', truncation_policy: { mode: 'tokens', limit: 10_000 } };
    put('turn_context', context, step(2, 10));
    tokenCount(null);
    const steps = rng.int(1, 16);
    for (let i = 0; i < steps; i++) {
      const last = i === steps - 1;
      const thought = prose(rng, rng.int(20, 200));
      put('event_msg', { type: 'agent_reasoning', text: thought }, step(800, 12_000));
      put('response_item', { type: 'reasoning', summary: [{ type: 'summary_text', text: thought }], content: null, encrypted_content: opaque(rng, rng.size(400, 2500, 12_000)) });
      if (last || rng.chance(0.4)) {
        const said = prose(rng, rng.size(20, last ? 1200 : 200, 6000));
        put('event_msg', { type: 'agent_message', message: said }, step(5, 500));
        put('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: said }], ...(legacy ? {} : { phase: last ? 'final_answer' : 'commentary' }) });
      }
      if (last) {
        tokenCount(countResponse());
        break;
      }
      const calls = rng.chance(0.15) ? 2 : 1;
      const pending = [];
      for (let c = 0; c < calls; c++) {
        stats.toolCalls++;
        const callId = `call_${rng.base62(24)}`;
        if (rng.chance(0.15)) {
          put('response_item', { type: 'custom_tool_call', status: 'completed', call_id: callId, name: 'apply_patch', input: `*** Begin Patch\n*** Update File: ${path(rng, cwd)}\n@@\n${code(rng, rng.size(100, 1500, 8000)).split('\n').map((l) => `+${l}`).join('\n')}\n*** End Patch` }, step(50, 3000));
          pending.push({ callId, custom: true });
        } else {
          const cmd = rng.pick(COMMANDS);
          const args = legacy ? { command: ['zsh', '-lc', cmd], workdir: cwd, timeout_ms: 120_000 } : { cmd, workdir: cwd, yield_time_ms: 10_000 };
          put('response_item', { type: 'function_call', name: legacy ? 'shell' : 'exec_command', arguments: JSON.stringify(args), call_id: callId }, step(50, 3000));
          pending.push({ callId, cmd });
        }
      }
      tokenCount(countResponse());
      for (const p of pending) {
        const seconds = rng.size(0, 3, 240) + rng.next();
        // Old versions write a call and its output with one timestamp.
        const at = legacy && rng.chance(0.5) ? iso() : step(Math.round(seconds * 1000), Math.round(seconds * 1000) + 50);
        if (p.custom) {
          put('response_item', { type: 'custom_tool_call_output', call_id: p.callId, output: JSON.stringify({ output: `Success. Updated the following files:\nM ${path(rng, cwd)}\n`, metadata: { exit_code: 0, duration_seconds: Math.round(seconds * 10) / 10 } }) }, at);
          continue;
        }
        const exitCode = rng.chance(0.08) ? rng.pick([1, 2, 124]) : 0;
        const out = shellOutput(rng, rng.size(0, 2500, 60_000));
        if (!legacy && rng.chance(0.3)) {
          put('event_msg', { type: 'exec_command_end', call_id: p.callId, turn_id: turnId, command: ['/bin/zsh', '-lc', p.cmd], cwd, parsed_cmd: [], source: 'agent', stdout: out, stderr: '', aggregated_output: out, exit_code: exitCode, duration: { secs: Math.floor(seconds), nanos: Math.floor((seconds % 1) * 1e9) }, formatted_output: out }, at);
        }
        const output = legacy
          ? JSON.stringify({ output: out, metadata: { exit_code: exitCode, duration_seconds: Math.round(seconds * 10) / 10 } })
          : `Chunk ID: ${rng.hex(6)}\nWall time: ${seconds.toFixed(4)} seconds\nProcess exited with code ${exitCode}\nOriginal token count: ${Math.ceil(out.length / 4)}\nOutput:\n${out}`;
        put('response_item', { type: 'function_call_output', call_id: p.callId, output }, at);
      }
      put('turn_context', context, step(2, 10));
      // The same totals again before the next request: must not count as a new response.
      tokenCount(lastInfo);
    }
    put('event_msg', { type: 'task_complete', turn_id: turnId, last_agent_message: prose(rng, 200) }, step(5, 100));
  }
  file.close();
  return { kind: 'codex', input: file.path, files: [file.path], lines: file.lines, bytes: file.bytes, ...stats };
}
