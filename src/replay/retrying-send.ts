import { setTimeout as sleep } from 'node:timers/promises';
import { describeError } from '../errors.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { parsePartialSuccess, type PartialSuccess } from './export-response.js';
import type { TransportResponse } from './otlp-http-transport.js';
import { parseRetryAfter } from './retry-after.js';
import { statusAction } from './retryable.js';

export interface RetryPolicy {
  /** Attempts per batch, the first included. */
  maxAttempts: number;
  /** Time allowed for one batch, all attempts and waits included (ms). */
  deadlineMs: number;
  backoff: BackoffOptions;
  random?: () => number;
  now?: () => number;
}

/** How one batch ended. */
export type SendOutcome =
  | { kind: 'accepted'; partial?: PartialSuccess }
  /** The endpoint refused this batch's data; sending it again would get the same answer. */
  | { kind: 'rejected'; status: number; message: string }
  /** Nothing more should be sent: wrong endpoint or credentials, retries exhausted, network failure, interrupted. */
  | { kind: 'stopped'; status?: number; message: string; cause?: unknown };

export interface SendHooks {
  /** Before each HTTP request (retries included). */
  onRequest?(): void;
  /** Before waiting `delayMs` to retry after `status`. */
  onRetry?(status: number, delayMs: number): void;
}

/** A short, single-line excerpt of a response body for messages. */
function excerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

function describeStatus(response: TransportResponse): string {
  const text = excerpt(response.body);
  return text === '' ? `HTTP ${response.status}` : `HTTP ${response.status}: ${text}`;
}

/**
 * Sends one encoded batch, retrying only 429/502/503/504: after the delay the
 * server asked for in `Retry-After` (seconds or HTTP date), otherwise after an
 * exponential backoff with jitter, until `maxAttempts` or the deadline. The
 * signal interrupts waits between attempts, never a request already sent (so
 * its answer is known and the checkpoint stays exact).
 */
export async function sendWithRetry(
  send: () => Promise<TransportResponse>,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  hooks: SendHooks = {},
): Promise<SendOutcome> {
  const now = policy.now ?? Date.now;
  const deadline = now() + policy.deadlineMs;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) return { kind: 'stopped', message: 'interrupted before the batch was sent' };
    hooks.onRequest?.();
    let response: TransportResponse;
    try {
      response = await send();
    } catch (error) {
      return { kind: 'stopped', message: `request failed: ${describeError(error)}`, cause: error };
    }
    const action = statusAction(response.status);
    if (action === 'success') {
      const partial = parsePartialSuccess(response.body);
      return partial ? { kind: 'accepted', partial } : { kind: 'accepted' };
    }
    if (action === 'reject') return { kind: 'rejected', status: response.status, message: describeStatus(response) };
    if (action === 'stop') return { kind: 'stopped', status: response.status, message: describeStatus(response) };

    if (attempt >= policy.maxAttempts) {
      return {
        kind: 'stopped',
        status: response.status,
        message: `${describeStatus(response)} (gave up after ${attempt} attempts)`,
      };
    }
    const delay = parseRetryAfter(response.retryAfter, now()) ?? backoffDelay(attempt, policy.backoff, policy.random);
    if (now() + delay > deadline) {
      return {
        kind: 'stopped',
        status: response.status,
        message: `${describeStatus(response)} (a retry in ${Math.ceil(delay / 1000)} s would pass the ${Math.round(policy.deadlineMs / 1000)} s deadline)`,
      };
    }
    hooks.onRetry?.(response.status, delay);
    try {
      await sleep(delay, undefined, signal ? { signal } : undefined);
    } catch {
      return { kind: 'stopped', status: response.status, message: 'interrupted while waiting to retry' };
    }
  }
}
