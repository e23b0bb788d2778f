import type { CliIo } from './command.js';

/** ANSI styles, or none: `paint` returns the text as it is when colors are off. */
export interface Colors {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
}

const style = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

/**
 * Colors for a stream: only when it is a terminal, and never when NO_COLOR
 * is set to anything but the empty string (https://no-color.org).
 */
export function colorsFor(stream: CliIo['stdout'], env: CliIo['env']): Colors {
  const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
  const enabled = stream.isTTY === true && !noColor;
  return enabled
    ? { enabled, bold: style(1, 22), dim: style(2, 22), red: style(31, 39) }
    : { enabled, bold: plain, dim: plain, red: plain };
}

/** The width of the terminal behind a stream: its columns, else $COLUMNS, else undefined (no limit). */
export function terminalColumns(stream: CliIo['stdout'] & { columns?: number }, env: CliIo['env']): number | undefined {
  if (stream.isTTY && typeof stream.columns === 'number' && stream.columns > 0) return stream.columns;
  const fromEnv = Number(env['COLUMNS']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
}
