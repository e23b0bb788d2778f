import type { CliIo } from './command.js';

/**
 * Control characters (C0 but tab and line feed, DEL, C1), line and paragraph
 * separators and bidirectional overrides: text from a log or a server that
 * contains them could move the cursor, retitle or clear the terminal, or make
 * what is shown differ from what is there.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text made safe to print: each unsafe character becomes its `\uXXXX` escape,
 * which is also a valid escape inside JSON strings, so JSON output stays JSON
 * meaning the same.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Writes to the CLI's streams through `terminalSafe`: every command prints with this. */
export interface Printer {
  out(text: string): void;
  err(text: string): void;
}

export function printer(io: Pick<CliIo, 'stdout' | 'stderr'>): Printer {
  return {
    out: (text) => void io.stdout.write(terminalSafe(text)),
    err: (text) => void io.stderr.write(terminalSafe(text)),
  };
}
