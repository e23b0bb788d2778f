import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { WarningSink } from '../core/diagnostics.js';
import { describeError } from '../core/errors.js';
import { NoTraceDataError, ReplayStoppedError } from '../replay/replay-errors.js';
import { Checkpoint } from '../replay/checkpoint.js';
import { replay } from '../replay/replay.js';
import type { ReplayOptions } from '../replay/replay-options.js';
import { emptySummary, MAX_LISTED_RANGES, type ReplaySummary } from '../replay/summary.js';
import { acquireDeliveryLock, CHECKPOINT_FILE, listDeliverable, REFUSED_DIR } from './pending-files.js';

export interface DeliverPendingOptions
  extends Pick<
    ReplayOptions,
    | 'headers'
    | 'gzip'
    | 'tls'
    | 'certificate'
    | 'clientCertificate'
    | 'clientKey'
    | 'env'
    | 'concurrency'
    | 'maxBatchBytes'
    | 'maxAttempts'
    | 'deadlineMs'
    | 'timeoutMs'
    | 'backoff'
    | 'retryRefused'
    | 'signal'
    | 'progress'
    | 'random'
  > {
  /** The pending folder (see pendingDirFor). */
  dir: string;
  /** OTLP/HTTP traces URL. Default: the endpoint variables of `env` (see resolveOtlpConfig). */
  endpoint?: string | URL;
  /** Files taken in this delivery, oldest first (default: all). */
  maxFiles?: number;
  /** Only these files (names, without `.inflight`), e.g. those there before a process started writing its own. */
  only?: ReadonlySet<string>;
  onWarning?: WarningSink;
}

export interface PendingDeliverySummary {
  dir: string;
  /** Pending files taken in this delivery. */
  files: number;
  /** Files delivered completely, then removed. */
  removed: number;
  /** Files with spans the endpoint refused for good (a 400, a 500): moved to `pending/refused/`, not sent again. */
  refused: number;
  /** Pending files still there afterwards (not reached, or not completely delivered). */
  left: number;
  /** `.inflight` files of processes still running: theirs to settle, left alone. */
  inflight: number;
  /** Another process was delivering from this folder, so this one did nothing. */
  busy: boolean;
  /** Why the delivery stopped before the end (endpoint down, interrupted), when it did. */
  stopped?: string;
  /** The replay figures, summed over the files. */
  replay: ReplaySummary;
}

/** Adds one file's replay figures to the running total. */
function addUp(total: ReplaySummary, one: ReplaySummary): void {
  for (const key of Object.keys(one) as Array<keyof ReplaySummary>) {
    const value = one[key];
    const sum = total[key];
    if (typeof value === 'number' && typeof sum === 'number') Object.assign(total, { [key]: sum + value });
  }
  total.refusedLines.push(...one.refusedLines.slice(0, MAX_LISTED_RANGES - total.refusedLines.length));
  for (const [code, n] of Object.entries(one.warningCounts)) total.warningCounts[code] = (total.warningCounts[code] ?? 0) + n;
  total.endpoint = one.endpoint ?? total.endpoint;
  total.checkpoint = one.checkpoint ?? total.checkpoint;
}

/**
 * Delivers the pending folder to an OTLP/HTTP endpoint with `replay`, one
 * file at a time, oldest first. Replay's checkpoint (kept in the folder, per
 * endpoint) makes sure a line once acknowledged is never sent again, however
 * often a delivery is interrupted. A file is removed only once every line of
 * it was acknowledged; a file with spans the endpoint refused for good, or
 * with a torn last line (which can never be sent), is moved to `refused/`:
 * nothing undelivered is ever deleted. The first file the endpoint cannot take (down,
 * wrong credentials) ends the delivery; the rest waits for the next one.
 * Resolves in every case; a stop is reported in `stopped`.
 */
export async function deliverPending(options: DeliverPendingOptions): Promise<PendingDeliverySummary> {
  const { dir } = options;
  const summary: PendingDeliverySummary = { dir, files: 0, removed: 0, refused: 0, left: 0, inflight: 0, busy: false, replay: emptySummary(false) };
  if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) return summary;
  const release = await acquireDeliveryLock(dir);
  if (!release) return { ...summary, busy: true };
  try {
    const found = await listDeliverable(dir, options.only);
    const files = found.files.slice(0, options.maxFiles ?? Infinity);
    summary.files = files.length;
    summary.inflight = found.inflight;
    summary.left = found.files.length - files.length;
    const checkpointPath = join(dir, CHECKPOINT_FILE);
    for (const [index, file] of files.entries()) {
      if (summary.stopped !== undefined || options.signal?.aborted) {
        summary.left += files.length - index;
        break;
      }
      let one: ReplaySummary;
      let unusable = false;
      try {
        one = await replay({ ...options, inputs: [file], checkpoint: checkpointPath });
      } catch (error) {
        if (error instanceof NoTraceDataError) {
          one = error.summary; // damaged: nothing in it can ever be delivered
          unusable = true;
        } else {
          if (!(error instanceof ReplayStoppedError)) throw error;
          one = error.summary;
          summary.stopped = error.message;
        }
      }
      addUp(summary.replay, one);
      const outcome = await settleFile(file, one, summary.stopped === undefined, unusable, checkpointPath, options.onWarning);
      summary[outcome]++;
    }
  } finally {
    await release();
  }
  return summary;
}

/** After a file's replay: removed (all acknowledged), refused (moved aside) or left (not done). */
async function settleFile(
  file: string,
  result: ReplaySummary,
  finished: boolean,
  unusable: boolean,
  checkpointPath: string,
  warn: WarningSink | undefined,
): Promise<'removed' | 'refused' | 'left'> {
  const size = await stat(file).then((s) => s.size, () => undefined);
  if (size === undefined) return 'removed';
  const checkpoint = await Checkpoint.open(checkpointPath, result.endpoint ?? '');
  const offset = (await checkpoint.resumePosition(file, size)).position?.offset ?? 0;
  // After a replay that read everything, only a torn last line (no line break: it can never complete) is left.
  if (!finished || (offset < size && result.skippedLines === 0)) return 'left';
  // A torn last line was never sent (and a journal file is written whole, so none should be torn): the file
  // is kept in refused/ rather than removed, since its spans may be nowhere else.
  const torn = offset < size;
  const refuse = result.refused > 0 || unusable || torn;
  try {
    if (refuse) {
      const refused = join(dirname(file), REFUSED_DIR);
      await mkdir(refused, { recursive: true, mode: 0o700 });
      await rename(file, join(refused, basename(file)));
      if (unusable) warn?.({ code: 'pending_refused', file, message: `this file holds no trace data; moved to ${refused}, not sent again` });
      else if (result.refused > 0) warn?.({ code: 'pending_refused', file, message: `this file had ${result.refused} span(s) refused for good by the endpoint; moved to ${refused}, not sent again` });
      if (torn) warn?.({ code: 'torn_line', file, message: `a torn last line (${size - offset} bytes) could not be sent; the file is kept in ${refused}` });
    } else {
      await rm(file);
    }
  } catch (error) {
    warn?.({ code: 'pending_not_removed', file, message: `delivered, but could not be removed (${describeError(error)})` });
    return 'left';
  }
  checkpoint.forget(file);
  await checkpoint.flush();
  return refuse ? 'refused' : 'removed';
}
