/**
 * Aider's logs are markdown, not JSON: these are the shapes of their lines.
 *
 * `.aider.chat.history.md` (in the root of the git repository Aider runs in):
 * `# aider chat started at 2025-05-04 17:02:36` opens a session; `#### ` lines
 * are what the user typed; lines starting with `> ` and ending with two spaces
 * are Aider's own output (token reports, edits applied, commits, questions and
 * answers); other lines are the model's reply. Times are local, without a zone.
 *
 * `.aider.llm.history` (only with `--llm-history-file`): a `TO LLM <time>` block
 * per request and a `LLM RESPONSE <time>` block per answer (empty when the
 * request failed), times local ISO without a zone, to the second.
 */

export const SESSION_HEADER = /^# aider chat started at (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\s*$/;
export const USER_LINE = /^####(?: (.*))?$/;
export const AIDER_LINE = /^> ?(.*)$/;
/** Aider writes its own lines as blockquotes ending in two spaces; a quote in the model's reply does not. */
export const AIDER_LINE_END = / {2}$/;

export const TOKENS = /^Tokens: ([\d.]+[kM]?) sent(?:, ([\d.]+[kM]?) cache write)?(?:, ([\d.]+[kM]?) cache hit)?, ([\d.]+[kM]?) received\.(?:\s+(Cost: .*))?$/;
export const COST = /^Cost: \$([\d.]+) message, \$([\d.]+) session\.$/;
export const VERSION = /^Aider v(\S+)$/;
export const MAIN_MODEL = /^Main model: (\S+)(?: with (\S+) edit format)?/;
export const APPLIED_EDIT = /^Applied edit to (.+)$/;
export const SKIPPED_EDIT = /^Skipping edits to (.+)$/;
export const EDIT_FORMAT_ERROR = /^The LLM did not conform to the edit format\.$/;
export const COMMIT = /^Commit ([0-9a-f]{7,40}) (.*)$/;
export const RUN_SHELL = /^Run shell commands?\? \(Y\)es\/\(N\)o.*\]: ?(.*)$/;
export const RUNNING = /^Running (.+)$/;
export const LLM_ERROR = /^litellm\.(\w+):/;

export const LLM_REQUEST = /^TO LLM (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/;
export const LLM_RESPONSE = /^LLM RESPONSE (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/;

/** A local time without a zone (`2025-05-04 17:02:36` or `2025-05-04T17:02:36`) in the zone of the converting process (`TZ`). */
export function localTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const time = new Date(y, mo - 1, d, h, mi, s).getTime();
  return Number.isNaN(time) ? undefined : time;
}

/** A token count as Aider writes it: `222`, `3.2k` (to the hundred), `10k` (to the thousand), `1.2M`. */
export function tokenFigure(text: string): { value: number; exact: boolean } | undefined {
  const m = /^(\d+(?:\.\d+)?)([kM]?)$/.exec(text);
  if (!m) return undefined;
  const scale = m[2] === 'k' ? 1000 : m[2] === 'M' ? 1_000_000 : 1;
  return { value: Math.round(Number(m[1]) * scale), exact: scale === 1 };
}
