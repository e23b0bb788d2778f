import { unrefTimer } from '@opentelemetry/core';

/** True when `promise` settles within `ms` (Infinity: always waits); the timer never holds the process. */
export function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  if (ms === Infinity) return promise.then(() => true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), Math.max(0, ms));
    unrefTimer(timer);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * `promise`'s value, or `onTimeout()` when it has not settled within `ms`;
 * a value that comes after the deadline goes to `onLate` instead. The timer
 * never holds the process.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => T, onLate: (value: T) => void): Promise<{ value: T; timedOut: boolean }> {
  return new Promise((resolve) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      resolve({ value: onTimeout(), timedOut: true });
    }, ms);
    unrefTimer(timer);
    void promise.then((value) => {
      clearTimeout(timer);
      if (late) onLate(value);
      else resolve({ value, timedOut: false });
    });
  });
}
