import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rooCodeAdapter } from '../../src/adapters/roo-code/index.js';
import { linkSubtasks, type SubtaskFacts } from '../../src/adapters/roo-code/subtasks.js';
import { ATTR_PARENT_MATCH } from '../../src/spans/semconv.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { collectEvents, type Collected } from '../support/runs/collect-events.js';
import { convertToSpans } from '../support/runs/convert-spans.js';

/**
 * The Roo Code adapter on the project's own task folders (a parent that
 * launches a Code subtask): expectations read from the raw files here.
 */
const tempDir = useTempDirs();
const FIXTURES = join(import.meta.dirname, '../fixtures/roo-code');
const PARENT_ID = '1f2e3d4c-5b6a-4798-8a1b-2c3d4e5f6a70';
const CHILD_ID = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c21';

type Obj = Record<string, unknown>;
const read = (id: string, file: string) => JSON.parse(readFileSync(join(FIXTURES, 'tasks', id, file), 'utf8')) as Obj[];
const parentUi = read(PARENT_ID, 'ui_messages.json');
const parentApi = read(PARENT_ID, 'api_conversation_history.json');
const childApi = read(CHILD_ID, 'api_conversation_history.json');
const figures = parentUi.filter((r) => r.say === 'api_req_started').map((r) => JSON.parse(String(r.text)) as Obj);

let run: Collected;
beforeAll(async () => {
  run = await collectEvents(rooCodeAdapter, [FIXTURES]);
});
const of = (id: string) => run.events.filter((e) => e.sessionId === id);

describe('roo-code: a task and its subtask', () => {
  it('reads the XML calls of the text, MCP calls as extension tools', () => {
    const calls = of(PARENT_ID).filter((e) => e.type === 'tool.call');
    expect(calls.map((c) => c.type === 'tool.call' && [c.name, c.toolType])).toEqual([
      ['update_todo_list', 'function'],
      ['use_mcp_tool', 'extension'],
      ['new_task', 'function'],
    ]);
    const mcp = calls[1]!;
    expect(mcp.type === 'tool.call' && mcp.input).toEqual({ server_name: 'github', tool_name: 'list_issues', arguments: '{"label":"bug"}' });
    // The call starts when the ui asked for it, and ends when its result joined the history.
    const asked = parentUi.find((r) => r.ask === 'use_mcp_server');
    const resultMessage = parentApi.find((m) => m.role === 'user' && JSON.stringify(m.content).includes('[use_mcp_tool for'));
    const result = of(PARENT_ID).find((e) => e.type === 'tool.result' && e.callId === mcp.callId);
    expect([mcp.time, result?.time]).toEqual([asked?.ts, resultMessage?.ts]);
  });

  it('counts the input by the recorded apiProtocol, and keeps each request cost and the condensing cost', () => {
    const calls = of(PARENT_ID).filter((e) => e.type === 'model.call');
    expect(calls.map((c) => c.type === 'model.call' && [c.usage?.input, c.usage?.inputIncludesCache, c.costUsd])).toEqual(
      figures.map((f) => [f.tokensIn, f.apiProtocol === 'openai', f.cost]),
    );
    const condense = parentUi.find((r) => r.say === 'condense_context')!.contextCondense as Obj;
    const compaction = of(PARENT_ID).find((e) => e.type === 'compaction');
    expect(compaction?.type === 'compaction' && compaction.preTokens).toBe(condense.prevContextTokens);
    expect(of(PARENT_ID).filter((e) => e.type === 'cost').map((e) => e.type === 'cost' && e.costUsd)).toEqual([condense.cost]);
  });

  it('nests the subtask under the new_task call that sent its first <task> text, and says the match is exact', () => {
    const start = of(CHILD_ID).find((e) => e.type === 'session.start');
    const launch = of(PARENT_ID).find((e) => e.type === 'tool.call' && e.name === 'new_task');
    const sent = /<message>([\s\S]*?)<\/message>/.exec(JSON.stringify(parentApi[5]!.content))![1];
    expect(JSON.stringify(childApi[0]!.content)).toContain(sent);
    expect(start?.type === 'session.start' && start.meta).toMatchObject({
      agentName: 'code',
      parent: { sessionId: PARENT_ID, toolCallId: launch?.type === 'tool.call' ? launch.callId : 'none' },
      attributes: { 'parent.match': 'exact' },
    });
    // The call ends with the subtask's last result.
    const completed = parentApi.filter((m) => m.role === 'user' && JSON.stringify(m.content).includes('[new_task'));
    const result = of(PARENT_ID).find((e) => e.type === 'tool.result' && e.name === 'new_task');
    expect(result?.time).toBe(Math.max(...completed.map((m) => Number(m.ts))));
  });

  it('puts the subtask in its parent trace under the call, with the match on its root span', async () => {
    const { spans } = await convertToSpans([FIXTURES]);
    const root = spans.find((s) => s.attributes['gen_ai.operation.name'] === 'invoke_agent' && s.attributes['gen_ai.conversation.id'] === CHILD_ID);
    const launch = spans.find((s) => s.attributes['gen_ai.tool.name'] === 'new_task');
    expect(root?.parentSpanId).toBe(launch?.spanId);
    expect(root?.attributes[ATTR_PARENT_MATCH]).toBe('exact');
  });

  it('keeps the reasoning the ui records show (the API history has none)', () => {
    const shown = parentUi.filter((r) => r.say === 'reasoning');
    expect(shown.length).toBeGreaterThan(0);
    expect(of(PARENT_ID).filter((e) => e.type === 'reasoning').map((e) => [e.time, e.type === 'reasoning' && e.content])).toEqual(shown.map((r) => [r.ts, r.text]));
  });

  it('fails a command by its exit code, and ends the subtask at its completion', () => {
    const command = of(CHILD_ID).find((e) => e.type === 'tool.result' && e.name === 'execute_command');
    expect(command?.type === 'tool.result' && [command.success, command.errorType, command.exitCode]).toEqual([false, 'exit_code', 1]);
    expect(of(CHILD_ID).at(-1)?.type).toBe('session.end');
    expect(of(PARENT_ID).some((e) => e.type === 'session.end')).toBe(false);
  });

  it('reports the history element it cannot use by its index', () => {
    const index = parentApi.findIndex((m) => m.role !== 'user' && m.role !== 'assistant');
    expect(run.warnings.map((w) => [w.code, w.message.split(':')[0]])).toEqual([['schema', `api_conversation_history.json[${index}]`]]);
  });
});

describe('roo-code: a condensed history', () => {
  it('knows the calls of the requests it no longer holds from the next request text', async () => {
    const dir = join(tempDir(), 'c0c0c0c0-0000-4000-8000-000000000003');
    mkdirSync(dir);
    const t = 1767800000000;
    const request = (ts: number, text: string) => ({ ts, type: 'say', say: 'api_req_started', text: JSON.stringify({ request: text, apiProtocol: 'openai', tokensIn: 900, tokensOut: 40, cacheReads: 600, cacheWrites: 0, cost: 0.001 }) });
    const ui = [
      { ts: t, type: 'say', say: 'text', text: 'Read a.ts' },
      request(t + 100, '<task>\nRead a.ts\n</task>'),
      { ts: t + 2000, type: 'ask', ask: 'tool', text: JSON.stringify({ tool: 'readFile', path: 'a.ts' }) },
      request(t + 3000, "[read_file for 'a.ts'] Result:\n\nThe tool execution failed with the following error:\n<error>\nFile not found\n</error>"),
    ];
    // Condensing left the task, then a summary: the first response and its result are gone.
    const api = [
      { role: 'user', content: [{ type: 'text', text: '<task>\nRead a.ts\n</task>' }], ts: t + 50 },
      { role: 'assistant', content: 'Summary: a.ts could not be read.', ts: t + 5000, isSummary: true },
    ];
    writeFileSync(join(dir, 'ui_messages.json'), JSON.stringify(ui));
    writeFileSync(join(dir, 'api_conversation_history.json'), JSON.stringify(api));
    const { events, warnings } = await collectEvents(rooCodeAdapter, [dir]);
    expect(warnings).toEqual([]);
    const call = events.find((e) => e.type === 'tool.call');
    const result = events.find((e) => e.type === 'tool.result');
    expect(call?.type === 'tool.call' && [call.callId, call.name, call.time]).toEqual([`${t + 100}:read_file#0`, 'read_file', t + 2000]);
    expect(result?.type === 'tool.result' && [result.success, result.errorType, result.error, result.time, result.timeExact]).toEqual([false, 'tool_error', 'File not found', t + 3000, false]);
    expect(events.filter((e) => e.type === 'model.call')).toHaveLength(2);
  });
});

describe('roo-code: how sure a subtask link is', () => {
  const launch = (callId: string, message: string, time: number) => ({ callId, message, time });
  const task = (id: string, start: number, text: string | undefined, launches: SubtaskFacts['launches'] = []): SubtaskFacts => ({
    id,
    start,
    ...(text !== undefined ? { task: text } : {}),
    launches,
  });

  it('one call that sent the same text: exact', () => {
    const links = linkSubtasks([task('p', 0, 'root', [launch('c1', 'Write the test.', 100)]), task('k', 200, 'Write the test.')]);
    expect(links.get('k')).toMatchObject({ parentId: 'p', callId: 'c1', match: 'exact', candidates: 1 });
  });

  it('two calls that sent the same text: the closest before the child, by time', () => {
    const links = linkSubtasks([
      task('p', 0, 'root', [launch('c1', 'Write the test.', 100), launch('c2', 'Write the test.', 5_000)]),
      task('k', 5_200, 'Write the test.'),
    ]);
    expect(links.get('k')).toMatchObject({ callId: 'c2', match: 'time', candidates: 2 });
  });

  it('a text only similar (one starts the other): uncertain', () => {
    const links = linkSubtasks([
      task('p', 0, 'root', [launch('c1', 'Write the regression test for issue 42, then stop.', 100)]),
      task('k', 200, 'Write the regression test for issue 42'),
    ]);
    expect(links.get('k')).toMatchObject({ callId: 'c1', match: 'uncertain' });
  });

  it('a call after the child started, or text that differs, links nothing; a call launches one child', () => {
    expect(linkSubtasks([task('p', 0, 'root', [launch('c1', 'Write the test.', 500_000)]), task('k', 200, 'Write the test.')]).size).toBe(0);
    expect(linkSubtasks([task('p', 0, 'root', [launch('c1', 'Write the test.', 100)]), task('k', 200, 'Read the docs.')]).size).toBe(0);
    const links = linkSubtasks([task('p', 0, 'root', [launch('c1', 'Write the test.', 100)]), task('k1', 200, 'Write the test.'), task('k2', 300, 'Write the test.')]);
    expect([...links.keys()]).toEqual(['k1']);
  });

  it('an uncertain link is said in a warning naming the subtask', async () => {
    const dir = tempDir();
    const write = (id: string, messages: Obj[]) => {
      mkdirSync(join(dir, id));
      writeFileSync(join(dir, id, 'api_conversation_history.json'), JSON.stringify(messages));
    };
    const user = (text: string, ts: number) => ({ role: 'user', content: [{ type: 'text', text }], ts });
    const assistant = (text: string, ts: number) => ({ role: 'assistant', content: [{ type: 'text', text }], ts });
    const message = 'Write the regression test for issue 42, then stop.';
    write('aaaa1111-0000-4000-8000-000000000001', [user('<task>\nFix issue 42\n</task>', 1000), assistant(`<new_task>\n<mode>code</mode>\n<message>${message}</message>\n</new_task>`, 2000)]);
    write('bbbb2222-0000-4000-8000-000000000002', [user('<task>\nWrite the regression test for issue 42\n</task>', 2500), assistant('<attempt_completion>\n<result>\nDone\n</result>\n</attempt_completion>', 3000)]);
    const { events, warnings } = await collectEvents(rooCodeAdapter, [dir]);
    const child = events.find((e) => e.type === 'session.start' && e.sessionId.startsWith('bbbb'));
    expect(child?.type === 'session.start' && child.meta.attributes?.['parent.match']).toBe('uncertain');
    expect(warnings.map((w) => [w.code, w.message.startsWith('task bbbb2222-0000-4000-8000-000000000002')])).toEqual([['subtask_uncertain', true]]);
  });
});
