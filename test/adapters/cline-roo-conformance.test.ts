/**
 * Conformance over the real Cline and Roo Code task folders in
 * ../shared/fixtures/real: the recorded costs, the tokens, the tool calls and
 * their outcomes, and Roo Code's subtask chain, each computed here from the
 * raw files with plain JSON.parse (tool timings and usage per span are checked
 * by test/conformance/real-fixtures.test.ts).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { clineAdapter } from '../../src/adapters/cline/index.js';
import { rooCodeAdapter } from '../../src/adapters/roo-code/index.js';
import type { Adapter } from '../../src/adapters/adapter.js';
import { describeWithFixture } from '../support/fixtures/shared-fixtures.js';
import { collectEvents, type Collected } from '../support/runs/collect-events.js';

type Obj = Record<string, unknown>;
const json = (file: string): Obj[] => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Obj[]) : []);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

function taskDirs(root: string): string[] {
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('ui_messages.json') || f.endsWith('api_conversation_history.json'));
  return [...new Set(files.map((f) => dirname(join(root, f))))].sort();
}

/** What a task's raw files record: per request its figures, the condensing costs, the calls asked for and the failed results. */
function rawTask(dir: string) {
  const ui = json(join(dir, 'ui_messages.json'));
  const api = json(join(dir, 'api_conversation_history.json'));
  const requests = ui.filter((r) => r.say === 'api_req_started').map((r) => JSON.parse(String(r.text)) as Obj);
  const condense = ui.filter((r) => r.say === 'condense_context').map((r) => Number((r.contextCondense as Obj | undefined)?.cost ?? 0));
  const texts = (m: Obj): string[] =>
    typeof m.content === 'string' ? [m.content] : (m.content as Obj[]).filter((b) => b.type === 'text').map((b) => String(b.text));
  const toolUses = api.flatMap((m) => (m.role === 'assistant' && Array.isArray(m.content) ? (m.content as Obj[]).filter((b) => b.type === 'tool_use') : []));
  const failedResults = api
    .filter((m) => m.role === 'user')
    .flatMap(texts)
    .filter((t) => t.includes('The tool execution failed with the following error') || t.includes('The user denied this operation') || /^Tool \[\w+\] was not executed/.test(t));
  return { id: basename(dir), ui, api, requests, condense, toolUses, failedResults };
}

function check(name: string, relative: string, adapter: Adapter, define: (root: string, run: () => Collected) => void): void {
  describeWithFixture(name, relative, (root) => {
    let collected: Collected | undefined;
    it('converts every task folder', async () => {
      collected = await collectEvents(adapter, [root]);
      const started = collected.events.filter((e) => e.type === 'session.start').map((e) => e.sessionId);
      expect(started.sort()).toEqual(taskDirs(root).map((d) => basename(d)).sort());
      expect(collected.warnings).toEqual([]);
    });
    define(root, () => collected!);
  });
}

check('Cline real task folders', 'real/cline', clineAdapter, (root, run) => {
  it('every request is a model call with its recorded tokens and cost; every tool_use a call, the failed results failures', () => {
    for (const dir of taskDirs(root)) {
      const raw = rawTask(dir);
      const events = run().events.filter((e) => e.sessionId === raw.id);
      const calls = events.filter((e) => e.type === 'model.call');
      expect(calls).toHaveLength(raw.requests.length);
      expect(close(sum(calls.map((c) => c.costUsd ?? 0)), sum(raw.requests.map((r) => Number(r.cost ?? 0))))).toBe(true);
      // Anthropic counts the input apart from the cache: the input includes neither.
      expect(calls.every((c) => c.usage?.inputIncludesCache === false)).toBe(true);
      expect(sum(calls.map((c) => c.usage?.input ?? 0))).toBe(sum(raw.requests.map((r) => Number(r.tokensIn))));
      expect(sum(calls.map((c) => c.usage?.output ?? 0))).toBe(sum(raw.requests.map((r) => Number(r.tokensOut))));
      expect(sum(calls.map((c) => c.usage?.cacheRead ?? 0))).toBe(sum(raw.requests.map((r) => Number(r.cacheReads))));
      expect(sum(calls.map((c) => c.usage?.cacheCreation ?? 0))).toBe(sum(raw.requests.map((r) => Number(r.cacheWrites))));
      const results = events.filter((e) => e.type === 'tool.result');
      expect(events.filter((e) => e.type === 'tool.call').map((e) => e.callId).sort()).toEqual(raw.toolUses.map((b) => String(b.id)).sort());
      expect(results.filter((r) => !r.success)).toHaveLength(raw.failedResults.length);
    }
  });

  it('takes the version and the model from task_metadata.json', () => {
    for (const dir of taskDirs(root)) {
      const meta = JSON.parse(readFileSync(join(dir, 'task_metadata.json'), 'utf8')) as { environment_history: Obj[]; model_usage: Obj[] };
      const start = run().events.find((e) => e.type === 'session.start' && e.sessionId === basename(dir));
      expect(start?.type === 'session.start' && [start.meta.agentVersion, start.meta.model]).toEqual([
        meta.environment_history.at(-1)?.cline_version,
        meta.model_usage[0]?.model_id,
      ]);
    }
  });
});

check('Roo Code real task folders', 'real/roo-code', rooCodeAdapter, (root, run) => {
  it('every request is a model call with its recorded cost; the condensing costs are kept', () => {
    for (const dir of taskDirs(root)) {
      const raw = rawTask(dir);
      const events = run().events.filter((e) => e.sessionId === raw.id);
      const calls = events.filter((e) => e.type === 'model.call');
      const recorded = sum(calls.map((c) => c.costUsd ?? 0)) + sum(events.map((e) => (e.type === 'cost' ? e.costUsd : 0)));
      expect(close(recorded, sum(raw.requests.map((r) => Number(r.cost ?? 0))) + sum(raw.condense))).toBe(true);
      if (raw.ui.length > 0) {
        expect(calls).toHaveLength(raw.requests.length);
        // `apiProtocol` says how the input was counted: with the cache (openai) or apart from it (anthropic).
        const protocols = raw.requests.map((r) => r.apiProtocol === 'openai');
        expect(calls.map((c) => c.usage?.inputIncludesCache)).toEqual(protocols);
      } else {
        expect(calls).toHaveLength(raw.api.filter((m) => m.role === 'assistant').length);
      }
    }
  });

  it('nests the subtask chain parent -> child -> leaf under the new_task calls that sent their first <task> text', () => {
    const chain = taskDirs(join(root, 'subtask-hierarchy')).map(rawTask);
    const firstTask = (t: ReturnType<typeof rawTask>) => /<task>\s*([\s\S]*?)\s*<\/task>/.exec(String((t.api[0]?.content as Obj[])[0]?.text))?.[1];
    const messages = (t: ReturnType<typeof rawTask>) =>
      t.api.filter((m) => m.role === 'assistant').flatMap((m) => [...JSON.stringify(m.content).matchAll(/<message>([\s\S]*?)<\/message>/g)].map((x) => JSON.parse(`"${x[1]}"`) as string));
    const starts = run().events.filter((e) => e.type === 'session.start');
    let linked = 0;
    for (const child of chain) {
      const parent = chain.find((p) => messages(p).includes(firstTask(child) ?? ''));
      const start = starts.find((s) => s.sessionId === child.id);
      if (start?.type !== 'session.start') throw new Error(`no session for ${child.id}`);
      expect(start.meta.parent?.sessionId, child.id).toBe(parent?.id);
      if (!parent) continue;
      linked++;
      expect(start.meta.attributes?.['parent.match'], child.id).toBe('exact');
      const launch = run().events.find((e) => e.type === 'tool.call' && e.callId === start.meta.parent?.toolCallId);
      expect(launch?.sessionId).toBe(parent.id);
      expect(launch?.type === 'tool.call' && launch.name).toBe('new_task');
    }
    expect(linked).toBe(2);
  });
});
