import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isObj } from './raw-lines.js';
import { noUsage, type ExpectedRun, type ExpectedSession, type ExpectedUsage } from './real-expected.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const kindOf = (r: Obj): string => String(r.say ?? r.ask ?? '');

/**
 * Cline and Roo Code task folders read plainly, by the rules the docs state
 * (docs/agents.md, "Cline and Roo Code"), written here a second time:
 * - a model call per `api_req_started` record; its response in the API
 *   history is the message two after `conversationHistoryIndex` (Cline), or
 *   the assistant message whose `ts` falls before the next request (Roo Code);
 * - the input counts the cache reads and writes when the provider counts them
 *   apart (`apiProtocol` "anthropic", or Cline's provider `anthropic`);
 * - a tool call starts at the first ui record after its request that shows
 *   its kind (else where its response ended), and ends when its result went
 *   back: the user message's `ts` (Roo Code) or the next request (Cline); a
 *   subtask's call ends at its last result; a last `attempt_completion` with
 *   no result ends at the completion shown;
 * - a Roo Code task with no ui records: a model call per assistant message,
 *   its calls starting there.
 * Cases the real files do not hold throw, so that this reader never guesses.
 */
export function clineFamilyExpectations(dir: string, agent: 'cline' | 'roo-code'): ExpectedRun {
  const folders = taskFolders(dir);
  const tasks = folders.map((folder) => readTask(folder, agent));
  if (agent === 'roo-code') linkByText(tasks);
  const lastOf = (t: RawTask): number => Math.max(t.lastMs, ...tasks.filter((c) => c.session.parent?.sessionId === t.session.id).map(lastOf));
  for (const t of tasks) {
    for (const open of t.open) t.session.calls.push({ id: open.id, name: open.name, success: false, durationMs: lastOf(t) - open.start, source: 'timestamps', interrupted: true });
  }
  return { sessions: tasks.map((t) => t.session), reports: [] };
}

interface RawTask {
  session: ExpectedSession;
  firstTask?: string;
  startMs: number;
  lastMs: number;
  launches: Array<{ id: string; message: string; time: number }>;
  open: Array<{ id: string; name: string; start: number }>;
}

function taskFolders(dir: string): string[] {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /(?:ui_messages|api_conversation_history)\.json$/.test(f));
  return [...new Set(files.map((f) => dirname(join(dir, f))))].sort();
}

const readJson = (file: string): unknown[] => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown[]).map(obj) : []);

function readTask(folder: string, agent: 'cline' | 'roo-code'): RawTask {
  const ui = readJson(join(folder, 'ui_messages.json')) as Obj[];
  const api = readJson(join(folder, 'api_conversation_history.json')) as Obj[];
  const id = basename(folder);
  const usage = noUsage();
  const session: ExpectedSession = { agent, id, file: folder, calls: [], usage };
  const times = [...ui, ...api].map((r) => r.ts).filter((t): t is number => typeof t === 'number');
  const task: RawTask = { session, startMs: Math.min(...times), lastMs: Math.max(...times), launches: [], open: [] };
  const firstUser = api.find((m) => m.role === 'user');
  task.firstTask = firstUser ? /<task>\s*([\s\S]*?)\s*<\/task>/.exec(textOf(firstUser))?.[1] : undefined;
  if (ui.length > 0) readWithUi(task, ui, api);
  else readApiOnly(task, api);
  return task;
}

function textOf(message: Obj): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  return (Array.isArray(content) ? content : []).map(obj).filter((b) => b.type === 'text').map((b) => String(b.text)).join('\n');
}

function addUsage(usage: ExpectedUsage, info: Obj, providerId: unknown): void {
  if (info.tokensOut === undefined) throw new Error('a request without its figures is not modelled by this test yet');
  const apart = info.apiProtocol === 'anthropic' || (info.apiProtocol === undefined && providerId === 'anthropic');
  if (info.apiProtocol === undefined && providerId === undefined) throw new Error('a request with no protocol nor provider is not modelled yet');
  usage.responses++;
  usage.input += num(info.tokensIn) + (apart ? num(info.cacheReads) + num(info.cacheWrites) : 0);
  usage.output += num(info.tokensOut);
  usage.cacheRead += num(info.cacheReads);
  usage.cacheCreation += num(info.cacheWrites);
}

/** The tools the XML-era extensions call in text, as far as the real files use them. */
const XML_TOOLS = ['update_todo_list', 'new_task', 'read_file', 'search_files', 'list_files', 'write_to_file', 'execute_command', 'use_mcp_tool', 'attempt_completion', 'switch_mode', 'ask_followup_question'];

interface Asked {
  id: string;
  name: string;
  message?: string;
}

function askedIn(message: Obj, key: string): Asked[] {
  const blocks = Array.isArray(message.content) ? message.content.map(obj) : [];
  const uses = blocks.filter((b) => b.type === 'tool_use');
  if (uses.length > 0) return uses.map((b) => ({ id: String(b.id), name: String(b.name) }));
  const text = textOf(message);
  const found: Array<{ at: number; name: string; message?: string }> = [];
  for (const name of XML_TOOLS) {
    for (let at = text.indexOf(`<${name}>`); at !== -1; at = text.indexOf(`<${name}>`, at + 1)) {
      const end = text.indexOf(`</${name}>`, at);
      if (end === -1) continue;
      const inner = text.slice(at, end);
      found.push({ at, name, message: /<message>([\s\S]*?)<\/message>/.exec(inner)?.[1] });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f, i) => ({ id: `${key}:${f.name}#${i}`, name: f.name, ...(f.message !== undefined ? { message: f.message } : {}) }));
}

interface Result {
  name: string;
  completed: boolean;
  failed: boolean;
  at: number;
  /** The body starts in the next block (Roo Code). */
  pending?: boolean;
}

/** `[name ...] Result:` headers and `Tool [name] was not executed` notes of a user message's text blocks. */
function resultsIn(texts: string[], at: number): Result[] {
  const out: Result[] = [];
  let current: Result | undefined;
  for (const text of texts) {
    const t = text.trimStart();
    const header = /^\[([a-z_]+)([\s\S]*?)\] Result:([\s\S]*)/.exec(t);
    if (t.startsWith('<environment_details>')) current = undefined;
    else if (header) {
      const body = header[3]!.trim();
      current = { name: header[1]!, completed: header[2]!.trim() === 'completed', failed: failedText(body), at, pending: body === '' };
      out.push(current);
    } else if (/^Tool \[([a-z_]+)\] was not executed/.test(t)) {
      out.push({ name: /^Tool \[([a-z_]+)\]/.exec(t)![1]!, completed: false, failed: true, at });
      current = undefined;
    } else if (current?.pending) {
      current.failed = failedText(t);
      current.pending = false;
    }
  }
  return out;
}

function failedText(body: string): boolean {
  const b = body.trim();
  return b.startsWith('The tool execution failed') || b.startsWith('<error>') || b.includes('The user denied this operation') || /Exit code: [1-9]/.test(b);
}

const userTexts = (m: Obj): string[] => (typeof m.content === 'string' ? [m.content] : (Array.isArray(m.content) ? m.content : []).map(obj).map((b) => String(b.text ?? '')));

const SHOWN: Record<string, string[]> = { execute_command: ['command'], use_mcp_tool: ['use_mcp_server'], attempt_completion: ['completion_result'], ask_followup_question: ['followup'] };

function readWithUi(task: RawTask, ui: Obj[], api: Obj[]): void {
  const requests = ui.flatMap((r, i) => (r.say === 'api_req_started' ? [i] : []));
  const used = new Set<number>();
  requests.forEach((at, k) => {
    const request = ui[at]!;
    const nextAt = requests[k + 1];
    const next = nextAt === undefined ? undefined : ui[nextAt]!;
    const window = ui.slice(at + 1, nextAt ?? ui.length);
    const info = obj(JSON.parse(String(request.text)));
    addUsage(task.session.usage, info, obj(request.modelInfo).providerId);
    // The response.
    let r = -1;
    if (api.length > 0 && api.every((m) => typeof m.ts === 'number')) {
      r = api.findIndex((m, j) => m.role === 'assistant' && !used.has(j) && (m.ts as number) >= (request.ts as number) && (next === undefined || (m.ts as number) < (next.ts as number)));
    } else if (typeof request.conversationHistoryIndex === 'number') {
      r = request.conversationHistoryIndex + 2;
      if (api[r]?.role !== 'assistant') r = -1;
    } else throw new Error('a ui file without conversationHistoryIndex is not modelled by this test yet');
    if (r !== -1) used.add(r);
    const response = r === -1 ? undefined : api[r]!;
    const h = request.conversationHistoryIndex;
    const saved = typeof h === 'number' ? window.find((w) => num(w.conversationHistoryIndex) >= h + 2) : undefined;
    const responseEnd = typeof response?.ts === 'number' ? response.ts : saved ? num(saved.ts) : next ? num(next.ts) : num(window.at(-1)?.ts ?? request.ts);
    // Results: the user messages after the response, else the next request's text.
    const results: Result[] = [];
    if (response) {
      for (let j = r + 1; j < api.length && api[j]!.role === 'user'; j++) {
        const when = typeof api[j]!.ts === 'number' ? (api[j]!.ts as number) : next ? num(next.ts) : undefined;
        if (when !== undefined) results.push(...resultsIn(userTexts(api[j]!), when));
      }
    } else if (next) results.push(...resultsIn([String(obj(JSON.parse(String(next.text))).request)], num(next.ts)));
    const asked: Asked[] = response
      ? askedIn(response, typeof response.ts === 'number' ? String(response.ts) : `m${r}`)
      : [...new Set(results.map((x) => x.name))].map((name, i) => ({ id: `${String(request.ts)}:${name}#${i}`, name }));
    const taken = new Set<number>();
    for (const call of asked) {
      const kinds = SHOWN[call.name] ?? ['tool'];
      const shownAt = window.findIndex((w, i) => !taken.has(i) && kinds.includes(kindOf(w)) && (kindOf(w) !== 'tool' || (call.name === 'new_task') === String(w.text).includes('"tool":"newTask"')));
      if (shownAt !== -1) taken.add(shownAt);
      const start = shownAt === -1 ? responseEnd : num(window[shownAt]!.ts);
      if (call.name === 'new_task' && call.message !== undefined) task.launches.push({ id: call.id, message: call.message, time: start });
      const mine = results.filter((x) => x.name === call.name);
      const own = call.name === 'new_task' ? mine : mine.slice(0, 1);
      for (const x of own) results.splice(results.indexOf(x), 1);
      if (own.length === 0) {
        const completion = call.name === 'attempt_completion' ? [...window].reverse().find((w) => kindOf(w) === 'completion_result') : undefined;
        if (completion) task.session.calls.push({ id: call.id, name: call.name, success: true, durationMs: num(completion.ts) - start, source: 'timestamps', interrupted: false });
        else task.open.push({ id: call.id, name: call.name, start });
        continue;
      }
      const main = own.find((x) => !x.completed) ?? own[0]!;
      let end = Math.max(...own.map((x) => x.at));
      const subtask = call.name === 'new_task' ? window.find((w) => kindOf(w) === 'subtask_result') : undefined;
      if (subtask && num(subtask.ts) > end) end = num(subtask.ts);
      task.session.calls.push({ id: call.id, name: call.name, success: !main.failed, durationMs: Math.max(0, end - start), source: 'timestamps', interrupted: false });
    }
  });
}

function readApiOnly(task: RawTask, api: Obj[]): void {
  api.forEach((m, r) => {
    if (m.role !== 'assistant' || typeof m.ts !== 'number') return;
    task.session.usage.responses++;
    const results: Result[] = [];
    for (let j = r + 1; j < api.length && api[j]!.role === 'user'; j++) results.push(...resultsIn(userTexts(api[j]!), num(api[j]!.ts)));
    for (const call of askedIn(m, String(m.ts))) {
      if (call.name === 'new_task' && call.message !== undefined) task.launches.push({ id: call.id, message: call.message, time: m.ts });
      const mine = results.filter((x) => x.name === call.name);
      const own = call.name === 'new_task' ? mine : mine.slice(0, 1);
      for (const x of own) results.splice(results.indexOf(x), 1);
      if (own.length > 0) {
        const main = own.find((x) => !x.completed) ?? own[0]!;
        task.session.calls.push({ id: call.id, name: call.name, success: !main.failed, durationMs: Math.max(...own.map((x) => x.at)) - m.ts, source: 'timestamps', interrupted: false });
      } else if (call.name === 'attempt_completion' && r === api.length - 1) {
        task.session.calls.push({ id: call.id, name: call.name, success: true, durationMs: 0, source: 'timestamps', interrupted: false });
      } else task.open.push({ id: call.id, name: call.name, start: m.ts });
    }
  });
}

/** A task whose first `<task>` text is exactly one launch's message, sent before it started, hangs under that call. */
function linkByText(tasks: RawTask[]): void {
  for (const child of tasks) {
    if (child.firstTask === undefined) continue;
    const found = tasks.flatMap((p) => (p === child ? [] : p.launches.filter((l) => l.message.trim() === child.firstTask!.trim() && l.time <= child.startMs).map((l) => ({ p, l }))));
    if (found.length > 1) throw new Error(`${child.session.id}: several launches with the same text are not modelled by this test yet`);
    if (found[0]) child.session.parent = { sessionId: found[0].p.session.id, toolCallId: found[0].l.id, evidence: 'call' };
  }
}
