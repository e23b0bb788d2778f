import { resolve } from 'node:path';
import { readOptionalString, type Env } from '../../config/env.js';
import { InvalidConfigError } from '../../core/errors.js';

/** agent-otel's own variable (there is no OTEL_* one for a file path): where the JSONL goes. */
export const JSONL_PATH_ENV = 'AGENT_OTEL_JSONL_PATH';
export const DEFAULT_JSONL_PATH = './agent-otel-traces/';
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;
/** The Collector `otlpjsonfile` receiver reads lines of up to 1 MiB. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
/** Below this a line cannot hold a resource and a span. */
export const MIN_LINE_BYTES = 1024;

/**
 * `file`: append every line to one file. `directory`: write files named
 * `agent-otel-<time>-<pid>-<seq>.jsonl` into a directory, starting a new one
 * when the current one would grow past `maxFileBytes`.
 */
export type JsonlLayout = 'file' | 'directory';

export interface JsonlFileExporterOptions {
  /**
   * A file or a directory. Default: `AGENT_OTEL_JSONL_PATH`, then
   * `./agent-otel-traces/`. Unless `layout` says otherwise, a path ending in a
   * separator or naming an existing directory is a directory; an existing file
   * or a new path with an extension (`traces.jsonl`) is a file; any other new
   * path is a directory.
   */
  path?: string;
  layout?: JsonlLayout;
  /** Directory mode: start a new file before one grows past this. Default 64 MiB. */
  maxFileBytes?: number;
  /** No line is longer than this, newline included. Default 1 MiB. */
  maxLineBytes?: number;
  /** Also `fdatasync` the file on forceFlush and shutdown. Default false (data is always written). */
  fsync?: boolean;
  /** Environment to read instead of `process.env` (tests). */
  env?: Env;
}

export interface JsonlSettings {
  /** Absolute path. */
  path: string;
  /** Undefined when only the file system can tell (decided on the first write). */
  layout: JsonlLayout | undefined;
  maxFileBytes: number;
  maxLineBytes: number;
  fsync: boolean;
}

function checkSize(name: string, value: number | undefined, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidConfigError(`${name} must be an integer of at least ${min} bytes (got ${value})`);
  }
  return value;
}

/** Option, then environment, then default; invalid options throw InvalidConfigError. */
export function resolveJsonlSettings(options: JsonlFileExporterOptions = {}): JsonlSettings {
  const env = options.env ?? process.env;
  const raw = readOptionalString(options.path, JSONL_PATH_ENV, env) ?? DEFAULT_JSONL_PATH;
  const layout = options.layout ?? (/[\\/]$/.test(raw) ? 'directory' : undefined);
  if (layout !== undefined && layout !== 'file' && layout !== 'directory') {
    throw new InvalidConfigError(`layout must be "file" or "directory" (got ${JSON.stringify(layout)})`);
  }
  return {
    path: resolve(raw),
    layout,
    maxFileBytes: checkSize('maxFileBytes', options.maxFileBytes, 1, DEFAULT_MAX_FILE_BYTES),
    maxLineBytes: checkSize('maxLineBytes', options.maxLineBytes, MIN_LINE_BYTES, DEFAULT_MAX_LINE_BYTES),
    fsync: options.fsync ?? false,
  };
}
