import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isRecord } from '../core/json-lines.js';
import { describeError, InvalidCheckpointError } from '../core/errors.js';
import { isRangeList, type StoredRange } from './refused-ranges.js';

/** The on-disk shape of a replay checkpoint (version 1) and the helpers that read it. */

export interface FileProgress {
  offset: number;
  line: number;
  /** How many leading bytes `head` hashes (at most HEAD_BYTES). */
  headBytes: number;
  /** sha256 (hex) of the file's first `headBytes` bytes. */
  head: string;
  /** Lines before `offset` the endpoint refused: not acknowledged, sent again by the next run. */
  refused?: StoredRange[];
}

export interface DestinationState {
  rebaseShiftNanos?: string;
  files: Record<string, FileProgress>;
}

export interface CheckpointFile {
  version: 1;
  destinations: Record<string, DestinationState>;
}

/** Leading bytes of a file fingerprinted to recognise it. */
export const HEAD_BYTES = 1024;

/** Where the checkpoint goes when no path is given: a hidden file next to the first input. */
export function defaultCheckpointPath(firstInput: string, isDirectory: boolean): string {
  return isDirectory
    ? join(firstInput, '.agent-otel-replay.checkpoint.json')
    : join(dirname(firstInput), `.${basename(firstInput)}.agent-otel-replay.checkpoint.json`);
}

/** sha256 of the first `bytes` bytes of a file, or undefined when the file is shorter. */
export async function hashHead(file: string, bytes: number): Promise<string | undefined> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    if (bytesRead < bytes) return undefined;
    return createHash('sha256').update(buffer).digest('hex');
  } finally {
    await handle.close();
  }
}

/** Parses and checks a checkpoint's text. */
export function parseCheckpoint(path: string, text: string): CheckpointFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidCheckpointError(path, `not JSON (${describeError(error)})`);
  }
  if (!isRecord(value) || value['version'] !== 1 || !isRecord(value['destinations'])) {
    throw new InvalidCheckpointError(path, 'not an agent-otel replay checkpoint (version 1)');
  }
  for (const [key, destination] of Object.entries(value['destinations'])) {
    if (!isRecord(destination) || !isRecord(destination['files'])) {
      throw new InvalidCheckpointError(path, `destination ${key} has no files`);
    }
    for (const [file, p] of Object.entries(destination['files'])) {
      const ok =
        isRecord(p) &&
        Number.isSafeInteger(p['offset']) &&
        Number.isSafeInteger(p['line']) &&
        Number.isSafeInteger(p['headBytes']) &&
        typeof p['head'] === 'string' &&
        (p['refused'] === undefined || isRangeList(p['refused']));
      if (!ok) throw new InvalidCheckpointError(path, `bad entry for ${file}`);
    }
  }
  return value as unknown as CheckpointFile;
}
