import { BindOnceFuture, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { isShutdownAware, type ExportLegOptions, type ExportLegStats, type OverflowPolicy } from './export-leg-options.js';
import { ExportFailedError, ShutdownError } from '../../core/errors.js';
import { within, withDeadline } from './deadline.js';
import { resolveExportLegSettings } from './export-leg-settings.js';
import { exportSpans, failed, SUCCESS } from '../export-result.js';
import type { LegJournal } from './leg-journal.js';
import { takeExport, type Job } from './export-job.js';
import { keepAliveUntil } from '../../core/keep-alive.js';

export type { ExportLegOptions, ExportLegStats, OverflowPolicy, ShutdownAwareExporter } from './export-leg-options.js';

const READY: Promise<void> = Promise.resolve();
const shutDown = (): ExportResult => failed(new ShutdownError('leg is shut down'));

/**
 * One destination of a FanoutExporter: its own bounded queue of batches,
 * exported one batch at a time (or up to `maxConcurrentExports` at once,
 * queued batches joined up to `maxExportSpans`), so that a slow or failing
 * destination only ever delays itself.
 */
export class ExportLeg {
  readonly name: string;
  /** Spans queued or in flight at most (an empty queue still takes a larger batch). */
  readonly capacity: number;
  readonly exportTimeoutMillis: number;
  private readonly _exporter: SpanExporter;
  private readonly _policy: OverflowPolicy;
  private readonly _journal: LegJournal | undefined;
  private readonly _shutdownTimeout: number;
  private readonly _queue: Job[] = [];
  private readonly _blocked: Job[] = [];
  /** Batches being exported now. */
  private readonly _active = new Set<Job>();
  /** Exports in flight (each of one batch or of several joined). */
  private _exports = 0;
  private readonly _maxConcurrent: number;
  private readonly _maxExportSpans: number;
  /** Resolve `submit` once the batch is journaled (see ExportLegOptions.settleOnJournal). */
  private readonly _settleOnJournal: boolean;
  private readonly _passThrough: boolean;
  /** Spans handed over by pass-through and not answered yet. */
  private _passing = 0;
  /** Spans in `_queue` and `_active`. */
  private _accepted = 0;
  private _blockedSpans = 0;
  private _idleWaiters: Array<() => void> = [];
  private readonly _stats = { exported: 0, failed: 0, dropped: 0 };
  private _lastError: Error | undefined;
  private readonly _shutdownOnce: BindOnceFuture<void>;

  constructor(options: ExportLegOptions) {
    const settings = resolveExportLegSettings(options);
    this.name = options.name;
    this._exporter = options.exporter;
    this._journal = options.journal;
    this.capacity = settings.capacity;
    this.exportTimeoutMillis = settings.exportTimeoutMillis;
    this._policy = settings.policy;
    this._shutdownTimeout = settings.shutdownTimeoutMillis;
    this._maxConcurrent = settings.maxConcurrentExports;
    this._maxExportSpans = settings.maxExportSpans;
    this._settleOnJournal = settings.settleOnJournal;
    this._passThrough = settings.passThrough;
    this._shutdownOnce = new BindOnceFuture(this._shutdown, this);
  }

  /** Queues a batch; resolves when it is exported, failed or dropped. Never rejects. */
  submit(spans: ReadableSpan[]): Promise<ExportResult> {
    if (this._shutdownOnce.isCalled) {
      this._stats.failed += spans.length;
      return Promise.resolve(failed(new ShutdownError('leg is shut down')));
    }
    if (spans.length === 0) return Promise.resolve(SUCCESS);
    if (this._passThrough) return this._passOn(spans);
    return new Promise((done) => {
      const job: Job = { spans, done };
      if (this._blocked.length === 0 && this._hasRoom(spans.length)) {
        this._accept(job);
      } else if (this._policy === 'block') {
        // Journaled now, not when it gets room: a batch the other legs have written is on disk here too.
        job.entry = this._journal?.record(spans);
        this._blocked.push(job);
        this._blockedSpans += spans.length;
      } else {
        this._stats.dropped += spans.length;
        const entry = this._journal?.record(spans);
        entry?.settle('dropped');
        if (this._settleOnJournal && entry) void entry.ready.then(() => done(SUCCESS));
        else done(failed(new ExportFailedError(`queue full (${this.capacity} spans): ${spans.length} span(s) dropped`)));
      }
      this._pump();
    });
  }

  /** Resolves when nothing is queued, blocked or in flight. */
  drain(): Promise<void> {
    if (this._isIdle()) return Promise.resolve();
    // Whoever waits for the leg keeps the process alive while it works: an exporter's retry waits
    // alone do not (they are unref'd), nor may its requests, and a process must not end in the middle of a flush.
    return keepAliveUntil(new Promise((resolve) => this._idleWaiters.push(resolve)));
  }

  /** Waits until every batch is delivered or failed; a leg that settles on its journal waits for the journal only. */
  forceFlush(): Promise<void> {
    if (this._settleOnJournal) return this._journal?.flush() ?? Promise.resolve();
    return keepAliveUntil(
      (async () => {
        await this.drain();
        await this._exporter.forceFlush?.();
        await this._journal?.flush();
      })(),
    );
  }

  /** Exports what is queued, then shuts the exporter down. Safe to call more than once. */
  shutdown(): Promise<void> {
    return this._shutdownOnce.call();
  }

  /** The exporter the leg feeds. */
  get exporter(): SpanExporter {
    return this._exporter;
  }

  /** The leg's journal, if it has one. */
  get journal(): LegJournal | undefined {
    return this._journal;
  }

  /** Why the latest failed export failed (for reports: a leg that settles on its journal does not pass it on). */
  get lastError(): Error | undefined {
    return this._lastError;
  }

  stats(): ExportLegStats {
    return { ...this._stats, pending: this._accepted + this._blockedSpans + this._passing };
  }

  /** Waits for the queue (up to the shutdown deadline), then shuts the exporter and the journal down. */
  private async _shutdown(): Promise<void> {
    // What cannot succeed soon is not retried from now on: it is left in the journal rather than holding the shutdown up.
    if (isShutdownAware(this._exporter)) this._exporter.beginShutdown();
    const deadline = Date.now() + this._shutdownTimeout;
    if (!(await within(this.drain(), this._shutdownTimeout))) this._abandon();
    await within(this._exporter.shutdown(), deadline - Date.now());
    await this._journal?.shutdown();
  }

  /** The shutdown deadline passed: every batch still held fails now and stays in the journal. */
  private _abandon(): void {
    const late = () => failed(new ExportFailedError(`not delivered within the shutdown deadline (${this._shutdownTimeout} ms)`));
    const give = (job: Job): void => {
      job.abandoned = true;
      (job.entry ?? this._journal?.record(job.spans))?.settle('shutdown');
      this._stats.failed += job.spans.length;
      job.done(late());
    };
    for (const job of this._blocked.splice(0)) give(job);
    for (const job of this._queue.splice(0)) give(job);
    for (const job of this._active) give(job);
    this._active.clear();
    this._exports = 0;
    this._blockedSpans = 0;
    this._accepted = 0;
    this._pump();
  }

  private _hasRoom(count: number): boolean {
    // An empty queue takes any batch, so one larger than the capacity still goes through.
    return this._accepted === 0 || this._accepted + count <= this.capacity;
  }

  /** Pass-through: the exporter takes the batch now (synchronously); only its answer is awaited (the spans are not held). */
  private _passOn(spans: ReadableSpan[]): Promise<ExportResult> {
    const count = spans.length;
    this._passing += count;
    return exportSpans(this._exporter, spans).then((result) => {
      this._passing -= count;
      if (result.code === SUCCESS.code) this._stats.exported += count;
      else this._stats.failed += count;
      this._pump();
      return result;
    });
  }

  private _accept(job: Job): void {
    job.entry ??= this._journal?.record(job.spans);
    // The caller's answer is "kept"; the final result only moves the counts and the journal.
    if (this._settleOnJournal && job.entry) void job.entry.ready.then(() => job.done(SUCCESS));
    this._queue.push(job);
    this._accepted += job.spans.length;
  }

  private _isIdle(): boolean {
    return this._active.size === 0 && this._queue.length === 0 && this._blocked.length === 0 && this._passing === 0;
  }

  private _pump(): void {
    for (let job = this._blocked[0]; job !== undefined && this._hasRoom(job.spans.length); job = this._blocked[0]) {
      this._blocked.shift();
      this._blockedSpans -= job.spans.length;
      this._accept(job);
    }
    while (this._exports < this._maxConcurrent && this._queue.length > 0) {
      this._start(takeExport(this._queue, this._maxExportSpans));
    }
    if (this._isIdle()) {
      const waiters = this._idleWaiters;
      this._idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** Exports `jobs` as one batch (once each is journaled); each gets the result. */
  private _start(jobs: Job[]): void {
    this._exports++;
    for (const job of jobs) this._active.add(job);
    // The shutdown deadline abandons every batch in flight at once: a whole export, never part of one.
    const abandoned = (): boolean => jobs[0]?.abandoned === true;
    void Promise.all(jobs.map((job) => job.entry?.ready ?? READY))
      .then(() => (abandoned() ? { result: shutDown(), timedOut: false } : this._exportWithDeadline(jobs)))
      .then(({ result, timedOut }) => {
        // Given up on at the shutdown deadline: only a success still matters (it corrects the counts).
        if (abandoned()) {
          for (const job of jobs) this._lateResult(job, result);
          return;
        }
        this._exports--;
        for (const job of jobs) this._finish(job, result, timedOut);
        this._pump();
      });
  }

  private _finish(job: Job, result: ExportResult, timedOut: boolean): void {
    this._active.delete(job);
    this._accepted -= job.spans.length;
    if (result.code === SUCCESS.code) this._stats.exported += job.spans.length;
    else {
      this._stats.failed += job.spans.length;
      this._lastError = result.error ?? this._lastError;
    }
    job.entry?.settle(result.code === SUCCESS.code ? 'delivered' : timedOut ? 'timeout' : 'failed');
    job.done(result);
  }

  /**
   * Exports with the leg's deadline. An export that answers after its
   * deadline was already counted as failed; if it succeeded after all, the
   * counts and the journal are corrected, so the batches are not delivered twice.
   */
  private _exportWithDeadline(jobs: Job[]): Promise<{ result: ExportResult; timedOut: boolean }> {
    const spans = jobs.length === 1 ? jobs[0]!.spans : jobs.flatMap((job) => job.spans);
    return withDeadline(
      exportSpans(this._exporter, spans),
      this.exportTimeoutMillis,
      () => failed(new ExportFailedError(`export timed out after ${this.exportTimeoutMillis} ms`)),
      (late) => {
        for (const job of jobs) this._lateResult(job, late);
      },
    ).then(({ value, timedOut }) => ({ result: value, timedOut }));
  }

  private _lateResult(job: Job, result: ExportResult): void {
    if (result.code !== SUCCESS.code) return;
    this._stats.failed -= job.spans.length;
    this._stats.exported += job.spans.length;
    job.entry?.settle('delivered');
  }
}
