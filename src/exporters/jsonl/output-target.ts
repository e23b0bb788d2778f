import { accessSync, closeSync, constants, mkdirSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { dirname, extname } from 'node:path';
import {
  AgentOtelError,
  describeError,
  OutputFullError,
  OutputNotFileError,
  OutputNotJsonlError,
  OutputReadOnlyError,
  OutputUnwritableError,
} from '../../core/errors.js';
import type { JsonlLayout } from './jsonl-options.js';

const DIR_MODE = 0o700;
/** Every line agent-otel writes (spans or a file header) is a `TracesData` and starts so. */
const JSONL_HEAD = '{"resourceSpans":[';

export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** The error class of a failed file operation on the output, by its errno code. */
export function outputError(path: string, error: unknown): AgentOtelError {
  if (error instanceof AgentOtelError) return error;
  const code = errorCode(error);
  const cause = { cause: error };
  if (code === 'EROFS') return new OutputReadOnlyError(path, code, cause);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new OutputFullError(path, code, cause);
  if (code === 'EACCES' || code === 'EPERM') return new OutputUnwritableError(path, `permission denied (${code})`, cause);
  return new OutputUnwritableError(path, describeError(error), cause);
}

/**
 * The layout of a path without an explicit one (see JsonlFileExporterOptions.path):
 * an existing folder or file says itself; a new path is a folder unless it has an extension.
 */
export function layoutOf(path: string, existing: { isDirectory(): boolean } | undefined): JsonlLayout {
  if (existing) return existing.isDirectory() ? 'directory' : 'file';
  return extname(path) === '' ? 'directory' : 'file';
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined;
    throw error;
  }
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'character device';
  if (info.isBlockDevice()) return 'block device';
  if (info.isSocket()) return 'socket';
  return 'special file';
}

/**
 * `mkdir -p`, one level at a time. Node's `recursive` mkdir never returns for
 * some paths (`/proc/nope/x` loops on ENOENT), so it is not used.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; statOrUndefined(at) === undefined; at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const at of missing.reverse()) {
    try {
      mkdirSync(at, { mode: DIR_MODE });
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
  }
}

/** Why an existing file is not agent-otel JSONL, or undefined when it is (or is empty). */
export function notJsonlReason(path: string): string | undefined {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const head = Buffer.alloc(JSONL_HEAD.length);
    const read = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, read).toString('latin1');
    if (read === 0 || JSONL_HEAD.startsWith(text)) return undefined;
    return `it begins with ${JSON.stringify(text)}, not ${JSON.stringify(JSONL_HEAD)}`;
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses, before any work and without any call that can wait, an output that
 * cannot be used: a FIFO, device or socket; an existing file that is not
 * agent-otel JSONL; a folder that cannot be made; a read-only file system; no
 * write permission. Makes the folder. Returns the layout (as `layoutOf` decides
 * when `layout` is not given). Throws an AgentOtelError naming the path.
 */
export function checkOutputTarget(path: string, layout?: JsonlLayout): JsonlLayout {
  try {
    const info = statOrUndefined(path);
    if (info && !info.isFile() && !info.isDirectory()) throw new OutputNotFileError(path, kindOf(info));
    const resolved = layout ?? layoutOf(path, info);
    if (info && info.isDirectory() !== (resolved === 'directory')) {
      throw new OutputUnwritableError(path, info.isDirectory() ? 'it is a folder, not a file' : 'it is a file, not a folder');
    }
    makeDirs(resolved === 'directory' ? path : dirname(path));
    accessSync(info?.isFile() ? path : resolved === 'directory' ? path : dirname(path), constants.W_OK);
    const reason = info?.isFile() ? notJsonlReason(path) : undefined;
    if (reason !== undefined) throw new OutputNotJsonlError(path, reason);
    return resolved;
  } catch (error) {
    throw outputError(path, error);
  }
}
