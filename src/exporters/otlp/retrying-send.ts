import { setTimeout as sleep } from 'node:timers/promises';
import { describeError } from '../../core/errors.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { parsePartialSuccess, type PartialSuccess } from './export-response.js';
import type { TransportResponse } from './otlp-http-transport.js';
import { parseRetryAfter } from './retry-after.js';
import { retryableNetworkCode, statusAction } from './retryable.js';

export interface RetryPolicy {
  /** Attempts per batch, the first included. */
  maxAttempts: number;
  /** Time allowed for one batch, all attempts and waits included (ms). */
  deadlineMs: number;
  backoff: BackoffOptions;
  random?: () => number;
  now?: () => number;
  /** False: a refused connection (nobody listens) ends the batch at once instead of being retried. Default true. */
  retryRefused?: boolean;
  /** Waits between attempts do not keep the process alive (an exporter's, so that a down collector never delays exit). */
  unref?: boolean;
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
  /** Before waiting `delayMs` to retry after an HTTP `status` or a network error's code. */
  onRetry?(reason: number | string, delayMs: number): void;
  /** Asked before each retry that the policy allows; false ends the batch with the last failure. */
  shouldRetry?(reason: number | string): boolean;
}

/** A short, single-line excerpt of a response body for messages. */
function excerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

function describeStatus(response: TransportResponse): string {
  const text = excerpt(response.body.toString('utf8'));
  return text === '' ? `HTTP ${response.status}` : `HTTP ${response.status}: ${text}`;
}

/** Waits `delay` ms; false when the signal interrupted the wait. */
async function pause(delay: number, signal: AbortSignal | undefined, unref: boolean): Promise<boolean> {
  try {
    await sleep(delay, undefined, { ...(signal ? { signal } : {}), ref: !unref });
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends one encoded batch, retrying 429/502/503/504 and network failures
 * (refused, reset, timed out: see RETRYABLE_NETWORK_ERROR_CODES): after the
 * delay the server asked for in `Retry-After` (seconds or HTTP date),
 * otherwise after an exponential backoff with jitter, until `maxAttempts` or
 * the deadline. The signal interrupts waits between attempts, never a request
 * already sent (so its answer is known and the checkpoint stays exact); a
 * caller that wants requests cancelled too gives `send` a signal of its own.
 */
export async function sendWithRetry(
  send: () => Promise<TransportResponse>,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  hooks: SendHooks = {},
): Promise<SendOutcome> {
  const now = policy.now ?? Date.now;
  const deadline = now() + policy.deadlineMs;
  const deadlineText = `${Math.round(policy.deadlineMs / 1000)} s deadline`;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) return { kind: 'stopped', message: 'interrupted before the batch was sent' };
    hooks.onRequest?.();
    let response: TransportResponse;
    try {
      response = await send();
    } catch (error) {
      const message = `request failed: ${describeError(error)}`;
      const code = retryableNetworkCode(error);
      if (signal?.aborted || code === undefined || (code === 'ECONNREFUSED' && policy.retryRefused === false)) return { kind: 'stopped', message, cause: error };
      if (attempt >= policy.maxAttempts) return { kind: 'stopped', message: `${message} (gave up after ${attempt} attempts)`, cause: error };
      const delay = backoffDelay(attempt, policy.backoff, policy.random);
      if (now() + delay > deadline) return { kind: 'stopped', message: `${message} (a retry would pass the ${deadlineText})`, cause: error };
      if (hooks.shouldRetry?.(code) === false) return { kind: 'stopped', message, cause: error };
      hooks.onRetry?.(code, delay);
      if (!(await pause(delay, signal, policy.unref ?? false))) return { kind: 'stopped', message: `${message} (interrupted while waiting to retry)`, cause: error };
      continue;
    }
    const action = statusAction(response.status);
    if (action === 'success') {
      const partial = parsePartialSuccess(response.body, response.contentType);
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
        message: `${describeStatus(response)} (a retry in ${Math.ceil(delay / 1000)} s would pass the ${deadlineText})`,
      };
    }
    if (hooks.shouldRetry?.(response.status) === false) return { kind: 'stopped', status: response.status, message: describeStatus(response) };
    hooks.onRetry?.(response.status, delay);
    if (!(await pause(delay, signal, policy.unref ?? false))) {
      return { kind: 'stopped', status: response.status, message: `${describeStatus(response)} (interrupted while waiting to retry)` };
    }
  }
}

