import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { spanFingerprint } from './span-fingerprint.js';

/** What a ledger decided for one batch of spans. */
export interface LedgerDecision {
  /** Spans to export: new ones, and sent ones that changed. */
  send: ReadableSpan[];
  /** How many of `send` were sent before in another form (a root with a later end). */
  resent: number;
  /** Span id and fingerprint of each of `send`, recorded by `commit`. */
  readonly entries: [string, string][];
}

/**
 * The spans of one unit already exported, by span id, with the fingerprint
 * of the form sent. Mapping the unit again gives the same spans with the same
 * ids; the ledger lets only the new and the changed ones through, so a span
 * is sent once, and a session's root again only when it changed. What
 * `decide` lets through counts as sent once `commit` records it (after the
 * export succeeded).
 */
export class SpanLedger {
  private readonly sent: Map<string, string>;
  changed = false;

  constructor(entries: Iterable<[string, string]> = []) {
    this.sent = new Map(entries);
  }

  get size(): number {
    return this.sent.size;
  }

  decide(spans: readonly ReadableSpan[]): LedgerDecision {
    const send: ReadableSpan[] = [];
    const entries: [string, string][] = [];
    let resent = 0;
    for (const span of spans) {
      const id = span.spanContext().spanId;
      const fingerprint = spanFingerprint(span);
      const before = this.sent.get(id);
      if (before === fingerprint) continue;
      send.push(span);
      entries.push([id, fingerprint]);
      if (before !== undefined) resent++;
    }
    return { send, resent, entries };
  }

  commit(decision: LedgerDecision): void {
    for (const [id, fingerprint] of decision.entries) this.sent.set(id, fingerprint);
    if (decision.entries.length > 0) this.changed = true;
  }

  entries(): [string, string][] {
    return [...this.sent];
  }
}
