import { describe, expect, it } from 'vitest';
import { AckTracker } from '../../src/replay/ack-tracker.js';
import { batchBody, BatchBuilder } from '../../src/replay/batch-builder.js';

describe('BatchBuilder', () => {
  it('keeps every body within the bound and loses no part', () => {
    const parts = Array.from({ length: 40 }, (_, i) => Buffer.from(`{"n":${i},"pad":"${'x'.repeat((i * 37) % 300)}"}`));
    const max = 1200;
    const builder = new BatchBuilder(max);
    const bodies: Buffer[] = [];
    for (const part of parts) {
      if (!builder.fits(part.length)) bodies.push(batchBody(builder.take()));
      builder.add(part, 1);
    }
    bodies.push(batchBody(builder.take()));
    for (const body of bodies) expect(body.length).toBeLessThanOrEqual(max);
    const all = bodies.flatMap((b) => (JSON.parse(b.toString()) as { resourceSpans: Array<{ n: number }> }).resourceSpans.map((r) => r.n));
    expect(all).toEqual(parts.map((_, i) => i));
    expect(bodies.length).toBeGreaterThan(1);
  });

  it('reports the exact body size', () => {
    const builder = new BatchBuilder(10_000);
    builder.add(Buffer.from('{"a":1}'), 2);
    builder.add(Buffer.from('{"bé":2}'), 3);
    const batch = builder.take();
    expect(batch.bytes).toBe(batchBody(batch).length);
    expect(batch.spans).toBe(5);
  });

  it('sends a part larger than the bound alone', () => {
    const builder = new BatchBuilder(50);
    builder.add(Buffer.from('{"small":1}'), 1);
    expect(builder.fits(100)).toBe(false);
    builder.take();
    expect(builder.fits(100)).toBe(true);
  });
});

describe('AckTracker', () => {
  const pos = (offset: number) => ({ file: '/f', offset, line: offset });

  it('releases positions only when every earlier batch is acknowledged', () => {
    const acks = new AckTracker();
    const t1 = acks.enqueue([pos(10)]);
    const t2 = acks.enqueue([pos(20)]);
    const t3 = acks.enqueue([pos(30)]);
    expect(acks.complete(t3)).toEqual([]);
    expect(acks.complete(t2)).toEqual([]);
    expect(acks.complete(t1)).toEqual([pos(10), pos(20), pos(30)]);
    expect(acks.pending).toBe(0);
  });

  it('in order, each completion releases its own position', () => {
    const acks = new AckTracker();
    const t1 = acks.enqueue([pos(1)]);
    const t2 = acks.enqueue([pos(2)]);
    expect(acks.complete(t1)).toEqual([pos(1)]);
    expect(acks.complete(t2)).toEqual([pos(2)]);
  });
});
