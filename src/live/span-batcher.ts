import { unrefTimer } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { isPositive, readNumber, type Env } from '../config/env.js';
import { exportSpans } from '../exporters/export-result.js';
import { onExitSync } from '../exporters/exit-flush.js';

export interface SpanBatcherOptions {
  /** Spans per export. Default: OTEL_BSP_MAX_EXPORT_BATCH_SIZE, then 512. */
  maxExportBatchSize?: number;
  /** Longest wait before a partial batch goes out. Default: OTEL_BSP_SCHEDULE_DELAY, then 1000 ms. */
  scheduledDelayMillis?: number;
  env?: Env;
  /** Told about every failed batch (the exporter's error). */
  onError?: (error: Error) => void;
}

/** Full batches held for the next turn at most; past that they are handed over at once, on the caller's stack. */
export const HELD_BATCHES = 4;

/**
 * Gathers finished spans into batches for an exporter, the way the SDK's
 * BatchSpanProcessor does, and never waits on them: the exporter's own
 * queues (one per sink) bound memory and count drops, so a slow collector
 * never stalls the agent. A full batch is handed over in the next turn of the
 * event loop (setImmediate), so the call that fills it does not pay for
 * encoding, journaling and writing it; past HELD_BATCHES full batches (a
 * caller that never yields) they are handed over at once, on the caller's
 * stack, where the JSONL sink writes when its buffer is full: back-pressure,
 * so memory stays bounded and nothing is dropped. The timer of a partial
 * batch is unref'd. On process `exit` the buffer is handed over synchronously.
 */
export class SpanBatcher {
  private buffer: ReadableSpan[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly pending = new Set<Promise<void>>();
  private readonly batchSize: number;
  private readonly delay: number;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly options: SpanBatcherOptions = {},
  ) {
    const env = options.env ?? process.env;
    this.batchSize = readNumber(options.maxExportBatchSize, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, env, isPositive);
    this.delay = readNumber(options.scheduledDelayMillis, 'OTEL_BSP_SCHEDULE_DELAY', 1000, env, (n) => Number.isFinite(n) && n >= 0);
    // On exit (even process.exit()), what is buffered is handed over before the sinks write theirs.
    onExitSync(this, (batcher) => batcher.send());
  }

  add(spans: readonly ReadableSpan[]): void {
    if (spans.length === 0) return;
    this.buffer.push(...spans);
    if (this.buffer.length >= this.batchSize * HELD_BATCHES) this.send();
    // Not unref'd: an unref'd immediate does not wake a loop waiting for I/O.
    else if (this.buffer.length >= this.batchSize) this.immediate ??= setImmediate(() => this.send());
    else if (!this.timer) {
      this.timer = setTimeout(() => this.send(), this.delay);
      unrefTimer(this.timer);
    }
  }

  /** Sends what is buffered and waits for every batch handed over so far. */
  async flush(): Promise<void> {
    this.send();
    await Promise.all(this.pending);
  }

  private send(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.immediate) {
      clearImmediate(this.immediate);
      this.immediate = undefined;
    }
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.batchSize);
      const done = exportSpans(this.exporter, batch).then((result) => {
        this.pending.delete(done);
        if (result.error) this.options.onError?.(result.error);
      });
      this.pending.add(done);
    }
  }
}
