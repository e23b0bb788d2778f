import { ExportResultCode, globalErrorHandler, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** The one successful result; exporters share it instead of allocating. */
export const SUCCESS: ExportResult = Object.freeze({ code: ExportResultCode.SUCCESS });

/** A FAILED result carrying `error` (any thrown value becomes an Error). */
export function failed(error: unknown): ExportResult {
  return { code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) };
}

/**
 * Calls `exporter.export` and resolves with its result. Never rejects: a
 * synchronous throw becomes a FAILED result, and a callback invoked twice only
 * counts the first time.
 */
export function exportSpans(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  const { promise, settle } = onceSettled();
  try {
    exporter.export(spans, settle);
  } catch (error) {
    settle(failed(error));
  }
  return promise;
}

/**
 * A promise and the callback that settles it, made apart from `exportSpans`
 * so that the callback (which the exporter and whoever awaits it hold) does
 * not keep the batch alive: a burst of batches answered later holds no spans.
 */
function onceSettled(): { promise: Promise<ExportResult>; settle: (result: ExportResult) => void } {
  let resolve: (result: ExportResult) => void = () => undefined;
  const promise = new Promise<ExportResult>((done) => (resolve = done));
  let settled = false;
  const settle = (result: ExportResult): void => {
    if (settled) return;
    settled = true;
    resolve(result);
  };
  return { promise, settle };
}

/**
 * Calls a result callback. A callback that throws must not break the queue
 * that called it; its error goes to the OpenTelemetry global error handler.
 */
export function report(resultCallback: (result: ExportResult) => void, result: ExportResult): void {
  try {
    resultCallback(result);
  } catch (error) {
    globalErrorHandler(error instanceof Error ? error : String(error));
  }
}
