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
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: ExportResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    try {
      exporter.export(spans, settle);
    } catch (error) {
      settle(failed(error));
    }
  });
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
