import { isRecord } from '../../core/json-lines.js';
import { quietly } from './quietly.js';
import type { VercelRun } from './vercel-run.js';

/** A streamText transform, as `experimental_transform` takes it. */
export type StreamTransform = (options: unknown) => TransformStream<unknown, unknown>;

/**
 * The transform that ends a streamed run: a pass-through that sees the run's
 * whole stream (after the SDK's own abort and error handling, before the
 * application's transforms), notes an `error` or `abort` part, and ends the
 * run when the stream ends: cancelled after an abort, failed after an
 * error, else ok. A stream nobody reads never ends: its session is ended as
 * interrupted when the telemetry shuts down.
 */
export function runEndTransform(run: VercelRun): StreamTransform {
  return () => {
    let error: unknown;
    let aborted: { reason?: unknown } | undefined;
    return new TransformStream({
      transform(part, controller) {
        controller.enqueue(part);
        quietly('stream part', () => {
          if (!isRecord(part)) return;
          if (part.type === 'error') error ??= part.error ?? 'stream error';
          else if (part.type === 'abort') aborted = { reason: part.reason };
        });
      },
      flush() {
        if (aborted !== undefined) run.end('interrupted', aborted.reason);
        else if (error !== undefined) run.end('error', error);
        else run.end('ok');
      },
    });
  };
}

/** The call's transforms with the run's first, closest to the SDK's stream. */
export function withRunEnd(given: unknown, run: VercelRun): StreamTransform[] {
  const own = Array.isArray(given) ? (given as StreamTransform[]) : given === undefined || given === null ? [] : [given as StreamTransform];
  return [runEndTransform(run), ...own];
}
