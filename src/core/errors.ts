/**
 * Every failure the library reports to a caller is one of these classes, each
 * with a stable `code` that scripts can match on. Messages are for people.
 */
export class AgentOtelError extends Error {
  readonly code: string = 'AGENT_OTEL_ERROR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An input path does not exist. */
export class InputNotFoundError extends AgentOtelError {
  override readonly code = 'AGENT_OTEL_INPUT_NOT_FOUND';
  constructor(readonly path: string, options?: { cause?: unknown }) {
    super(`input not found: ${path}`, options);
  }
}

/** The class of an error about one path and the reason it failed. */
interface PathErrorClass<C extends string> {
  new (path: string, reason: string, options?: { cause?: unknown }): AgentOtelError & { readonly code: C; readonly path: string };
}

/**
 * The base of an error about one path and the reason it failed: `path` is kept
 * for callers, the message is `describe(path, reason)`.
 */
function pathError<C extends string>(code: C, describe: (path: string, reason: string) => string): PathErrorClass<C> {
  return class extends AgentOtelError {
    override readonly code: C = code;
    constructor(readonly path: string, reason: string, options?: { cause?: unknown }) {
      super(describe(path, reason), options);
    }
  };
}

/** An input exists but cannot be read (permissions, not a regular file, ...). */
export class InputUnreadableError extends pathError('AGENT_OTEL_INPUT_UNREADABLE', (path, reason) => `cannot read ${path}: ${reason}`) {}

/** No adapter recognises a file, or `--format` names none. */
export class UnknownFormatError extends AgentOtelError {
  override readonly code = 'AGENT_OTEL_UNKNOWN_FORMAT';
}

/** An output file or directory cannot be created or written. */
export class OutputUnwritableError extends pathError('AGENT_OTEL_OUTPUT_UNWRITABLE', (path, reason) => `cannot write ${path}: ${reason}`) {}

/** The output names a FIFO, a device or a socket: only a regular file or a folder can hold JSONL. */
export class OutputNotFileError extends pathError('AGENT_OTEL_OUTPUT_NOT_FILE', (path, kind) => `cannot write ${path}: it is a ${kind}, not a regular file or folder`) {}

/** The output names an existing file that is not agent-otel JSONL: appending would corrupt it. */
export class OutputNotJsonlError extends pathError(
  'AGENT_OTEL_OUTPUT_NOT_JSONL',
  (path, reason) => `cannot write ${path}: it exists and is not agent-otel JSONL (${reason}); choose another output`,
) {}

/** The output is on a read-only file system (EROFS). */
export class OutputReadOnlyError extends pathError('AGENT_OTEL_OUTPUT_READ_ONLY', (path, reason) => `cannot write ${path}: read-only file system (${reason})`) {}

/** The output's file system is full (ENOSPC, EDQUOT); the file was cut back to its last whole line. */
export class OutputFullError extends pathError('AGENT_OTEL_OUTPUT_FULL', (path, reason) => `cannot write ${path}: no space left (${reason})`) {}

/** A prices file (`--prices`, the `prices` option, AGENT_OTEL_PRICES) that cannot be read or is not a genai-prices table. */
export class PricesFileError extends pathError('AGENT_OTEL_PRICES_FILE', (path, reason) => `cannot use prices file ${path}: ${reason}`) {}

/** An option or environment variable has a value that cannot be used. */
export class InvalidConfigError extends AgentOtelError {
  override readonly code = 'AGENT_OTEL_INVALID_CONFIG';
}

/** Command-line arguments that do not parse. */
export class UsageError extends AgentOtelError {
  override readonly code = 'AGENT_OTEL_USAGE';
}

/** An export to a collector failed (after retries, where retrying applies). */
export class ExportFailedError extends AgentOtelError {
  override readonly code = 'AGENT_OTEL_EXPORT_FAILED';
  constructor(message: string, readonly status?: number, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A method was called after `shutdown()`. */
export class ShutdownError extends AgentOtelError {
  override readonly code = 'AGENT_OTEL_SHUT_DOWN';
}

/** A replay checkpoint file exists but cannot be read or does not hold a checkpoint. */
export class InvalidCheckpointError extends pathError(
  'AGENT_OTEL_INVALID_CHECKPOINT',
  (path, reason) => `checkpoint ${path} cannot be used: ${reason} (delete it to start over)`,
) {}

/** Another replay (or pending delivery) holds the lock of the same checkpoint: nothing was sent. */
export class CheckpointBusyError extends pathError(
  'AGENT_OTEL_CHECKPOINT_BUSY',
  (path, reason) => `checkpoint ${path} is in use: ${reason}`,
) {}

/** Describes any thrown value in one line, without its stack. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Another `agent-otel watch` works with the same state folder. */
export class WatchBusyError extends pathError(
  'AGENT_OTEL_WATCH_BUSY',
  (path, reason) => `another agent-otel watch is using the state in ${path} (${reason}); stop it, or give another --state folder`,
) {}
