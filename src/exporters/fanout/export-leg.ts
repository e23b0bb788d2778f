import { BindOnceFuture, unrefTimer, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { readNumber, type Env } from '../../config/env.js';
import { ExportFailedError, InvalidConfigError, ShutdownError } from '../../errors.js';
import { exportSpans, failed, SUCCESS } from '../export-result.js';

/** What a leg does with a batch when its queue is full. */
export type OverflowPolicy = 'drop' | 'block';

export interface ExportLegOptions {
  /** Names the leg in stats and errors (`otlp`, `jsonl`). */
  name: string;
  exporter: SpanExporter;
  /** Spans queued or in flight at most. Default: OTEL_BSP_MAX_QUEUE_SIZE, then 2048. */
  maxQueueSpans?: number;
  /**
   * `drop` (default): a batch that does not fit is counted as dropped and
   * reported FAILED at once. `block`: it waits for room, so nothing is ever
   * dropped and the caller's result callback is simply later.
   */
  whenFull?: OverflowPolicy;
  /** Deadline of one batch; an exporter that never calls back fails after it. Default: OTEL_BSP_EXPORT_TIMEOUT, then 30000. */
  exportTimeoutMillis?: number;
  /** Environment to read instead of `process.env` (tests). */
  env?: Env;
}

export interface ExportLegStats {
  /** Spans the exporter accepted. */
  exported: number;
  /** Spans whose export failed or timed out. */
  failed: number;
  /** Spans refused because the queue was full. */
  dropped: number;
  /** Spans queued, waiting for room or in flight now. */
  pending: number;
}

interface Job {
  spans: ReadableSpan[];
  done: (result: ExportResult) => void;
}

const positive = (n: number): boolean => Number.isFinite(n) && n > 0;

/**
 * One destination of a FanoutExporter: its own bounded queue of batches,
 * exported one batch at a time, so that a slow or failing destination only
 * ever delays itself.
 */
export class ExportLeg {
  readonly name: string;
  /** Spans queued or in flight at most (an empty queue still takes a larger batch). */
  readonly capacity: number;
  readonly exportTimeoutMillis: number;
  private readonly _exporter: SpanExporter;
  private readonly _policy: OverflowPolicy;
  private readonly _queue: Job[] = [];
  private readonly _blocked: Job[] = [];
  private _active: Job | undefined;
  /** Spans in `_queue` and `_active`. */
  private _accepted = 0;
  private _blockedSpans = 0;
  private _idleWaiters: Array<() => void> = [];
  private readonly _stats = { exported: 0, failed: 0, dropped: 0 };
  private readonly _shutdownOnce: BindOnceFuture<void>;

  constructor(options: ExportLegOptions) {
    const env = options.env ?? process.env;
    this.name = options.name;
    this._exporter = options.exporter;
    this.capacity = readNumber(options.maxQueueSpans, 'OTEL_BSP_MAX_QUEUE_SIZE', 2048, env, positive);
    this.exportTimeoutMillis = readNumber(options.exportTimeoutMillis, 'OTEL_BSP_EXPORT_TIMEOUT', 30_000, env, positive);
    this._policy = options.whenFull ?? 'drop';
    if (!positive(this.capacity) || !positive(this.exportTimeoutMillis)) {
      throw new InvalidConfigError(`leg ${this.name}: maxQueueSpans and exportTimeoutMillis must be positive`);
    }
    if (this._policy !== 'drop' && this._policy !== 'block') {
      throw new InvalidConfigError(`leg ${this.name}: whenFull must be "drop" or "block"`);
    }
    this._shutdownOnce = new BindOnceFuture(this._shutdown, this);
  }

  /** Queues a batch; resolves when it is exported, failed or dropped. Never rejects. */
  submit(spans: ReadableSpan[]): Promise<ExportResult> {
    if (this._shutdownOnce.isCalled) {
      this._stats.failed += spans.length;
      return Promise.resolve(failed(new ShutdownError('leg is shut down')));
    }
    if (spans.length === 0) return Promise.resolve(SUCCESS);
    return new Promise((done) => {
      const job: Job = { spans, done };
      if (this._blocked.length === 0 && this._hasRoom(spans.length)) {
        this._accept(job);
      } else if (this._policy === 'block') {
        this._blocked.push(job);
        this._blockedSpans += spans.length;
      } else {
        this._stats.dropped += spans.length;
        done(failed(new ExportFailedError(`queue full (${this.capacity} spans): ${spans.length} span(s) dropped`)));
      }
      this._pump();
    });
  }

  /** Resolves when nothing is queued, blocked or in flight. */
  drain(): Promise<void> {
    if (this._isIdle()) return Promise.resolve();
    return new Promise((resolve) => this._idleWaiters.push(resolve));
  }

  async forceFlush(): Promise<void> {
    await this.drain();
    await this._exporter.forceFlush?.();
  }

  /** Exports what is queued, then shuts the exporter down. Safe to call more than once. */
  shutdown(): Promise<void> {
    return this._shutdownOnce.call();
  }

  stats(): ExportLegStats {
    return { ...this._stats, pending: this._accepted + this._blockedSpans };
  }

  private async _shutdown(): Promise<void> {
    await this.drain();
    await this._exporter.shutdown();
  }

  private _hasRoom(count: number): boolean {
    // An empty queue takes any batch, so one larger than the capacity still goes through.
    return this._accepted === 0 || this._accepted + count <= this.capacity;
  }

  private _accept(job: Job): void {
    this._queue.push(job);
    this._accepted += job.spans.length;
  }

  private _isIdle(): boolean {
    return this._active === undefined && this._queue.length === 0 && this._blocked.length === 0;
  }

  private _pump(): void {
    for (let job = this._blocked[0]; job !== undefined && this._hasRoom(job.spans.length); job = this._blocked[0]) {
      this._blocked.shift();
      this._blockedSpans -= job.spans.length;
      this._accept(job);
    }
    if (this._active !== undefined) return;
    const job = this._queue.shift();
    if (job === undefined) {
      const waiters = this._idleWaiters;
      this._idleWaiters = [];
      for (const resolve of waiters) resolve();
      return;
    }
    this._active = job;
    void this._exportWithDeadline(job.spans).then((result) => {
      this._active = undefined;
      this._accepted -= job.spans.length;
      if (result.code === SUCCESS.code) this._stats.exported += job.spans.length;
      else this._stats.failed += job.spans.length;
      job.done(result);
      this._pump();
    });
  }

  private _exportWithDeadline(spans: ReadableSpan[]): Promise<ExportResult> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        resolve(failed(new ExportFailedError(`export timed out after ${this.exportTimeoutMillis} ms`)));
      }, this.exportTimeoutMillis);
      unrefTimer(timer);
      void exportSpans(this._exporter, spans).then((result) => {
        clearTimeout(timer);
        resolve(result);
      });
    });
  }
}
