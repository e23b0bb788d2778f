import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clineAdapter } from '../../src/adapters/cline/index.js';
import { collectEvents, type Collected } from '../support/runs/collect-events.js';

/**
 * The Cline adapter on the project's own task folders: every expectation is
 * read from the raw files here (plain JSON.parse), by the rules of
 * docs/agents.md.
 */
const FIXTURES = join(import.meta.dirname, '../fixtures/cline');
const NATIVE = join(FIXTURES, 'native-tools/1767258000000');
const XML = join(FIXTURES, 'xml-tools/1736935200000');

type Obj = Record<string, unknown>;
const read = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Obj[];
const ui = read(NATIVE, 'ui_messages.json');
const api = read(NATIVE, 'api_conversation_history.json');
const requests = ui.filter((r) => r.say === 'api_req_started');
const figures = requests.map((r) => JSON.parse(String(r.text)) as Obj);
const toolUses = api.flatMap((m) => (m.role === 'assistant' ? (m.content as Obj[]).filter((b) => b.type === 'tool_use') : []));

let run: Collected;
beforeAll(async () => {
  run = await collectEvents(clineAdapter, [FIXTURES]);
});
const of = (sessionId: string) => run.events.filter((e) => e.sessionId === sessionId);

describe('cline: a task with native tool calls', () => {
  it('is one session named by its folder, with the version, model and working directory of its files', () => {
    const start = run.events.find((e) => e.type === 'session.start' && e.sessionId === '1767258000000');
    const meta = JSON.parse(readFileSync(join(NATIVE, 'task_metadata.json'), 'utf8')) as { environment_history: Obj[]; model_usage: Obj[] };
    expect(start?.type === 'session.start' && start.meta).toMatchObject({
      agent: 'cline',
      agentVersion: meta.environment_history[0]!.cline_version,
      model: meta.model_usage[0]!.model_id,
      provider: 'anthropic',
      cwd: '/home/dev/app',
      os: 'linux',
    });
    expect(start?.time).toBe(ui[0]!.ts);
  });

  it('has a model call per api_req_started, with its tokens (Anthropic: input apart from the cache) and recorded cost', () => {
    const calls = of('1767258000000').filter((e) => e.type === 'model.call');
    expect(calls.map((c) => c.type === 'model.call' && [c.startTime, c.usage, c.costUsd])).toEqual(
      requests.map((r, k) => [
        r.ts,
        { input: figures[k]!.tokensIn, output: figures[k]!.tokensOut, cacheRead: figures[k]!.cacheReads, cacheCreation: figures[k]!.cacheWrites, inputIncludesCache: false },
        figures[k]!.cost,
      ]),
    );
    // A response ends when the next record says the history holds it: an index two past its request's.
    const first = calls[0]!;
    const saved = ui.find((r) => Number(r.conversationHistoryIndex) >= Number(requests[0]!.conversationHistoryIndex) + 2);
    expect(first.time).toBe(saved?.ts);
    const cut = calls.find((c) => c.type === 'model.call' && c.error !== undefined);
    expect(cut?.type === 'model.call' && cut.error).toBe(`${String(figures[4]!.cancelReason)}: ${String(figures[4]!.streamingFailedMessage)}`);
  });

  it('has a tool call per tool_use block, with outcomes read from the result texts', () => {
    const results = new Map(of('1767258000000').flatMap((e) => (e.type === 'tool.result' ? [[e.callId, e] as const] : [])));
    expect(of('1767258000000').filter((e) => e.type === 'tool.call').map((e) => e.type === 'tool.call' && [e.callId, e.name])).toEqual(
      toolUses.map((b) => [b.id, b.name]),
    );
    const outcome = (id: string) => {
      const r = results.get(id);
      return r && [r.success, r.errorType];
    };
    expect(toolUses.map((b) => outcome(String(b.id)))).toEqual([
      [true, undefined], // read_file
      [true, undefined], // execute_command
      [false, 'tool_error'], // replace_in_file: "The tool execution failed ..."
      [false, 'skipped'], // read_file: "Tool [read_file] was not executed ..."
      [false, 'denied'], // write_to_file: "The user denied this operation."
      [true, undefined], // attempt_completion, shown as the task's last record
    ]);
  });

  it('times a call from the ui record that showed it to the request that carried its result back', () => {
    const call = of('1767258000000').find((e) => e.type === 'tool.call' && e.name === 'execute_command');
    const callId = call?.type === 'tool.call' ? call.callId : undefined;
    const result = of('1767258000000').find((e) => e.type === 'tool.result' && e.callId === callId);
    const shown = ui.find((r) => r.ask === 'command');
    const next = requests.find((r) => Number(r.ts) > Number(shown?.ts));
    expect([call?.time, call?.timeExact, result?.time, result?.timeExact]).toEqual([shown?.ts, undefined, next?.ts, false]);
  });

  it('keeps errors, the user-visible kinds it does not know, and ends at the completion', () => {
    const events = of('1767258000000');
    expect(events.filter((e) => e.type === 'error').map((e) => e.type === 'error' && e.errorType)).toEqual(['diff_error', 'model_error']);
    expect(events.filter((e) => e.type === 'unknown').map((e) => e.type === 'unknown' && e.kind)).toEqual(['ui.hook_status']);
    const end = events.at(-1);
    expect(end?.type === 'session.end' && [end.outcome, end.time]).toEqual(['ok', ui.find((r) => r.say === 'completion_result')?.ts]);
  });

  it('reports the ui record with no ts by its index, once', () => {
    const index = ui.findIndex((r) => typeof r.ts !== 'number');
    expect(run.warnings.map((w) => [w.code, w.message.split(':')[0]])).toEqual([['schema', `ui_messages.json[${index}]`]]);
  });
});

describe('cline: an older task with XML tool calls and no index', () => {
  const xmlApi = read(XML, 'api_conversation_history.json');
  it('reads the calls from the text and pairs the responses with the requests by order', () => {
    const events = of('1736935200000');
    const calls = events.filter((e) => e.type === 'tool.call');
    expect(calls.map((c) => c.type === 'tool.call' && [c.callId, c.name, c.input])).toEqual([
      ['m1:list_files#0', 'list_files', { path: 'src', recursive: 'false' }],
      ['m3:attempt_completion#0', 'attempt_completion', { result: 'src/ holds config.ts and main.ts.' }],
    ]);
    expect(xmlApi.filter((m) => m.role === 'assistant')).toHaveLength(events.filter((e) => e.type === 'model.call').length);
    expect(events.filter((e) => e.type === 'tool.result').every((e) => e.type === 'tool.result' && e.success)).toBe(true);
  });
});
