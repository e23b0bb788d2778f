/**
 * A streaming quantile sketch with bounded memory and a relative error
 * bound (the DDSketch idea: logarithmic buckets). A value v > 0 goes to
 * bucket ceil(log_gamma(v)) with gamma = (1 + a) / (1 - a); a quantile is
 * answered with the bucket's midpoint in the relative sense, within a
 * relative error `a` of a true value of that rank. Values at or below
 * `MIN_VALUE` share one bucket (answered as 0). The maximum is kept exactly.
 *
 * Durations from a microsecond to a year need about 1,400 buckets at a = 1%,
 * however many values are added.
 */
export const SKETCH_RELATIVE_ERROR = 0.01;
const MIN_VALUE = 1e-3;

export class QuantileSketch {
  private readonly buckets = new Map<number, number>();
  private zeros = 0;
  count = 0;
  max = 0;
  private readonly logGamma: number;
  private readonly gamma: number;

  constructor(relativeError = SKETCH_RELATIVE_ERROR) {
    this.gamma = (1 + relativeError) / (1 - relativeError);
    this.logGamma = Math.log(this.gamma);
  }

  add(value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    this.count++;
    if (value > this.max) this.max = value;
    if (value <= MIN_VALUE) {
      this.zeros++;
      return;
    }
    const index = Math.ceil(Math.log(value) / this.logGamma);
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + 1);
  }

  /** The value at quantile q (0..1), by the nearest-rank rule; undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (rank <= this.zeros) return 0;
    let seen = this.zeros;
    for (const index of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(index)!;
      // 2 g^i / (g + 1): within the relative error of every value in (g^(i-1), g^i].
      if (seen >= rank) return Math.min(this.max, (2 * Math.pow(this.gamma, index)) / (this.gamma + 1));
    }
    return this.max;
  }
}
