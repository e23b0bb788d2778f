/**
 * Plain readings of Claude Code transcripts for the tests: JSON.parse per line
 * and the format's rules written out directly, independent of the adapter's
 * code, so that expectations are computed from the raw files.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { claudeCodeAdapter } from '../../../src/adapters/claude-code/index.js';
import type { AgentEvent, EventOf } from '../../../src/model/events.js';
import { collectEvents, type Collected } from '../runs/collect-events.js';
import { isObj, type RawLine } from './raw-lines.js';

export type Obj = Record<string, unknown>;
export { isObj, rawJsonLines as rawLines, type RawLine } from './raw-lines.js';

export function ms(ts: unknown): number {
  if (typeof ts !== 'string') throw new Error(`not a timestamp: ${String(ts)}`);
  return Date.parse(ts);
}

export function blocks(rec: Obj): Obj[] {
  const message = rec.message;
  if (!isObj(message) || !Array.isArray(message.content)) return [];
  return message.content.filter(isObj);
}

export function message(rec: Obj): Obj {
  return isObj(rec.message) ? rec.message : {};
}

export interface RawToolUse {
  id: string;
  name: string;
  ts: unknown;
  line: number;
  responseId: unknown;
}

/** The content blocks of type `blockType` in the records of type `recordType`, each with its record and line. */
function blocksIn(lines: readonly RawLine[], recordType: string, blockType: string): Array<{ block: Obj; value: Obj; line: number }> {
  return lines.flatMap(({ line, value }) =>
    value.type !== recordType ? [] : blocks(value).flatMap((block) => (block.type === blockType ? [{ block, value, line }] : [])),
  );
}

export function toolUses(lines: readonly RawLine[]): RawToolUse[] {
  return blocksIn(lines, 'assistant', 'tool_use').map(({ block, value, line }) => ({
    id: String(block.id),
    name: String(block.name),
    ts: value.timestamp,
    line,
    responseId: message(value).id,
  }));
}

export interface RawToolResult {
  id: string;
  isError: boolean;
  ts: unknown;
  line: number;
}

export function toolResults(lines: readonly RawLine[]): RawToolResult[] {
  return blocksIn(lines, 'user', 'tool_result').map(({ block, value, line }) => ({
    id: String(block.tool_use_id),
    isError: block.is_error === true,
    ts: value.timestamp,
    line,
  }));
}

export interface Totals {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

const zero = (): Totals => ({ input: 0, output: 0, cacheRead: 0, cacheCreation: 0 });

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** Usage of each API response: the usage of the LAST line carrying its message.id. */
export function usageByResponse(lines: readonly RawLine[]): Map<string, Totals> {
  const out = new Map<string, Totals>();
  for (const { value } of lines) {
    if (value.type !== 'assistant') continue;
    const m = message(value);
    if (m.model === '<synthetic>' || value.isApiErrorMessage === true || typeof m.id !== 'string' || !isObj(m.usage)) continue;
    const u = m.usage;
    out.set(m.id, {
      input: num(u.input_tokens),
      output: num(u.output_tokens),
      cacheRead: num(u.cache_read_input_tokens),
      cacheCreation: num(u.cache_creation_input_tokens),
    });
  }
  return out;
}

export function sum(values: Iterable<Totals>): Totals {
  const t = zero();
  for (const v of values) {
    t.input += v.input;
    t.output += v.output;
    t.cacheRead += v.cacheRead;
    t.cacheCreation += v.cacheCreation;
  }
  return t;
}

/** The totals of the model.call events given. */
export function eventTotals(events: readonly AgentEvent[]): Totals {
  return sum(
    events
      .filter((e): e is EventOf<'model.call'> => e.type === 'model.call')
      .map((e) => ({
        input: e.usage?.input ?? 0,
        output: e.usage?.output ?? 0,
        cacheRead: e.usage?.cacheRead ?? 0,
        cacheCreation: e.usage?.cacheCreation ?? 0,
      })),
  );
}

export function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Plans and reads files with the adapter, as the CLI would (no `detect`: every file goes to `plan`). */
export async function convert(files: string[]): Promise<Collected> {
  if (!claudeCodeAdapter.plan) throw new Error('the claude-code adapter has no plan()');
  return collectEvents(claudeCodeAdapter, files, { skipDetect: true, validate: false });
}
