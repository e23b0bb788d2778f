import { describe, expect, it } from 'vitest';
import { QuantileSketch, SKETCH_RELATIVE_ERROR } from '../../src/report/quantile-sketch.js';
import { seededRandom } from '../support/fixtures/prng.js';

describe('QuantileSketch', () => {
  it('answers quantiles within its relative error of the exact nearest-rank value, and the max exactly', () => {
    const random = seededRandom(15);
    const values = Array.from({ length: 20_000 }, () => Math.exp(random() * 16) - 1); // 0 .. ~9e6 ms, skewed
    const sketch = new QuantileSketch();
    for (const v of values) sketch.add(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1]) {
      const exact = sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
      expect(Math.abs(sketch.quantile(q)! - exact)).toBeLessThanOrEqual(exact * SKETCH_RELATIVE_ERROR + 1e-3);
    }
    expect(sketch.max).toBe(sorted.at(-1));
    expect(sketch.count).toBe(values.length);
  });

  it('is empty without values and counts zeros as 0', () => {
    const sketch = new QuantileSketch();
    expect(sketch.quantile(0.5)).toBeUndefined();
    sketch.add(0);
    sketch.add(0);
    sketch.add(100);
    expect(sketch.quantile(0.5)).toBe(0);
    expect(Math.abs(sketch.quantile(1)! - 100)).toBeLessThanOrEqual(1);
  });
});
