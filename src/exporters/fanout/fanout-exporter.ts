import { BindOnceFuture, ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { InvalidConfigError, ShutdownError } from '../../core/errors.js';
import { failed, report, SUCCESS } from '../export-result.js';
import { ExportLeg, type ExportLegOptions, type ExportLegStats } from './export-leg.js';
import { FanoutExportError, type LegFailure } from './fanout-error.js';

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

/** Runs `action` on every leg, waits for all, and rejects naming the legs that failed. */
async function onAllLegs(name: string, legs: readonly ExportLeg[], action: (leg: ExportLeg) => Promise<void>): Promise<void> {
  const outcomes = await Promise.allSettled(legs.map(action));
  const failures: LegFailure[] = [];
  outcomes.forEach((outcome, i) => {
    const leg = legs[i];
    if (outcome.status === 'rejected' && leg) failures.push({ leg: leg.name, error: toError(outcome.reason) });
  });
  if (failures.length > 0) throw new FanoutExportError(name, failures, legs.length);
}

/**
 * A SpanExporter that gives every span to every leg (for example a JSONL file
 * and an OTLP endpoint). Each leg has its own queue, so one failing or slow
 * leg never loses or holds up the spans of the others.
 *
 * The result callback reports SUCCESS once every leg has exported the batch,
 * and otherwise FAILED with a FanoutExportError naming the failing legs (a
 * failed export, a timeout, or spans dropped because that leg's queue was full).
 */
export class FanoutExporter implements SpanExporter {
  readonly legs: readonly ExportLeg[];
  private readonly _shutdownOnce: BindOnceFuture<void>;
  /** The order legs are handed a batch in (indexes into `legs`). */
  private readonly _order: readonly number[];

  constructor(legs: ReadonlyArray<ExportLeg | ExportLegOptions>) {
    if (legs.length === 0) throw new InvalidConfigError('a fan-out exporter needs at least one leg');
    this.legs = legs.map((leg) => (leg instanceof ExportLeg ? leg : new ExportLeg(leg)));
    const names = this.legs.map((leg) => leg.name);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate !== undefined) throw new InvalidConfigError(`two fan-out legs are named ${JSON.stringify(duplicate)}`);
    // Legs with a journal first: a batch is in the journal before another leg (the JSONL file) writes it,
    // so a process killed in between never leaves a span in the file that the journal does not hold.
    const indexes = this.legs.map((_, i) => i);
    this._order = [...indexes.filter((i) => this.legs[i]!.journal), ...indexes.filter((i) => !this.legs[i]!.journal)];
    this._shutdownOnce = new BindOnceFuture(this._shutdown, this);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this._shutdownOnce.isCalled) {
      report(resultCallback, failed(new ShutdownError('fan-out exporter: export called after shutdown')));
      return;
    }
    const submitted: Array<Promise<ExportResult>> = [];
    for (const i of this._order) submitted[i] = this.legs[i]!.submit(spans);
    void Promise.all(submitted).then((results) => {
      const failures: LegFailure[] = [];
      results.forEach((result, i) => {
        const leg = this.legs[i];
        if (result.code !== ExportResultCode.SUCCESS && leg) {
          failures.push({ leg: leg.name, error: result.error ?? new Error('export failed') });
        }
      });
      report(resultCallback, failures.length === 0 ? SUCCESS : failed(new FanoutExportError('export', failures, this.legs.length)));
    });
  }

  /** Waits until every leg has exported what it holds, then flushes each exporter. */
  forceFlush(): Promise<void> {
    if (this._shutdownOnce.isCalled) return this._shutdownOnce.promise;
    return onAllLegs('forceFlush', this.legs, (leg) => leg.forceFlush());
  }

  /** Exports what every leg holds, then shuts every exporter down. Safe to call more than once. */
  shutdown(): Promise<void> {
    return this._shutdownOnce.call();
  }

  /** Per-leg counts, keyed by leg name. */
  stats(): Record<string, ExportLegStats> {
    return Object.fromEntries(this.legs.map((leg) => [leg.name, leg.stats()]));
  }

  private _shutdown(): Promise<void> {
    return onAllLegs('shutdown', this.legs, (leg) => leg.shutdown());
  }
}
