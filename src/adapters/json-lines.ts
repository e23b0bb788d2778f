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

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
