import { isRecord } from '../../core/json-lines.js';
import { contentText } from './content.js';

/** What a tool output says about how the call went. */
export interface ParsedOutput {
  /** The output text as the model saw it. */
  text?: string;
  exitCode?: number;
  /** Duration the tool measured (`duration_seconds`, `Wall time`). */
  durationMs?: number;
  /** An explicit success flag, where the output carries one. */
  success?: boolean;
}

/**
 * Reads a `function_call_output` / `custom_tool_call_output` `output`:
 * - Codex <= 0.4x: a JSON string `{"output": "...", "metadata": {"exit_code": 0, "duration_seconds": 0.1}}`;
 * - newer shell tools: text with a header, `Exit code: 0\nWall time: 0.2 seconds\nOutput:\n...`;
 * - unified exec (`exec_command`): `Chunk ID: ...\nWall time: ... seconds\nProcess exited with code 0\n...`;
 * - anything else: plain text, or an array of content items (images).
 */
export function parseToolOutput(raw: unknown): ParsedOutput {
  if (typeof raw === 'string') {
    const trimmed = raw.trimStart();
    if (trimmed.startsWith('{')) {
      const structured = fromObject(tryParse(trimmed), raw);
      if (structured) return structured;
    }
    return fromText(raw);
  }
  if (Array.isArray(raw)) return fromText(contentText(raw) ?? '');
  const structured = fromObject(raw, undefined);
  if (structured) return structured;
  return raw === undefined || raw === null ? {} : fromText(JSON.stringify(raw));
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The JSON forms: `{output, metadata: {exit_code, duration_seconds}}` or `{content, success}`. */
function fromObject(value: unknown, raw: string | undefined): ParsedOutput | undefined {
  if (!isRecord(value)) return undefined;
  const metadata = value.metadata;
  if (isRecord(metadata) && (typeof metadata.exit_code === 'number' || typeof metadata.duration_seconds === 'number')) {
    const parsed: ParsedOutput = { text: typeof value.output === 'string' ? value.output : raw };
    if (typeof metadata.exit_code === 'number' && Number.isInteger(metadata.exit_code)) {
      parsed.exitCode = metadata.exit_code;
    }
    if (typeof metadata.duration_seconds === 'number' && metadata.duration_seconds >= 0) {
      parsed.durationMs = metadata.duration_seconds * 1000;
    }
    return parsed;
  }
  if (typeof value.success === 'boolean' && ('content' in value || 'output' in value)) {
    const body = value.content ?? value.output;
    return { text: typeof body === 'string' ? body : contentText(body) ?? raw, success: value.success };
  }
  return undefined;
}

const EXIT_CODE = /^(?:Exit code:\s*|Process exited with code\s+)(-?\d+)\s*$/m;
const WALL_TIME = /^Wall time:\s*(\d+(?:\.\d+)?)\s*seconds?\s*$/m;

/** The header of a shell output is what comes before its `Output:` line (or its first lines). */
function header(text: string): string {
  const at = text.search(/^Output:\s*$/m);
  if (at >= 0) return text.slice(0, at);
  return text.split('\n', 6).join('\n');
}

function fromText(text: string): ParsedOutput {
  const parsed: ParsedOutput = { text };
  const head = header(text);
  const exit = EXIT_CODE.exec(head);
  if (exit?.[1] !== undefined) parsed.exitCode = Number(exit[1]);
  const wall = WALL_TIME.exec(head);
  if (wall?.[1] !== undefined) parsed.durationMs = Number(wall[1]) * 1000;
  return parsed;
}

/**
 * For outputs with neither exit code nor flag: the phrases Codex itself writes
 * when a call did not run or did not work (`apply_patch verification failed`,
 * `aborted by user`, `exec command rejected by user`, `command timed out`,
 * `failed to parse function arguments`, ...), looked for on the first line only
 * so that ordinary output mentioning an error further down does not count.
 * Returns the failure class, or undefined for a success.
 */
export function failureOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const first = text.trimStart().split('\n', 1)[0]?.slice(0, 300) ?? '';
  if (/\b(?:aborted|cancell?ed)\b/i.test(first)) return 'cancelled';
  if (/\b(?:rejected|denied|declined)\b/i.test(first)) return 'denied';
  if (/\btimed out\b/i.test(first)) return 'timeout';
  if (/^(?:error|failed|failure|execution error|unsupported call|unknown tool)\b/i.test(first)) return 'tool_error';
  if (/\b(?:verification failed|failed to|failed with|sandbox error)\b/i.test(first)) return 'tool_error';
  return undefined;
}

/**
 * A Rust `std::time::Duration` as serde writes it (`{"secs": 1, "nanos": 5}`),
 * or seconds as a number, or a string like `"1.5s"` / `"150ms"`. Milliseconds.
 */
export function durationMsOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (isRecord(value) && typeof value.secs === 'number') {
    const nanos = typeof value.nanos === 'number' ? value.nanos : 0;
    return value.secs * 1000 + nanos / 1e6;
  }
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|µs|us)?\s*$/.exec(value);
    if (!m?.[1]) return undefined;
    const n = Number(m[1]);
    const unit = m[2] ?? 's';
    return unit === 'ms' ? n : unit === 's' ? n * 1000 : n / 1000;
  }
  return undefined;
}
