/** Exponential backoff with jitter, used when a retryable response gave no `Retry-After`. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter (ms). */
  initialMs: number;
  /** Upper bound of any single delay, before jitter (ms). */
  maxMs: number;
  multiplier: number;
  /** Relative jitter: 0.2 spreads each delay uniformly over ±20 %. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, multiplier: 2, jitter: 0.2 };

/**
 * Delay before retry number `retry` (1 for the first retry). `random` returns a
 * number in [0, 1); it is a parameter so the function stays pure and testable.
 */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(options.maxMs, options.initialMs * options.multiplier ** Math.max(0, retry - 1));
  const spread = base * options.jitter;
  return Math.max(0, Math.round(base - spread + 2 * spread * random()));
}
