import { stat } from 'node:fs/promises';
import type { WarningSink } from '../core/diagnostics.js';
import type { FilePosition, LineRange } from './batch-builder.js';
import type { Checkpoint } from './checkpoint.js';
import { defaultCheckpointPath } from './checkpoint-file.js';

/** Where the checkpoint of a replay lives: the given path, or next to the first input for `true`. */
export async function checkpointPath(
  option: string | boolean | undefined,
  inputs: readonly string[],
  files: readonly string[],
): Promise<string | undefined> {
  if (option === undefined || option === false || files.length === 0) return undefined;
  if (typeof option === 'string') return option;
  const first = inputs[0] ?? files[0] ?? '';
  const firstIsDirectory = (await stat(first)).isDirectory();
  return defaultCheckpointPath(firstIsDirectory ? first : (files[0] ?? first), firstIsDirectory);
}

export interface ResumePlan {
  /** Where reading starts in each file. */
  starts: Map<string, FilePosition>;
  /** Lines before the start that the endpoint refused in an earlier run: sent again first. */
  resend: Map<string, LineRange[]>;
  /** File sizes when the replay started. */
  sizes: Map<string, number>;
  /** Bytes left to read. */
  totalBytes: number;
  /** Bytes skipped because the checkpoint says they were acknowledged. */
  resumedBytes: number;
}

/**
 * Where each file starts: at its checkpoint position (after the lines refused
 * earlier are sent again), unless the file was replaced or truncated since
 * (then from its start, with a warning).
 */
export async function planResume(files: readonly string[], checkpoint: Checkpoint | undefined, warn: WarningSink): Promise<ResumePlan> {
  const plan: ResumePlan = { starts: new Map(), resend: new Map(), sizes: new Map(), totalBytes: 0, resumedBytes: 0 };
  for (const file of files) {
    const { size } = await stat(file);
    plan.sizes.set(file, size);
    let start: FilePosition = { file, offset: 0, line: 1 };
    let resendBytes = 0;
    if (checkpoint) {
      const resume = await checkpoint.resumePosition(file, size);
      if (resume.position) {
        start = resume.position;
        if (resume.refused) plan.resend.set(file, resume.refused);
        resendBytes = (resume.refused ?? []).reduce((n, r) => n + r.end - r.offset, 0);
      } else if (resume.reset) {
        warn({ code: 'checkpoint_reset', file, message: `${resume.reset}; replaying it from the start` });
        checkpoint.forget(file);
      }
    }
    plan.starts.set(file, start);
    plan.resumedBytes += start.offset - resendBytes;
    plan.totalBytes += size - start.offset + resendBytes;
  }
  return plan;
}
