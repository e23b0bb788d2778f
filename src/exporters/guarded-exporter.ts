import { BindOnceFuture, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ShutdownError } from '../core/errors.js';
import { exportSpans, failed, report } from './export-result.js';

/**
 * Wraps any SpanExporter so that it keeps the contract the rest of agent-otel
 * relies on, whatever the delegate does: `export` never throws and calls back
 * exactly once, it reports FAILED after `shutdown()`, `shutdown()` runs the
 * delegate's shutdown once however often it is called, and `forceFlush()`
 * exists even when the delegate has none.
 */
export class GuardedSpanExporter implements SpanExporter {
  private readonly _shutdownOnce: BindOnceFuture<void>;

  constructor(
    private readonly _delegate: SpanExporter,
    /** Used in error messages; never contains configuration values. */
    readonly name: string,
  ) {
    this._shutdownOnce = new BindOnceFuture(this._shutdown, this);
  }

  get isShutdown(): boolean {
    return this._shutdownOnce.isCalled;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this._shutdownOnce.isCalled) {
      report(resultCallback, failed(new ShutdownError(`${this.name}: export called after shutdown`)));
      return;
    }
    void exportSpans(this._delegate, spans).then((result) => report(resultCallback, result));
  }

  async forceFlush(): Promise<void> {
    if (this._shutdownOnce.isCalled) return this._shutdownOnce.promise;
    await this._delegate.forceFlush?.();
  }

  shutdown(): Promise<void> {
    return this._shutdownOnce.call();
  }

  private async _shutdown(): Promise<void> {
    await this._delegate.shutdown();
  }
}
