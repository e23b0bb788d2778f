import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { WarningSink } from '../adapters/diagnostics.js';
import { describeError, ReplayStoppedError } from '../errors.js';
import { Checkpoint } from '../replay/checkpoint.js';
import { replay } from '../replay/replay.js';
import type { ReplayOptions } from '../replay/replay-options.js';
import { emptySummary, type ReplaySummary } from '../replay/summary.js';
import { acquireDeliveryLock, CHECKPOINT_FILE, listDeliverable } from './pending-files.js';

export interface DeliverPendingOptions
  extends Pick<
    ReplayOptions,
    'headers' | 'gzip' | 'concurrency' | 'maxBatchBytes' | 'maxAttempts' | 'deadlineMs' | 'timeoutMs' | 'backoff' | 'signal' | 'progress' | 'random'
  > {
  /** The pending folder (see pendingDirFor). */
  dir: string;
  /** Full OTLP/HTTP traces URL. */
  endpoint: string | URL;
  /** Files taken in this delivery, oldest first (default: all). */
  maxFiles?: number;
  onWarning?: WarningSink;
}

export interface PendingDeliverySummary {
  dir: string;
  /** Pending files taken in this delivery. */
  files: number;
  /** Files delivered completely, then removed. */
  removed: number;
  /** Pending files still there afterwards (not reached, or not completely delivered). */
  left: number;
  /** `.inflight` files of processes still running: theirs to settle, left alone. */
  inflight: number;
  /** Another process was delivering from this folder, so this one did nothing. */
  busy: boolean;
  /** Why the delivery stopped before the end (endpoint down, interrupted), when it did. */
  stopped?: string;
  replay: ReplaySummary;
}

/**
 * Delivers the pending folder to an OTLP/HTTP endpoint with `replay`: its
 * checkpoint (kept in the folder, per endpoint) makes sure that a line once
 * acknowledged is never sent again, however often a delivery is interrupted.
 * A file is removed only once every line of it was acknowledged (a torn last
 * line left by a killed writer, which can never complete, excepted).
 * Resolves in every case; a stop is reported in `stopped`.
 */
export async function deliverPending(options: DeliverPendingOptions): Promise<PendingDeliverySummary> {
  const { dir } = options;
  const summary: PendingDeliverySummary = { dir, files: 0, removed: 0, left: 0, inflight: 0, busy: false, replay: emptySummary(false) };
  if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) return summary;
  const release = await acquireDeliveryLock(dir);
  if (!release) return { ...summary, busy: true };
  try {
    const found = await listDeliverable(dir);
    const files = found.files.slice(0, options.maxFiles ?? Infinity);
    summary.files = files.length;
    summary.inflight = found.inflight;
    summary.left = found.files.length - files.length;
    if (files.length === 0) return summary;
    const checkpointPath = join(dir, CHECKPOINT_FILE);
    let finished = true;
    try {
      summary.replay = await replay({ ...options, inputs: files, checkpoint: checkpointPath, onWarning: options.onWarning });
    } catch (error) {
      if (!(error instanceof ReplayStoppedError)) throw error;
      finished = false;
      summary.replay = error.summary;
      summary.stopped = error.message;
    }
    if (summary.replay.failed > 0 && finished) {
      options.onWarning?.({
        code: 'pending_refused',
        file: dir,
        message: `the endpoint refused ${summary.replay.failed} pending span(s); they are not kept for another delivery (the main JSONL files still hold them)`,
      });
    }
    const checkpoint = await Checkpoint.open(checkpointPath, summary.replay.endpoint ?? String(options.endpoint));
    for (const file of files) {
      if (await removeIfDelivered(file, checkpoint, finished, options.onWarning)) summary.removed++;
      else summary.left++;
    }
    await checkpoint.flush();
  } finally {
    await release();
  }
  return summary;
}

/** Removes a file whose every line the checkpoint records as done; returns whether it did. */
async function removeIfDelivered(file: string, checkpoint: Checkpoint, finished: boolean, warn: WarningSink | undefined): Promise<boolean> {
  const size = await stat(file).then((s) => s.size, () => undefined);
  if (size === undefined) return true;
  const { position } = await checkpoint.resumePosition(file, size);
  const offset = position?.offset ?? 0;
  // After a replay that read everything, only a torn last line (no line break: it can never complete) is left.
  if (offset < size && !finished) return false;
  if (offset < size) {
    warn?.({ code: 'torn_line', file, message: `a torn last line (${size - offset} bytes) was dropped with the file; its spans are in the main JSONL` });
  }
  try {
    await rm(file);
  } catch (error) {
    warn?.({ code: 'pending_not_removed', file, message: `delivered, but could not be removed (${describeError(error)})` });
    return false;
  }
  checkpoint.forget(file);
  return true;
}
