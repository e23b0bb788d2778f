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


/**
 * Gathers finished spans into batches for an exporter, the way the SDK's
 * BatchSpanProcessor does, but hands each batch over at once and never waits
 * on it: the exporter's own queues (one per sink) bound memory and count
 * drops (the JSONL sink never drops: it writes on the caller's stack when its
 * buffer is full), so a slow collector never stalls the agent. The timer is
 * unref'd. On process `exit` the buffer is handed over synchronously.
 */
export class SpanBatcher {
  private buffer: ReadableSpan[] = [];
  private timer: NodeJS.Timeout | undefined;
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
    if (this.buffer.length >= this.batchSize) this.send();
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
