import { isObj, isoMs, rawJsonLines, str } from './raw-lines.js';

/**
 * Plain readings of Codex rollout lines for the tests: what a record says,
 * computed with JSON.parse and nothing from the adapter, so that the tests
 * check the adapter against an independent reading of the same file.
 */

export type Obj = Record<string, unknown>;

export function obj(value: unknown): Obj {
  return isObj(value) ? value : {};
}

export interface RawRecord {
  line: number;
  /** Envelope timestamp (undefined for pre-envelope items). */
  ts?: string;
  /** Envelope type, or `item` for a bare pre-envelope response item, `header`, `state`. */
  kind: string;
  /** The payload (or the bare item / header itself). */
  p: Obj;
}

export function rawRecords(file: string): RawRecord[] {
  return rawJsonLines(file).map(({ line, value }) => {
    if ('payload' in value) return { line, ts: str(value.timestamp), kind: str(value.type) ?? '?', p: obj(value.payload) };
    if (value.record_type === 'state') return { line, kind: 'state', p: value };
    if (typeof value.type === 'string') return { line, ts: str(value.timestamp), kind: 'item', p: value };
    return { line, ts: str(value.timestamp), kind: 'header', p: value };
  });
}

/** Line numbers of the lines that are not JSON. */
export { brokenJsonLines as brokenLines } from './raw-lines.js';

export const isItem = (r: RawRecord): boolean => r.kind === 'response_item' || r.kind === 'item';
export const isEvent = (r: RawRecord, type: string): boolean => r.kind === 'event_msg' && r.p.type === type;
export const itemType = (r: RawRecord): string | undefined => (isItem(r) ? str(r.p.type) : undefined);

const CALL_TYPES = new Set(['function_call', 'custom_tool_call', 'local_shell_call']);
const OUTPUT_TYPES = new Set(['function_call_output', 'custom_tool_call_output']);

export interface RawCall {
  callId: string;
  name: string;
  ts?: string;
  line: number;
}

/** The calls of a file, by `call_id` (local shell calls are named `local_shell`). */
export function rawCalls(records: RawRecord[]): RawCall[] {
  return records
    .filter((r) => CALL_TYPES.has(itemType(r) ?? ''))
    .map((r) => ({
      callId: str(r.p.call_id) ?? str(r.p.id) ?? '',
      name: r.p.type === 'local_shell_call' ? 'local_shell' : (str(r.p.name) ?? ''),
      ts: r.ts,
      line: r.line,
    }));
}

export interface RawOutput {
  callId: string;
  output: unknown;
  ts?: string;
  line: number;
}

export function rawOutputs(records: RawRecord[]): RawOutput[] {
  return records
    .filter((r) => OUTPUT_TYPES.has(itemType(r) ?? ''))
    .map((r) => ({ callId: str(r.p.call_id) ?? '', output: r.p.output, ts: r.ts, line: r.line }));
}

/**
 * What an output says: the exit code and measured seconds, from the JSON form
 * `{"output", "metadata": {"exit_code", "duration_seconds"}}` or the text
 * header lines `Exit code: N` / `Process exited with code N` / `Wall time: X seconds`.
 */
export function outputFacts(output: unknown): { exitCode?: number; seconds?: number; text: string } {
  const text = typeof output === 'string' ? output : JSON.stringify(output ?? '');
  if (text.startsWith('{')) {
    try {
      const parsed = obj(JSON.parse(text));
      const metadata = obj(parsed.metadata);
      if (typeof metadata.exit_code === 'number') {
        return {
          exitCode: metadata.exit_code,
          ...(typeof metadata.duration_seconds === 'number' ? { seconds: metadata.duration_seconds } : {}),
          text: str(parsed.output) ?? text,
        };
      }
    } catch {
      // plain text after all
    }
  }
  const head = text.split('\nOutput:')[0] ?? '';
  const code = /(?:^|\n)(?:Exit code: |Process exited with code )(-?\d+)/.exec(head)?.[1];
  const wall = /(?:^|\n)Wall time: ([\d.]+) seconds/.exec(head)?.[1];
  return {
    ...(code !== undefined ? { exitCode: Number(code) } : {}),
    ...(wall !== undefined ? { seconds: Number(wall) } : {}),
    text,
  };
}

export interface UsageSums {
  responses: number;
  input: number;
  output: number;
  cacheRead: number;
  reasoning: number;
  /** The last total_token_usage of the file. */
  finalTotal?: Obj;
}

/**
 * Usage per response the plain way: a `token_count` counts when its
 * `total_token_usage` differs from the previous one, with its `last_token_usage`.
 * Records from `fromLine` on only (to leave out copied history); earlier totals
 * still serve as the previous total.
 */
export function rawUsage(records: RawRecord[], fromLine = 0): UsageSums {
  const sums: UsageSums = { responses: 0, input: 0, output: 0, cacheRead: 0, reasoning: 0 };
  let previous: string | undefined;
  for (const r of records) {
    if (!isEvent(r, 'token_count')) continue;
    const info = obj(r.p.info);
    if (!('total_token_usage' in info)) continue;
    const key = JSON.stringify(info.total_token_usage);
    if (key === previous) continue;
    previous = key;
    sums.finalTotal = obj(info.total_token_usage);
    if (r.line < fromLine) continue;
    const last = obj(info.last_token_usage);
    sums.responses++;
    sums.input += Number(last.input_tokens ?? 0);
    sums.output += Number(last.output_tokens ?? 0);
    sums.cacheRead += Number(last.cached_input_tokens ?? 0);
    sums.reasoning += Number(last.reasoning_output_tokens ?? 0);
  }
  return sums;
}

/** `b - a` in ms for two envelope timestamps. */
export function tsMs(ts: string | undefined): number {
  if (!ts) throw new Error('record has no timestamp');
  return isoMs(ts);
}
