import { describe, expect, it } from 'vitest';
import { InheritedHistory, type TurnEdge } from '../../src/adapters/codex/inherited.js';
import { SessionMetaPayload } from '../../src/adapters/codex/schema.js';
import { originOf, sessionMetaOf } from '../../src/adapters/codex/session-meta.js';
import { codexToolKind } from '../../src/adapters/codex/tool-names.js';
import { durationMsOf, failureOf, parseToolOutput } from '../../src/adapters/codex/tool-output.js';
import { UsageTracker } from '../../src/adapters/codex/usage.js';

describe('codex tool outputs', () => {
  it.each([
    [
      'v0.47 JSON with metadata',
      '{"output":"ok\\n","metadata":{"exit_code":0,"duration_seconds":1.25}}',
      { text: 'ok\n', exitCode: 0, durationMs: 1250 },
    ],
    ['v0.47 JSON, failing command', '{"output":"","metadata":{"exit_code":127,"duration_seconds":0}}', { text: '', exitCode: 127, durationMs: 0 }],
    ['shell text header', 'Exit code: 2\nWall time: 0.5 seconds\nOutput:\nnope\n', { exitCode: 2, durationMs: 500 }],
    [
      'unified exec header',
      'Chunk ID: 9a\nWall time: 0.0516 seconds\nProcess exited with code 0\nOriginal token count: 3\nOutput:\nhi\n',
      { exitCode: 0, durationMs: 51.6 },
    ],
    ['a running process has no exit code', 'Chunk ID: 9a\nWall time: 10.0 seconds\nProcess running with session ID 3\nOutput:\n', { durationMs: 10000 }],
    ['an exit line in the program output is not the header', 'Output:\nExit code: 1\n', {}],
    ['plain text', 'Plan updated', { text: 'Plan updated' }],
    ['JSON that is not the metadata form', '{"agent_id":"t1"}', { text: '{"agent_id":"t1"}' }],
    ['content items', [{ type: 'input_text', text: 'a' }, { type: 'input_image', image_url: 'data:' }], { text: 'a\n[input_image]' }],
    ['an object with a success flag', { content: 'done', success: false }, { text: 'done', success: false }],
  ])('%s', (_name, raw, expected) => {
    const parsed = parseToolOutput(raw);
    expect(parsed).toMatchObject(expected);
    if (!('exitCode' in expected)) expect(parsed.exitCode).toBeUndefined();
    if (!('durationMs' in expected)) expect(parsed.durationMs).toBeUndefined();
  });

  it.each([
    ['apply_patch verification failed: Failed to find expected lines', 'tool_error'],
    ['aborted by user', 'cancelled'],
    ['exec command rejected by user', 'denied'],
    ['command timed out after 10000 ms', 'timeout'],
    ['failed to parse function arguments: EOF', 'tool_error'],
    ['error: no such file', 'tool_error'],
    ['Plan updated', undefined],
    ['Success. Updated the following files:\nM a.ts', undefined],
    ['all good\nbut a later line says: failed to connect', undefined],
    ['[REDACTED_OUTPUT len=526 sha=582cd1bd]', undefined],
  ])('failure class of %j is %s', (text, expected) => {
    expect(failureOf(text)).toBe(expected);
  });

  it.each([
    [{ secs: 2, nanos: 500_000_000 }, 2500],
    [1.5, 1500],
    ['150ms', 150],
    ['0.05s', 50],
    ['soon', undefined],
    [null, undefined],
  ])('duration %j is %s ms', (value, expected) => {
    expect(durationMsOf(value)).toBe(expected);
  });
});

describe('codex token_count deduplication', () => {
  const counts = (input: number, cached: number, output: number, reasoning: number) => ({
    input_tokens: input,
    cached_input_tokens: cached,
    output_tokens: output,
    reasoning_output_tokens: reasoning,
    total_tokens: input + output,
  });
  const event = (total?: ReturnType<typeof counts>, last?: ReturnType<typeof counts>) => ({
    info: total || last ? { ...(total ? { total_token_usage: total } : {}), ...(last ? { last_token_usage: last } : {}) } : null,
  });

  it('counts a response when the total changes, with its last usage', () => {
    const t = new UsageTracker();
    const a = counts(100, 0, 10, 5);
    const b = counts(150, 100, 20, 0);
    const ab = counts(250, 100, 30, 5);
    const seen = [event(), event(a, a), event(a, a), event(ab, b), event(ab, b)].map((e) => t.next(e));
    expect(seen.map((s) => (typeof s === 'string' ? s : s.usage.input))).toEqual([
      'token_count_without_usage',
      100,
      'token_count_repeated',
      150,
      'token_count_repeated',
    ]);
    const second = seen[3];
    expect(typeof second === 'object' && second.usage).toEqual({
      input: 150,
      cacheRead: 100,
      output: 20,
      reasoning: 0,
      total: 170,
      inputIncludesCache: true,
    });
  });

  it('uses the difference of the totals when there is no last usage', () => {
    const t = new UsageTracker();
    t.next(event(counts(100, 0, 10, 0)));
    const next = t.next(event(counts(180, 64, 25, 4)));
    expect(typeof next === 'object' && next.usage).toMatchObject({ input: 80, cacheRead: 64, output: 15, reasoning: 4 });
  });

  it('takes copied totals as the baseline without counting them', () => {
    const t = new UsageTracker();
    const parent = counts(1000, 0, 100, 0);
    t.baseline(event(parent, parent));
    expect(t.next(event(parent, parent))).toBe('token_count_repeated');
    const own = counts(50, 40, 5, 0);
    const next = t.next(event(counts(1050, 40, 105, 0), own));
    expect(typeof next === 'object' && next.usage.input).toBe(50);
  });
});

describe('codex thread origin', () => {
  const meta = (extra: Record<string, unknown>) => SessionMetaPayload.parse({ id: 'child', ...extra });

  it.each([
    ['a CLI thread', { source: 'cli' }, { source: 'cli', subagent: false }],
    [
      'a spawned sub-agent',
      { source: { subagent: { thread_spawn: { parent_thread_id: 'p', depth: 2, agent_nickname: 'Ada', agent_role: 'worker' } } } },
      { source: 'subagent:thread_spawn', subagent: true, parentThreadId: 'p', depth: 2, nickname: 'Ada', role: 'worker' },
    ],
    ['a review sub-agent', { source: { subagent: 'review' } }, { source: 'subagent:review', subagent: true }],
    ['a guardian sub-agent', { source: { subagent: { other: 'guardian' } } }, { source: 'subagent:other:guardian', subagent: true }],
    ['flat lineage fields', { source: 'exec', parent_thread_id: 'p2' }, { source: 'exec', subagent: true, parentThreadId: 'p2' }],
    ['a user fork', { source: 'vscode', forked_from_id: 'f' }, { source: 'vscode', subagent: false, forkedFrom: 'f' }],
    [
      'a forked sub-agent naming its parent only as forked_from_id',
      { source: { subagent: { thread_spawn: {} } }, forked_from_id: 'f' },
      { source: 'subagent:thread_spawn', subagent: true, parentThreadId: 'f', forkedFrom: 'f' },
    ],
  ])('%s', (_name, extra, expected) => {
    expect(originOf(meta(extra))).toEqual(expected);
  });

  it('links a fork by attribute only, and a sub-agent by parent', () => {
    const fork = meta({ source: 'cli', forked_from_id: 'f' });
    const forkMeta = sessionMetaOf(fork, originOf(fork), 'gpt-5', undefined);
    expect(forkMeta.parent).toBeUndefined();
    expect(forkMeta.attributes?.['codex.forked_from_id']).toBe('f');
    const review = meta({ source: { subagent: 'review' } });
    expect(sessionMetaOf(review, originOf(review), undefined, undefined).agentName).toBe('review');
    const spawned = meta({ source: { subagent: { thread_spawn: { parent_thread_id: 'p' } } } });
    expect(sessionMetaOf(spawned, originOf(spawned), undefined, 'call_9').parent).toEqual({ sessionId: 'p', toolCallId: 'call_9' });
  });
});

describe('codex copied history', () => {
  const run = (steps: Array<[number, TurnEdge]>) => {
    const h = new InheritedHistory();
    h.enter('parent', 0);
    return steps.map(([time, edge]) => h.check(time, edge));
  };

  it.each([
    [
      'ends at a turn start while the copied turn is open',
      [[1, 'start'], [2, undefined], [3, 'start'], [4, undefined]],
      ['inside', 'inside', 'ended', 'outside'],
    ],
    [
      'goes on across copied turns that completed',
      [[1, 'start'], [2, 'end'], [3, 'start'], [4, undefined]],
      ['inside', 'inside', 'inside', 'inside'],
    ],
    ['ends at the first record well after the copy', [[1, undefined], [2500, 'start']], ['inside', 'ended']],
  ] as Array<[string, Array<[number, TurnEdge]>, string[]]>)('%s', (_name, steps, expected) => {
    expect(run(steps)).toEqual(expected);
  });
});

describe('codex tool kinds', () => {
  it.each([
    ['exec_command', 'shell'],
    ['write_stdin', 'shell'],
    ['shell', 'shell'],
    ['apply_patch', 'file_edit'],
    ['spawn_agent', 'sub_agent'],
    ['update_plan', 'other'],
    ['mcp__files__read_text', 'file_read'],
    ['web_search', 'web'],
  ])('%s is %s', (name, kind) => {
    expect(codexToolKind(name)).toBe(kind);
  });
});
