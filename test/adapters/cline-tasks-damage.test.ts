import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { clineAdapter } from '../../src/adapters/cline/index.js';
import { rooCodeAdapter } from '../../src/adapters/roo-code/index.js';
import type { Warning } from '../../src/core/diagnostics.js';
import type { AgentEvent } from '../../src/model/events.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { collectEvents } from '../support/runs/collect-events.js';

/**
 * Task folders are whole JSON documents: an element of `ui_messages.json` or
 * `api_conversation_history.json` that cannot be used is reported once,
 * naming the file and its index, and everything else converts as without it;
 * a file that is not JSON at all is one warning, and nothing throws.
 */
const tempDir = useTempDirs();
const FIXTURES = join(import.meta.dirname, '../fixtures');
const CLINE_TASK = join(FIXTURES, 'cline/native-tools/1767258000000');
const ROO_PARENT = join(FIXTURES, 'roo-code/tasks/1f2e3d4c-5b6a-4798-8a1b-2c3d4e5f6a70');

const BAD_ELEMENTS: Record<string, unknown> = {
  null: null,
  'a number': 42,
  'a string': 'say',
  'an array': [1700000000000, 'say'],
  'an empty object': {},
  'a ts that is a string': { ts: '1767258000000', type: 'say', say: 'text', text: 'x' },
  'a role no history has': { role: 'system', content: 'x', ts: 1767258000000 },
};

/** A copy of the task folder (same name: the task id) with `element` inserted at `index` of `file`. */
function withInserted(task: string, file: string, index: number, element: unknown): string {
  const dir = join(tempDir(), basename(task));
  cpSync(task, dir, { recursive: true });
  const array = JSON.parse(readFileSync(join(task, file), 'utf8')) as unknown[];
  array.splice(index, 0, element);
  writeFileSync(join(dir, file), JSON.stringify(array));
  return dir;
}

/** Events and warnings made comparable across copies: file names only, indexes after the inserted one moved back. */
function comparable<T extends { file?: string; line?: number }>(where: T, file: string, index: number | undefined): T {
  const shifted = index !== undefined && where.line !== undefined && basename(where.file ?? '') === file && where.line > index;
  return { ...where, ...(where.file !== undefined ? { file: basename(where.file) } : {}), ...(shifted ? { line: where.line! - 1 } : {}) };
}

function comparableEvents(events: AgentEvent[], file: string, index?: number): unknown[] {
  return events.map((e) => (e.source ? { ...e, source: comparable(e.source, file, index) } : e));
}

/** Warnings name an element by its JSON path (`ui_messages.json[12]`): the path moves back too. */
function comparableWarnings(warnings: Warning[], file: string, index?: number): unknown[] {
  const path = new RegExp(`^${file.replace('.', '\\.')}\\[(\\d+)\\]`);
  return warnings.map((w) => {
    const at = path.exec(w.message);
    const moved = at && index !== undefined && Number(at[1]) > index ? w.message.replace(path, `${file}[${Number(at[1]) - 1}]`) : w.message;
    return { ...comparable(w, file, index), message: moved };
  });
}

async function expectReportedOnce(adapter: Adapter, task: string, file: string, element: unknown): Promise<void> {
  const length = (JSON.parse(readFileSync(join(task, file), 'utf8')) as unknown[]).length;
  const index = Math.floor(length / 2);
  const clean = await collectEvents(adapter, [task]);
  const damaged = await collectEvents(adapter, [withInserted(task, file, index, element)]);
  const about = damaged.warnings.filter((w) => basename(w.file ?? '') === file && w.message.startsWith(`${file}[${index}]`));
  expect(about, JSON.stringify(damaged.warnings)).toHaveLength(1);
  expect(damaged.events.filter((e) => basename(e.source?.file ?? '') === file && e.source?.line === index)).toEqual([]);
  expect(comparableEvents(damaged.events, file, index)).toEqual(comparableEvents(clean.events, file));
  const others = damaged.warnings.filter((w) => w !== about[0]);
  expect(comparableWarnings(others, file, index)).toEqual(comparableWarnings(clean.warnings, file));
}

describe('cline: an unusable element of ui_messages.json', () => {
  it.each(Object.entries(BAD_ELEMENTS))('%s is reported once and changes nothing else', async (_name, element) => {
    await expectReportedOnce(clineAdapter, CLINE_TASK, 'ui_messages.json', element);
  });
});

describe('roo-code: an unusable element of either file', () => {
  it.each(Object.entries(BAD_ELEMENTS))('%s in ui_messages.json is reported once and changes nothing else', async (_name, element) => {
    await expectReportedOnce(rooCodeAdapter, ROO_PARENT, 'ui_messages.json', element);
  });
  it.each(Object.entries(BAD_ELEMENTS))('%s in api_conversation_history.json is reported once and changes nothing else', async (_name, element) => {
    await expectReportedOnce(rooCodeAdapter, ROO_PARENT, 'api_conversation_history.json', element);
  });
});

describe('cline: a damaged element of the API history keeps its place', () => {
  it('the other responses still pair with their requests by conversationHistoryIndex', async () => {
    const dir = join(tempDir(), basename(CLINE_TASK));
    cpSync(CLINE_TASK, dir, { recursive: true });
    const api = JSON.parse(readFileSync(join(CLINE_TASK, 'api_conversation_history.json'), 'utf8')) as Array<{ role: string; content: unknown }>;
    // The user message that carries the first result becomes unusable: its results are lost, nothing else.
    const damagedAt = 2;
    const lost = api[damagedAt]!;
    api[damagedAt] = { role: 'user', content: 12345 };
    writeFileSync(join(dir, 'api_conversation_history.json'), JSON.stringify(api));
    const clean = await collectEvents(clineAdapter, [CLINE_TASK]);
    const damaged = await collectEvents(clineAdapter, [dir]);
    expect(damaged.warnings.filter((w) => w.message.startsWith(`api_conversation_history.json[${damagedAt}]`))).toHaveLength(1);
    const calls = (events: AgentEvent[]) => events.filter((e) => e.type === 'tool.call').map((e) => e.callId);
    expect(calls(damaged.events)).toEqual(calls(clean.events));
    // The call whose result was in the lost message has none; every other result is as before.
    const results = (events: AgentEvent[]) => events.filter((e) => e.type === 'tool.result').map((e) => (e.type === 'tool.result' ? [e.callId, e.success] : []));
    const firstCall = (api[1]!.content as Array<{ type: string; id?: string }>).find((b) => b.type === 'tool_use')!.id;
    expect(JSON.stringify(lost)).toContain('Result:');
    expect(results(damaged.events)).toEqual(results(clean.events).filter(([id]) => id !== firstCall));
  });
});

describe('a task file that is not JSON', () => {
  it.each([
    ['cline', clineAdapter, CLINE_TASK],
    ['roo-code', rooCodeAdapter, ROO_PARENT],
  ] as const)('%s: a truncated ui_messages.json is one warning naming it; nothing throws', async (_name, adapter, task) => {
    const dir = join(tempDir(), basename(task));
    cpSync(task, dir, { recursive: true });
    const text = readFileSync(join(task, 'ui_messages.json'), 'utf8');
    writeFileSync(join(dir, 'ui_messages.json'), text.slice(0, Math.floor(text.length / 2)));
    const { warnings } = await collectEvents(adapter, [dir]);
    expect(warnings.filter((w) => w.code === 'invalid_json').map((w) => basename(w.file ?? ''))).toEqual(['ui_messages.json']);
    expect(warnings.filter((w) => w.code === 'adapter_error')).toEqual([]);
  });
});
