import { isRecord } from '../../core/json-lines.js';

/**
 * How a Claude Code tool call ended, read from its `tool_result` block. The
 * only flag on disk is `is_error`; why it failed is only in the result text,
 * so the failure class comes from a few fixed phrases Claude Code writes.
 */
export interface ToolOutcome {
  success: boolean;
  errorType?: string;
  exitCode?: number;
  /** The result as the model saw it (text blocks joined, images as `[image]`). */
  text: string | undefined;
}

/** Phrases of a call the user or the permission system refused. */
const DENIED: readonly RegExp[] = [
  /the user doesn't want to (?:proceed with|take) this/i,
  /tool use was rejected/i,
  /^(?:Error: )?User rejected tool use/i,
  /requested permissions? to .+ but you haven't granted it/i,
  /\brequires approval\b/i,
  /permission to use \S+ (?:has been|was) (?:auto-)?denied/i,
  /\bwas blocked\. For security\b/i,
];

/** Phrases of a call that was stopped before it could finish. */
const CANCELLED: readonly RegExp[] = [/sibling tool call errored/i, /interrupted by user/i];

const EXIT_CODE = /^(?:<tool_use_error>)?(?:Error: )?Exit code (\d+)\b/;

/** The text of a tool result's `content`: a string or a list of blocks. */
export function resultText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts: string[] = [];
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') parts.push(block.text);
    else if (block.type === 'image') parts.push('[image]');
  }
  return parts.join('\n');
}

/**
 * Classifies a result: success is `!is_error`; a failure is `denied` when the
 * text says the call was refused, `cancelled` when it was stopped, else
 * `tool_error`. A shell's exit code is read from the `Exit code N` prefix.
 */
export function toolOutcome(content: unknown, isError: boolean | null | undefined, toolUseResult: unknown): ToolOutcome {
  const text = resultText(content);
  if (isError !== true) return { success: true, text };
  const said = [text, typeof toolUseResult === 'string' ? toolUseResult : undefined].filter(
    (s): s is string => typeof s === 'string',
  );
  const matches = (patterns: readonly RegExp[]): boolean => said.some((s) => patterns.some((p) => p.test(s)));
  const errorType = matches(DENIED) ? 'denied' : matches(CANCELLED) ? 'cancelled' : 'tool_error';
  const code = said.map((s) => EXIT_CODE.exec(s)).find((m) => m !== null)?.[1];
  return { success: false, errorType, text, ...(code !== undefined ? { exitCode: Number(code) } : {}) };
}
