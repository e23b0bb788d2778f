import { diag } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { closeSync, openSync, renameSync, rmSync, unlink } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '../core/errors.js';
import { writeAll } from '../core/write-all.js';
import type { JournalEntry, LegJournal, UndeliveredReason } from '../exporters/fanout/leg-journal.js';
import { DEFAULT_MAX_LINE_BYTES } from '../exporters/jsonl/jsonl-options.js';
import { makeDirs } from '../exporters/jsonl/output-target.js';
import { encodeAndOffer } from '../exporters/jsonl/shared-lines.js';
import { encodeSpanLines } from '../exporters/jsonl/span-lines.js';
import { deliverPending } from './deliver-pending.js';
import { inflightName, pendingName, pendingNamesNow, TEMP_SUFFIX } from './pending-files.js';
import type { PendingJournalOptions, PendingStats } from './pending-types.js';

const NEWLINE = Buffer.from('\n');
const READY: Promise<void> = Promise.resolve();

/** Removes a file; one already gone is fine (a plain unlink: no look at what it is first). */
function removeFile(path: string): Promise<void> {
  return new Promise((resolve, reject) => unlink(path, (error) => (error && error.code !== 'ENOENT' ? reject(error) : resolve())));
}

export type { PendingJournalOptions, PendingStats } from './pending-types.js';

/**
 * The OTLP leg's journal (a LegJournal): each batch is written to its own
 * file in the pending folder before it is sent, removed once delivered, and
 * otherwise kept as pending.
 *
 * The write is synchronous, on the caller's stack, whole or not at all
 * (a temporary name, then a rename), and the fan-out exporter hands a batch
 * to the journaled leg before the JSONL leg: so the JSONL file, the
 * write-ahead log, never holds a span that was neither delivered nor
 * journaled, whenever the process is killed. One file per batch, into the
 * page cache (no fsync).
 * Renames run on the same chain; the removal of a delivered batch starts at once.
 */
export class PendingJournal implements LegJournal {
  private readonly _dir: string;
  /** Removals of delivered batches, started at once (not queued). */
  private readonly _removals = new Set<Promise<void>>();
  private readonly _maxLineBytes: number;
  private _chain: Promise<void> = Promise.resolve();
  private readonly _stats: PendingStats;
  private readonly _abort = new AbortController();
  private _delivery: Promise<void> | undefined;
  private _redelivering = false;
  private _warned = false;

  constructor(private readonly _options: PendingJournalOptions) {
    this._dir = _options.dir;
    this._maxLineBytes = _options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this._stats = { dir: _options.dir, journaled: 0, delivered: 0, pending: 0, byReason: { failed: 0, timeout: 0, dropped: 0, shutdown: 0 }, writeFailures: 0, lost: 0 };
    // The files there before this journal writes any: this run's own undelivered batches wait for the next start.
    if (_options.deliverEarlier) this._delivery = this._deliverEarlier(_options.deliverEarlier, pendingNamesNow(_options.dir));
  }

  record(spans: ReadableSpan[]): JournalEntry {
    const count = spans.length;
    let path: string | undefined;
    let kept: UndeliveredReason | undefined;
    let delivered = false;
    try {
      path = this._writeNow(spans);
      this._stats.journaled += count;
    } catch (error) {
      this._stats.writeFailures += count;
      this._warn(`cannot write the pending journal (${describeError(error)}); spans that fail now are lost for OTLP`);
    }
    const settle = (outcome: 'delivered' | UndeliveredReason): void => {
      if (delivered || (outcome !== 'delivered' && kept !== undefined)) return;
      if (outcome === 'delivered') {
        delivered = true;
        const was = kept;
        if (was === undefined) {
          // At once, not queued: the shorter the time between the collector's answer and the removal,
          // the smaller the chance that a process killed in between has the batch delivered twice.
          this._forgetNow(path, count);
          return;
        }
        void this._enqueue(async () => {
          if (was !== undefined) this._uncount(was, count, path === undefined);
          this._stats.delivered += count;
          if (path !== undefined) await removeFile(was === undefined ? path : pendingName(path));
        });
        return;
      }
      kept = outcome;
      void this._enqueue(async () => {
        this._count(outcome, count, path === undefined);
        if (path !== undefined) await rename(path, pendingName(path));
      });
    };
    return { ready: READY, settle };
  }

  /**
   * Writes a batch as a new in-flight file, whole or not at all: written under
   * a temporary name, then renamed (a process killed in between leaves a
   * `.tmp` file, never a torn journal file). Returns its path.
   */
  private _writeNow(spans: ReadableSpan[]): string {
    makeDirs(this._dir);
    const file = join(this._dir, inflightName());
    const temporary = `${file}${TEMP_SUFFIX}`;
    try {
      const fd = openSync(temporary, 'wx', 0o600);
      try {
        writeAll(fd, this._encode(spans));
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, file);
    } catch (error) {
      try {
        rmSync(temporary, { force: true });
      } catch {
        // Left for a later delivery to remove, once this process is gone.
      }
      throw error;
    }
    return file;
  }

  /** The batch's lines and their line breaks, not copied into one buffer. */
  private _encode(spans: ReadableSpan[]): Uint8Array[] {
    const { lines } = this._options.shareLines === true ? encodeAndOffer(spans, this._maxLineBytes) : encodeSpanLines(spans, this._maxLineBytes);
    const parts: Uint8Array[] = [];
    for (const line of lines) parts.push(line, NEWLINE);
    return parts;
  }

  async flush(): Promise<void> {
    for (let chain = this._chain; ; chain = this._chain) {
      await Promise.all([chain, ...this._removals]);
      if (chain === this._chain && this._removals.size === 0) return;
    }
  }

  /**
   * Lets a start-up delivery still running go on for a short grace (a
   * short-lived process still delivers), then stops it (requests in flight
   * are awaited), and waits for every file operation.
   */
  async shutdown(): Promise<void> {
    if (this._delivery) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this._options.deliverGraceMillis ?? 1500);
        timer.unref();
      });
      await Promise.race([this._delivery, grace]);
      clearTimeout(timer);
      this._abort.abort();
      await this._delivery;
    }
    await this.flush();
  }

  /**
   * Delivers what the pending folder holds now, this run's kept batches
   * included: a process that runs for long (agent-otel watch) calls it now
   * and then, so a collector that comes back gets what it missed without a
   * restart. One delivery at a time; shutdown stops it as it stops the first.
   */
  redeliver(): Promise<void> {
    const destination = this._options.deliverEarlier;
    if (!destination || this._redelivering || this._abort.signal.aborted) return this._delivery ?? Promise.resolve();
    this._redelivering = true;
    const run = (this._delivery ?? Promise.resolve())
      .then(() => this.flush())
      .then(() => this._deliverEarlier(destination, pendingNamesNow(this._dir)))
      .finally(() => {
        this._redelivering = false;
      });
    this._delivery = run;
    return run;
  }

  stats(): PendingStats {
    return { ...this._stats, byReason: { ...this._stats.byReason } };
  }

  private _forgetNow(path: string | undefined, count: number): void {
    this._stats.delivered += count;
    if (path === undefined) return;
    const removal = removeFile(path).catch((error: unknown) => this._warn(`pending journal: ${describeError(error)}`));
    this._removals.add(removal);
    void removal.finally(() => this._removals.delete(removal));
  }

  private _count(reason: UndeliveredReason, count: number, lost: boolean): void {
    if (lost) this._stats.lost += count;
    else {
      this._stats.pending += count;
      this._stats.byReason[reason] += count;
    }
  }

  private _uncount(reason: UndeliveredReason, count: number, lost: boolean): void {
    this._count(reason, -count, lost);
  }

  private _enqueue(task: () => Promise<void>): Promise<void> {
    const run = this._chain.then(task).catch((error: unknown) => this._warn(`pending journal: ${describeError(error)}`));
    this._chain = run;
    return run;
  }

  private _warn(message: string): void {
    this._options.onWarning?.({ code: 'pending_journal', message });
    if (this._warned) return;
    this._warned = true;
    diag.warn(`agent-otel: ${message}`);
  }

  private async _deliverEarlier(destination: NonNullable<PendingJournalOptions['deliverEarlier']>, earlier: ReadonlySet<string>): Promise<void> {
    if (earlier.size === 0) return;
    await new Promise((resolve) => setImmediate(resolve));
    try {
      const signal = AbortSignal.any([this._abort.signal, AbortSignal.timeout(this._options.deliverTimeoutMillis ?? 60_000)]);
      this._stats.earlier = await deliverPending({
        maxFiles: 256,
        concurrency: 2,
        maxAttempts: 3,
        // A request in flight is awaited even when the delivery is stopped: keep that wait short.
        timeoutMs: 5_000,
        deadlineMs: 30_000,
        ...destination,
        dir: this._dir,
        only: earlier,
        signal,
        onWarning: this._options.onWarning,
      });
    } catch (error) {
      this._stats.earlierError = describeError(error);
      this._warn(`delivering earlier pending spans failed: ${describeError(error)}`);
    }
  }
}
