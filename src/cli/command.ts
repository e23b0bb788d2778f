import type { ParseArgsConfig } from 'node:util';

/** Where a command writes; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The values `node:util` parseArgs returns for a command's options. */
export type ParsedValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/**
 * One CLI command. The command only parses its arguments and calls library
 * functions; it returns the process exit code. Errors it throws are printed by
 * the dispatcher (message only, stack with --verbose).
 */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full help text shown by `agent-otel <name> --help`. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: ParsedValues, positionals: string[], io: CliIo): Promise<number>;
}
