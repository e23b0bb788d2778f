import type { WarningSink } from './diagnostics.js';
import { readLines, type LineReaderOptions } from './line-reader.js';

/** One parsed JSON line with its position. */
export interface JsonLine {
  value: unknown;
  line: number;
  offset: number;
  bytes: number;
}

/**
 * Reads a JSON Lines file as a stream of parsed values. Blank lines are
 * skipped; lines that are not JSON, an overlong line and a torn last line (one
 * with no line break that does not parse) become warnings naming file and line,
 * and reading goes on.
 */
export async function* readJsonLines(
  file: string,
  warn: WarningSink,
  options: LineReaderOptions = {},
): AsyncGenerator<JsonLine> {
  for await (const l of readLines(file, options)) {
    if ('overlong' in l) {
      warn({
        code: 'line_too_long',
        file,
        line: l.line,
        message: `line of ${l.bytes} bytes is over the ${options.maxLineBytes ?? 'default'} byte limit; skipped`,
      });
      continue;
    }
    if (l.text.trim() === '') continue;
    if (nestedDeeperThan(l.text, MAX_JSON_DEPTH)) {
      warn({ code: 'too_deep', file, line: l.line, message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels; skipped` });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(l.text);
    } catch (error) {
      warn(
        l.unterminated
          ? {
              code: 'torn_line',
              file,
              line: l.line,
              message: `last line (byte ${l.offset}, ${l.bytes} bytes) is incomplete, probably cut short while being written; skipped`,
            }
          : { code: 'invalid_json', file, line: l.line, message: `not valid JSON (${(error as Error).message}); skipped` },
      );
      continue;
    }
    yield { value, line: l.line, offset: l.offset, bytes: l.bytes };
  }
}

/**
 * Lines nested deeper than this are refused with a warning before they are
 * parsed: no agent writes such records, and code that walks a value
 * recursively (schemas, JSON.stringify) would overflow the stack on them.
 */
export const MAX_JSON_DEPTH = 512;

/** Whether JSON text opens more than `max` arrays or objects at once (brackets inside strings do not count). */
export function nestedDeeperThan(text: string, max: number): boolean {
  if (text.length <= max * 2) return false; // each level takes an opening and a closing bracket
  // Hot path (every line): a depth over `max` needs more than `max` opening brackets. Counting them with
  // the native indexOf is ~10x cheaper than the character loop below, which only runs when the count allows it.
  if (!moreOpeningBracketsThan(text, max)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Whether `text` holds more than `max` `{` and `[` together (inside strings too: an upper bound of the depth). */
function moreOpeningBracketsThan(text: string, max: number): boolean {
  let n = 0;
  for (const bracket of ['{', '[']) {
    for (let i = text.indexOf(bracket); i !== -1; i = text.indexOf(bracket, i + 1)) if (++n > max) return true;
  }
  return false;
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
