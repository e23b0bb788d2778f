import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { SpanLedger } from '../../src/watch/span-ledger.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';

const ids = (spans: readonly ReadableSpan[]) => spans.map((s) => s.spanContext().spanId);

/** The same span (same ids) with another end time: a root sent again with a later end. */
function endedLater(span: ReadableSpan): ReadableSpan {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(span) as object) as ReadableSpan, span);
  return Object.assign(copy, { endTime: [span.endTime[0] + 60, span.endTime[1]] });
}

describe('SpanLedger', () => {
  it('lets every span of a new unit through, and none of them once committed', () => {
    const spans = sampleSpans(5);
    const ledger = new SpanLedger();
    const first = ledger.decide(spans);
    expect(ids(first.send)).toEqual(ids(spans));
    expect(first.resent).toBe(0);
    expect(ledger.changed).toBe(false);
    ledger.commit(first);
    expect(ledger.size).toBe(5);
    expect(ledger.changed).toBe(true);
    expect(ledger.decide(spans).send).toEqual([]);
  });

  it('sends again what was decided but not committed (an export that failed)', () => {
    const spans = sampleSpans(3);
    const ledger = new SpanLedger();
    ledger.decide(spans);
    expect(ids(ledger.decide(spans).send)).toEqual(ids(spans));
    expect(ledger.size).toBe(0);
  });

  it('lets a sent span through again when it changed, counted as resent', () => {
    const [root, call] = sampleSpans(2);
    const ledger = new SpanLedger();
    ledger.commit(ledger.decide([root!, call!]));
    const later = endedLater(root!);
    const again = ledger.decide([later, call!]);
    expect(again.send).toEqual([later]);
    expect(again.resent).toBe(1);
    ledger.commit(again);
    expect(ledger.decide([later, call!]).send).toEqual([]);
    // The earlier form counts as another change again.
    expect(ledger.decide([root!]).resent).toBe(1);
  });

  it('keeps what it holds across a save: entries() gives a ledger that decides the same', () => {
    const spans = sampleSpans(4);
    const ledger = new SpanLedger();
    ledger.commit(ledger.decide(spans.slice(0, 2)));
    const restored = new SpanLedger(JSON.parse(JSON.stringify(ledger.entries())) as [string, string][]);
    expect(ids(restored.decide(spans).send)).toEqual(ids(spans.slice(2)));
    expect(restored.changed).toBe(false);
  });

  it('commits nothing for an empty decision and stays unchanged', () => {
    const ledger = new SpanLedger();
    ledger.commit(ledger.decide([]));
    expect(ledger.changed).toBe(false);
  });
});
