import { isRecord } from '../../core/json-lines.js';
import type { ApiMessage } from './schema.js';

/** The result of a tool call as the user message that carries it back to the model tells it. */
export interface ToolResultText {
  /** The tool's name in the header (`read_file` of `[read_file for 'a.ts'] Result:`). */
  name: string;
  /** The rest of the header (` for 'a.ts'`, ` completed`). */
  detail?: string;
  /** `tool_result` blocks: the id of the call. */
  toolUseId?: string;
  body: string;
  isError?: boolean;
  /** A call the agent did not run (`Tool [x] was not executed because ...`). */
  skipped?: boolean;
}

/** `[name ...] Result:` at the start of a text block; the part in brackets may span lines. */
const HEADER = /^\[([A-Za-z][\w:.-]*)([\s\S]*?)\] Result:/;
/** Roo Code: a second tool in one message is not run. */
const SKIPPED = /^Tool \[([A-Za-z][\w:.-]*)\] was (?:not executed|interrupted and not executed)[^\n]*/;
const ENVIRONMENT = '<environment_details>';

/** The text of a block, or of a `tool_result` block's content. */
export function blockText(block: unknown): string | undefined {
  if (!isRecord(block)) return undefined;
  if (typeof block.text === 'string') return block.text;
  if (typeof block.content === 'string') return block.content;
  if (Array.isArray(block.content)) return block.content.map(blockText).filter((t) => t !== undefined).join('\n');
  return undefined;
}

/**
 * The tool results a user message carries, in order: `tool_result` blocks
 * (by call id), and text blocks that start with a `[name ...] Result:` header,
 * whose body runs on over the following blocks up to the next header or the
 * environment details (Roo Code puts the body in blocks of its own).
 */
export function toolResultTexts(message: ApiMessage): ToolResultText[] {
  if (typeof message.content === 'string') return textResults([message.content]);
  const out: ToolResultText[] = [];
  let texts: string[] = [];
  for (const block of message.content) {
    if (isRecord(block) && block.type === 'tool_result') {
      out.push(...textResults(texts));
      texts = [];
      out.push({
        name: '',
        toolUseId: typeof block.tool_use_id === 'string' ? block.tool_use_id : undefined,
        body: blockText(block) ?? '',
        ...(block.is_error === true ? { isError: true } : {}),
      });
    } else {
      const text = blockText(block);
      if (text !== undefined) texts.push(text);
    }
  }
  out.push(...textResults(texts));
  return out;
}

function textResults(texts: readonly string[]): ToolResultText[] {
  const out: ToolResultText[] = [];
  let current: ToolResultText | undefined;
  for (const text of texts) {
    const trimmed = text.replace(/^\s+/, '');
    if (trimmed.startsWith(ENVIRONMENT)) {
      current = undefined;
      continue;
    }
    const header = HEADER.exec(trimmed);
    const skipped = SKIPPED.exec(trimmed);
    if (header) {
      current = { name: header[1] ?? '', detail: (header[2] ?? '').trim(), body: trimmed.slice(header[0].length).trim() };
      out.push(current);
    } else if (skipped) {
      out.push({ name: skipped[1] ?? '', body: skipped[0], skipped: true });
      current = undefined;
    } else if (current) {
      current.body = current.body === '' ? text.trim() : `${current.body}\n${text.trim()}`;
    }
  }
  return out;
}

/** How a tool call ended, as its result text says. */
export interface ToolOutcome {
  success: boolean;
  errorType?: string;
  error?: string;
  exitCode?: number;
}

const DENIED = /The user denied this operation/;
const FAILED = /^(?:The tool execution failed with the following error:|<error>)/;
const EXIT_CODE = /Exit code: (-?\d+)/;

/**
 * The outcome of a call from its result text: denied by the user, failed
 * (Cline's and Roo Code's `The tool execution failed ...` and `<error>`
 * texts), a command's non-zero exit code, else success.
 */
export function toolOutcome(result: ToolResultText): ToolOutcome {
  const body = result.body;
  if (result.skipped) return { success: false, errorType: 'skipped', error: body };
  if (DENIED.test(body)) return { success: false, errorType: 'denied', error: firstLine(body) };
  if (result.isError === true || FAILED.test(body)) return { success: false, errorType: 'tool_error', error: errorText(body) };
  const exit = EXIT_CODE.exec(body);
  if (exit) {
    const exitCode = Number(exit[1]);
    return exitCode === 0 ? { success: true, exitCode } : { success: false, errorType: 'exit_code', exitCode, error: `exit code ${exitCode}` };
  }
  return { success: true };
}

function errorText(body: string): string {
  const inner = /<error>\s*([\s\S]*?)\s*<\/error>/.exec(body);
  return firstLine(inner?.[1] ?? body.replace(/^The tool execution failed with the following error:\s*/, ''));
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
