import { join } from 'node:path';
import { MAIN_TOOLS, SUBAGENT_TOOLS, toolCall } from './claude-tools.mjs';
import { LineFile } from './line-file.mjs';
import { code, opaque, prose } from './text.mjs';

/**
 * One Claude Code session as Claude Code 2.1 writes it:
 * `projects/<project>/<session>.jsonl`, and for each Task call a subagent file
 * `<session>/subagents/agent-<id>.jsonl` mirrored in the parent by
 * `agent_progress` records. Each API response is split over several assistant
 * lines (one content block each) sharing `message.id` and repeating the same
 * `usage`; tool results come as user lines, sometimes out of order; hooks,
 * shell progress, file-history snapshots, turn summaries, compactions and
 * queued prompts are interleaved as in real transcripts.
 */

const VERSIONS = ['2.1.39', '2.1.42', '2.1.17', '2.0.28'];
const MODELS = ['claude-opus-4-6', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001'];
const PROJECTS = ['spotter', 'billing-api', 'web-app', 'infra', 'data-pipeline', 'agent-otel', 'mobile'];

/** Writes one session of about `targetBytes` under `root`; returns its manifest entry. */
export function writeClaudeSession(root, rng, targetBytes) {
  const project = rng.pick(PROJECTS);
  const sessionId = rng.uuid();
  const dir = join(root, 'claude-code', 'projects', `-home-dev-${project}`);
  const main = new LineFile(join(dir, `${sessionId}.jsonl`));
  const s = {
    rng,
    dir,
    sessionId,
    cwd: `/home/dev/${project}`,
    version: rng.pick(VERSIONS),
    gitBranch: rng.pick(['main', 'main', `feature/${rng.hex(6)}`]),
    slug: `${prose(rng, 8).split(' ', 1)[0]?.toLowerCase()}-${rng.hex(4)}`,
    model: rng.pick(MODELS),
    t: Date.UTC(2025, 6, 1) + rng.int(0, 300) * 86_400_000 + rng.int(0, 86_399_999),
    files: [main.path],
    stats: { toolCalls: 0, responses: 0, subagents: 0, lines: 0, bytes: 0 },
  };
  const conv = { file: main, parent: null, sidechain: false, agentId: undefined };

  if (rng.chance(0.15)) main.write({ type: 'summary', summary: prose(rng, 60), leafUuid: rng.uuid() });
  hook(s, conv, 'SessionStart', 'SessionStart:startup', rng.uuid());
  let turn = 0;
  while (main.bytes < targetBytes) {
    turn++;
    if (turn > 5 && rng.chance(0.04)) compaction(s, conv);
    userTurn(s, conv, turn);
  }
  main.close();
  s.stats.lines += main.lines;
  s.stats.bytes += main.bytes;
  return { kind: 'claude-code', input: main.path, files: s.files, ...s.stats };
}

function tick(s, min, max) {
  s.t += s.rng.int(min, max);
  return new Date(s.t).toISOString();
}

/** The fields every conversation record starts with, in Claude Code's order. */
function head(s, conv, type) {
  const r = { parentUuid: conv.parent, isSidechain: conv.sidechain, userType: 'external', cwd: s.cwd, sessionId: s.sessionId, version: s.version, gitBranch: s.gitBranch };
  if (conv.agentId) r.agentId = conv.agentId;
  if (s.rng.chance(0.7)) r.slug = s.slug;
  r.type = type;
  return r;
}

/** Writes a record into the conversation: it gets a uuid and becomes the parent of the next. */
function put(_s, conv, record) {
  conv.parent = record.uuid;
  conv.file.write(record);
  conv.mirror?.(record);
}

function hook(s, conv, event, name, toolUseID) {
  const r = head(s, conv, 'progress');
  r.data = { type: 'hook_progress', hookEvent: event, hookName: name, command: `/home/dev/.claude/hooks/${event.toLowerCase()}.sh` };
  r.parentToolUseID = toolUseID;
  r.toolUseID = toolUseID;
  r.timestamp = tick(s, 1, 40);
  r.uuid = s.rng.uuid();
  put(s, conv, r);
}

function userTurn(s, conv, turn) {
  const { rng } = s;
  const promptId = rng.uuid();
  conv.file.write({ type: 'file-history-snapshot', messageId: promptId, snapshot: { messageId: promptId, trackedFileBackups: {}, timestamp: tick(s, 2000, 600_000) }, isSnapshotUpdate: false });
  if (rng.chance(0.5)) hook(s, conv, 'UserPromptSubmit', 'UserPromptSubmit', rng.uuid());
  const prompt = head(s, conv, 'user');
  prompt.message = { role: 'user', content: prose(rng, rng.size(40, 600, 6000)) };
  prompt.uuid = promptId;
  prompt.timestamp = tick(s, 5, 200);
  if (turn === 1) prompt.thinkingMetadata = { maxThinkingTokens: 31999 };
  prompt.todos = [];
  prompt.permissionMode = rng.pick(['default', 'acceptEdits', 'bypassPermissions']);
  put(s, conv, prompt);

  const steps = rng.int(1, 14);
  for (let i = 0; i < steps; i++) {
    const last = i === steps - 1;
    response(s, conv, { tools: last ? 0 : rng.weighted([[1, 60], [2, 25], [3, 10], [0, 5]]), toolTable: MAIN_TOOLS, final: last });
    if (rng.chance(0.02)) conv.file.write({ type: 'queue-operation', operation: 'enqueue', timestamp: tick(s, 1, 50), sessionId: s.sessionId, content: prose(rng, 120) });
  }
  const stopId = rng.uuid();
  hook(s, conv, 'Stop', 'Stop', stopId);
  const summary = head(s, conv, 'system');
  Object.assign(summary, { subtype: 'stop_hook_summary', hookCount: 1, hookInfos: [{ command: '/home/dev/.claude/hooks/stop.sh' }], hookErrors: [], preventedContinuation: false, stopReason: '', hasOutput: false, level: 'suggestion', timestamp: tick(s, 5, 200), uuid: rng.uuid(), toolUseID: stopId });
  put(s, conv, summary);
  if (rng.chance(0.5)) {
    const duration = head(s, conv, 'system');
    Object.assign(duration, { subtype: 'turn_duration', durationMs: rng.int(2000, 900_000), timestamp: tick(s, 1, 50), uuid: rng.uuid(), isMeta: false });
    put(s, conv, duration);
  }
}

/** One API response: its blocks as separate lines sharing message.id and usage, then its tool calls run. */
function response(s, conv, { tools, toolTable, final }) {
  const { rng } = s;
  s.stats.responses++;
  const id = `msg_01${rng.base62(22)}`;
  const requestId = `req_011C${rng.base62(18)}`;
  const cacheCreation = rng.int(0, 12_000);
  const usage = {
    input_tokens: rng.int(1, 12),
    cache_creation_input_tokens: cacheCreation,
    cache_read_input_tokens: rng.int(10_000, 180_000),
    cache_creation: { ephemeral_5m_input_tokens: cacheCreation, ephemeral_1h_input_tokens: 0 },
    output_tokens: rng.int(5, 4000),
    service_tier: 'standard',
  };
  /** @type {Array<Record<string, any>>} */
  const blocks = [];
  if (rng.chance(0.3)) blocks.push({ type: 'thinking', thinking: prose(rng, rng.size(40, 800, 8000)), signature: opaque(rng, rng.int(200, 900)) });
  if (final || rng.chance(0.55)) blocks.push({ type: 'text', text: prose(rng, rng.size(10, final ? 1500 : 300, 8000)) });
  /** @type {Array<Record<string, any>>} */
  const calls = [];
  for (let i = 0; i < tools; i++) {
    const name = rng.weighted(conv.sidechain ? SUBAGENT_TOOLS : toolTable);
    /** @type {Record<string, any>} */
    const call = name === 'Task' ? taskInput(s) : { name, ...toolCall(rng, name, s.cwd) };
    call.id = `toolu_01${rng.base62(22)}`;
    calls.push(call);
    blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: call.input, ...(s.version >= '2.1' ? { caller: { type: 'direct' } } : {}) });
  }
  if (blocks.length === 0) blocks.push({ type: 'text', text: '\n\n' });
  tick(s, 800, 9000); // the request's latency
  blocks.forEach((block, i) => {
    const r = head(s, conv, 'assistant');
    delete r.type;
    const stop = i === blocks.length - 1 && rng.chance(0.5) ? (calls.length > 0 ? 'tool_use' : 'end_turn') : null;
    r.message = { model: s.model, id, type: 'message', role: 'assistant', content: [block], stop_reason: stop, stop_sequence: null, usage };
    r.requestId = requestId;
    r.type = 'assistant';
    r.uuid = rng.uuid();
    r.timestamp = tick(s, 20, 1500);
    put(s, conv, r);
    if (block.type === 'tool_use') {
      const call = calls.find((c) => c.id === block.id);
      if (!call) throw new Error(`tool_use block ${block.id} has no call`);
      call.assistantUuid = r.uuid;
      hook(s, conv, 'PreToolUse', `PreToolUse:${call.name}`, call.id);
    }
  });
  // Parallel calls may finish in any order.
  const order = calls.length > 1 && rng.chance(0.3) ? [...calls].reverse() : calls;
  for (const call of order) runTool(s, conv, call);
}

function runTool(s, conv, call) {
  const { rng } = s;
  s.stats.toolCalls++;
  if (call.name === 'Task') {
    subagent(s, conv, call);
  } else {
    if (call.name === 'Bash' && call.durationMs > 3000) {
      for (let i = 0, n = rng.int(1, 3); i < n; i++) {
        const r = head(s, conv, 'progress');
        const out = typeof call.content === 'string' ? call.content : '';
        r.data = { type: 'bash_progress', output: out.slice(-160), fullOutput: out.slice(0, 4000), elapsedTimeSeconds: i + 2, totalLines: out.split('\n').length, timeoutMs: 120_000 };
        r.toolUseID = `bash-progress-${i}`;
        r.parentToolUseID = call.id;
        r.uuid = rng.uuid();
        r.timestamp = tick(s, 900, 1100);
        put(s, conv, r);
      }
    }
    s.t += call.durationMs;
  }
  const r = head(s, conv, 'user');
  const block = { tool_use_id: call.id, type: 'tool_result', content: call.content };
  if (call.name === 'Bash' || call.isError) block.is_error = call.isError;
  r.message = { role: 'user', content: [block] };
  r.uuid = rng.uuid();
  r.timestamp = tick(s, 1, 30);
  r.toolUseResult = call.toolUseResult;
  r.sourceToolAssistantUUID = call.assistantUuid;
  put(s, conv, r);
  hook(s, conv, call.isError ? 'PostToolUseFailure' : 'PostToolUse', `${call.isError ? 'PostToolUseFailure' : 'PostToolUse'}:${call.name}`, call.id);
}

function taskInput(s) {
  const { rng } = s;
  return {
    name: 'Task',
    input: { description: prose(rng, 30), prompt: prose(rng, rng.size(200, 1000, 4000)), subagent_type: rng.pick(['Explore', 'general-purpose', 'Plan']) },
    isError: false,
  };
}

/**
 * A Task call's subagent: its own file (records with `isSidechain: true` and
 * its `agentId`), each record mirrored in the parent as an `agent_progress`
 * record, and the call's result carrying `toolUseResult.agentId`.
 */
function subagent(s, parentConv, call) {
  const { rng } = s;
  s.stats.subagents++;
  const agentId = rng.hex(7);
  const file = new LineFile(join(s.dir, s.sessionId, 'subagents', `agent-${agentId}.jsonl`));
  s.files.push(file.path);
  const started = s.t;
  const mirror = (record) => {
    if (record.type !== 'user' && record.type !== 'assistant') return;
    const p = head(s, parentConv, 'progress');
    p.data = {
      message: { type: record.type, message: record.message, uuid: record.uuid, timestamp: record.timestamp },
      normalizedMessages: [],
      type: 'agent_progress',
      prompt: call.input.prompt,
      agentId,
    };
    p.toolUseID = `agent_msg_01${rng.base62(22)}`;
    p.parentToolUseID = call.id;
    p.uuid = rng.uuid();
    p.timestamp = new Date(s.t + 1).toISOString();
    parentConv.parent = p.uuid;
    parentConv.file.write(p);
  };
  const conv = { file, parent: null, sidechain: true, agentId, mirror };
  const first = head(s, conv, 'user');
  first.message = { role: 'user', content: call.input.prompt };
  first.uuid = rng.uuid();
  first.timestamp = tick(s, 5, 100);
  put(s, conv, first);
  const target = rng.size(10_000, 120_000, 600_000);
  let tools = 0;
  while (file.bytes < target) {
    const n = rng.weighted([[1, 50], [2, 30], [3, 20]]);
    tools += n;
    response(s, conv, { tools: n, toolTable: SUBAGENT_TOOLS, final: false });
  }
  response(s, conv, { tools: 0, toolTable: SUBAGENT_TOOLS, final: true });
  file.close();
  s.stats.lines += file.lines;
  s.stats.bytes += file.bytes;
  const text = prose(rng, rng.size(400, 3000, 12_000));
  call.content = [{ type: 'text', text }];
  call.toolUseResult = {
    status: 'completed',
    prompt: call.input.prompt,
    agentId,
    content: [{ type: 'text', text }],
    totalDurationMs: s.t - started,
    totalTokens: rng.int(5000, 90_000),
    totalToolUseCount: tools,
    usage: { input_tokens: rng.int(1, 20), cache_creation_input_tokens: rng.int(0, 9000), cache_read_input_tokens: rng.int(1000, 90_000), output_tokens: rng.int(100, 6000), service_tier: 'standard' },
  };
}

/** Auto-compaction: a boundary (parentUuid null) and the summary that opens the new context. */
function compaction(s, conv) {
  const { rng } = s;
  const boundary = head(s, conv, 'system');
  boundary.parentUuid = null;
  Object.assign(boundary, { logicalParentUuid: conv.parent, subtype: 'compact_boundary', content: 'Conversation compacted', isMeta: false, timestamp: tick(s, 100, 5000), uuid: rng.uuid(), level: 'info', compactMetadata: { trigger: 'auto', preTokens: rng.int(150_000, 190_000) } });
  put(s, conv, boundary);
  const summary = head(s, conv, 'user');
  summary.message = { role: 'user', content: `This session is being continued from a previous conversation. ${prose(rng, rng.size(1000, 6000, 20_000))}\n${code(rng, 400)}` };
  summary.isVisibleInTranscriptOnly = true;
  summary.isCompactSummary = true;
  summary.uuid = rng.uuid();
  summary.timestamp = tick(s, 5, 50);
  put(s, conv, summary);
}
