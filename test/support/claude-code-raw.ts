/**
 * Plain readings of Claude Code transcripts for the tests: JSON.parse per line
 * and the format's rules written out directly, independent of the adapter's
 * code, so that expectations are computed from the raw files.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { claudeCodeAdapter } from '../../src/adapters/claude-code/index.js';
import type { Warning } from '../../src/adapters/diagnostics.js';
import type { SourceUnit } from '../../src/adapters/adapter.js';
import type { AgentEvent, EventOf } from '../../src/model/events.js';

export type Obj = Record<string, unknown>;

export interface RawLine {
  line: number;
  value: Obj;
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every line that parses as a JSON object, with its 1-based number. */
export function rawLines(file: string): RawLine[] {
  const out: RawLine[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.trim() === '') return;
      try {
        const value: unknown = JSON.parse(text);
        if (isObj(value)) out.push({ line: i + 1, value });
      } catch {
        // malformed: the adapter must warn about it; the tests check that separately
      }
    });
  return out;
}

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

export function toolUses(lines: readonly RawLine[]): RawToolUse[] {
  return lines.flatMap(({ line, value }) =>
    value.type !== 'assistant'
      ? []
      : blocks(value)
          .filter((b) => b.type === 'tool_use')
          .map((b) => ({ id: String(b.id), name: String(b.name), ts: value.timestamp, line, responseId: message(value).id })),
  );
}

export interface RawToolResult {
  id: string;
  isError: boolean;
  ts: unknown;
  line: number;
}

export function toolResults(lines: readonly RawLine[]): RawToolResult[] {
  return lines.flatMap(({ line, value }) =>
    value.type !== 'user'
      ? []
      : blocks(value)
          .filter((b) => b.type === 'tool_result')
          .map((b) => ({ id: String(b.tool_use_id), isError: b.is_error === true, ts: value.timestamp, line })),
  );
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

export interface Conversion {
  units: SourceUnit[];
  events: AgentEvent[];
  warnings: Warning[];
}

/** Plans and reads files with the adapter, as the CLI would. */
export async function convert(files: string[]): Promise<Conversion> {
  const warnings: Warning[] = [];
  const warn = (w: Warning): void => {
    warnings.push(w);
  };
  const plan = claudeCodeAdapter.plan;
  if (!plan) throw new Error('the claude-code adapter has no plan()');
  const units = await plan(files, warn);
  const events: AgentEvent[] = [];
  for (const unit of units) for await (const e of claudeCodeAdapter.read(unit, { warn })) events.push(e);
  return { units, events, warnings };
}

export function ofType<T extends AgentEvent['type']>(events: readonly AgentEvent[], type: T): EventOf<T>[] {
  return events.filter((e): e is EventOf<T> => e.type === type);
}

export function inSession(events: readonly AgentEvent[], sessionId: string): AgentEvent[] {
  return events.filter((e) => e.sessionId === sessionId);
}

export function starts(events: readonly AgentEvent[]): EventOf<'session.start'>[] {
  return ofType(events, 'session.start');
}

/** Events of one session are contiguous and start with its session.start. */
export function sessionsAreContiguous(events: readonly AgentEvent[]): boolean {
  const seen = new Set<string>();
  let current: string | undefined;
  for (const e of events) {
    if (e.type === 'session.start') {
      if (seen.has(e.sessionId)) return false;
      seen.add(e.sessionId);
      current = e.sessionId;
    } else if (e.sessionId !== current) return false;
  }
  return true;
}
