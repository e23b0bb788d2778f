import type { WarningSink } from '../core/diagnostics.js';
import { describeError } from '../core/errors.js';
import { AckTracker } from './ack-tracker.js';
import { batchBody, batchPieces, type Batch } from './batch-builder.js';
import type { Checkpoint } from './checkpoint.js';
import { Limiter } from '../core/limiter.js';
import { payloadBytes, type OtlpHttpTransport } from '../exporters/otlp/otlp-http-transport.js';
import type { BatchEvent } from './replay-options.js';
import { sendWithRetry, type RetryPolicy, type SendOutcome } from '../exporters/otlp/retrying-send.js';
import { noteRefused, type ReplaySummary } from './summary.js';

export type StopReason = Extract<SendOutcome, { kind: 'stopped' }>;

export interface DispatcherOptions {
  /** Undefined in a dry run: batches are counted, not sent. */
  transport: OtlpHttpTransport | undefined;
  policy: RetryPolicy;
  concurrency: number;
  checkpoint: Checkpoint | undefined;
  summary: ReplaySummary;
  warn: WarningSink;
  onBatch?: (event: BatchEvent) => void;
  /** The caller's signal: stops sending (requests already sent are still awaited). */
  signal?: AbortSignal;
}

/**
 * Sends batches with at most `concurrency` in flight, accounts for every
 * outcome in the summary and moves the checkpoint forward in send order. The
 * first failure that retrying cannot fix stops it: later batches are not sent.
 */
export class BatchDispatcher {
  private readonly limiter: Limiter;
  private readonly acks = new AckTracker();
  private readonly halt = new AbortController();
  private readonly inflight = new Set<Promise<void>>();
  /** Aborted by the caller or by a stopping failure. */
  readonly signal: AbortSignal;
  stopped: StopReason | undefined;

  constructor(private readonly options: DispatcherOptions) {
    this.limiter = new Limiter(options.concurrency);
    this.signal = options.signal ? AbortSignal.any([options.signal, this.halt.signal]) : this.halt.signal;
  }

  /** Queues a batch; resolves once it is in flight (waits while `concurrency` requests are). */
  async dispatch(batch: Batch): Promise<void> {
    const { transport, summary } = this.options;
    const ticket = this.acks.enqueue(batch.positions);
    if (batch.parts.length === 0) return this.settle(ticket, batch, 'acknowledged'); // only skipped lines: nothing to send
    if (!transport) {
      summary.bytes += batch.bytes;
      summary.requests++; // dry run: count what would be sent
      return this.settle(ticket, batch, 'acknowledged');
    }
    await this.limiter.acquire();
    const task: Promise<void> = this.send(batch, ticket, transport).finally(() => {
      this.limiter.release();
      this.inflight.delete(task);
    });
    this.inflight.add(task);
  }

  /** Waits for every batch in flight. */
  async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  /**
   * A batch got its final answer: its lines are acknowledged, or refused
   * (kept as ranges to send again); either way the files' positions move past
   * it, in send order, so that what follows is not sent twice.
   */
  private settle(ticket: object, batch: Batch, how: 'acknowledged' | 'refused'): void {
    const { checkpoint } = this.options;
    for (const range of batch.ranges) {
      if (how === 'refused') checkpoint?.refuse(range);
      else checkpoint?.acknowledge(range);
    }
    for (const position of this.acks.complete(ticket)) checkpoint?.record(position);
  }

  private async send(batch: Batch, ticket: object, transport: OtlpHttpTransport): Promise<void> {
    const { summary, warn } = this.options;
    let outcome: SendOutcome;
    let attempts = 0;
    try {
      // Uncompressed, the lines' bytes go out as they are, without one more copy.
      const payload = transport.options.gzip ? await transport.encode(batchBody(batch)) : batchPieces(batch);
      const wireBytes = payloadBytes(payload);
      outcome = await sendWithRetry(
        () => {
          summary.wireBytes += wireBytes;
          return transport.send(payload);
        },
        this.options.policy,
        this.signal,
        {
          onRequest: () => {
            if (attempts++ === 0) summary.bytes += batch.bytes;
            summary.requests++;
          },
          onRetry: () => void summary.retries++,
        },
      );
    } catch (error) {
      outcome = { kind: 'stopped', message: describeError(error), cause: error };
    }
    const rejectedSpans = outcome.kind === 'accepted' ? Math.min(batch.spans, outcome.partial?.rejectedSpans ?? 0) : 0;
    this.options.onBatch?.({ spans: batch.spans, bytes: batch.bytes, outcome: outcome.kind, rejectedSpans });
    if (outcome.kind === 'accepted') {
      summary.delivered += batch.spans - rejectedSpans;
      const partial = outcome.partial;
      if (partial) {
        summary.rejected += rejectedSpans;
        const why = partial.errorMessage ? `: ${partial.errorMessage}` : '';
        warn({
          code: 'partial_success',
          message: `the endpoint accepted a batch of ${batch.spans} spans but rejected ${partial.rejectedSpans}${why}`,
        });
      }
      this.settle(ticket, batch, 'acknowledged');
    } else if (outcome.kind === 'rejected') {
      summary.refused += batch.spans;
      noteRefused(summary, batch.ranges);
      const where = batch.ranges.map((r) => `${r.file}:${r.line}-${r.endLine - 1}`).join(', ');
      warn({
        code: 'batch_rejected',
        message: `a batch of ${batch.spans} spans (${where}) was refused (${outcome.message}); not retried now, since resending the same data cannot succeed; not acknowledged either`,
      });
      this.settle(ticket, batch, 'refused');
    } else {
      // Not delivered in this run: failed when the endpoint or the network failed it; unsent when
      // it was never sent, or cut short by the caller's own interruption.
      if (attempts === 0 || this.options.signal?.aborted === true) summary.unsent += batch.spans;
      else summary.failed += batch.spans;
      if (!this.stopped) {
        this.stopped = outcome;
        this.halt.abort();
      }
    }
  }
}
