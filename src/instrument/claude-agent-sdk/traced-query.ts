import { isAsyncIterable } from '../async-iterable.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import { isRecord } from '../../core/json-lines.js';
import { AGENT } from '../../adapters/claude-code/session-meta.js';
import type { SessionOptions } from '../../live/agent-telemetry.js';
import { startRunSession } from '../run-context.js';
import type { TelemetrySource } from '../sdk-hook.js';
import { markTraced } from '../traced-exports.js';
import { warnOnce } from '../sdk-warnings.js';
import { QueryRun } from './query-run.js';

type Query = AsyncGenerator<unknown, void> & Record<PropertyKey, unknown>;
type QueryFunction = (params: { prompt: unknown; options?: unknown }) => Query;

const now = (): number => performance.timeOrigin + performance.now();

/**
 * `query` traced: the SDK's own `query` runs with the very arguments it was
 * given (but a streamed prompt, which is passed through message by message),
 * and the Query it returns is the caller's, with the same methods; only its
 * iteration (`next`, `return`, `throw`, `Symbol.asyncIterator`) and
 * `interrupt`/`close` are observed, as own properties in front of the SDK's,
 * so each message reaches the caller as the SDK yielded it.
 */
export function tracedQuery<F extends (...args: never[]) => unknown>(query: F, telemetry: TelemetrySource): F {
  const original = query as unknown as QueryFunction;
  const traced = function (this: unknown, params: { prompt: unknown; options?: unknown }): Query {
    const run = startRun(params, telemetry);
    if (run === undefined) return original.call(this, params);
    const streamed = isAsyncIterable(params?.prompt) ? { ...params, prompt: passThrough(params.prompt, run) } : params;
    const q = original.call(this, streamed);
    if (typeof params?.prompt === 'string') run.prompted(params.prompt);
    return observeQuery(q, run);
  };
  Object.defineProperty(traced, 'name', { value: original.name });
  return markTraced(traced) as unknown as F;
}

function startRun(params: { prompt: unknown; options?: unknown }, telemetry: TelemetrySource): QueryRun | undefined {
  try {
    const t = telemetry();
    const options = isRecord(params?.options) ? params.options : {};
    // Bound to the context of this call: a query started inside a traced tool call nests under it.
    const startSession = AsyncLocalStorage.bind((o: SessionOptions) => startRunSession(t, AGENT, o));
    return new QueryRun({ telemetry: t, startSession, options, now });
  } catch (error) {
    warnOnce('claude-agent-sdk:start', `claude-agent-sdk: a run could not be traced (${(error as Error)?.message ?? String(error)})`);
    return undefined;
  }
}

function observeQuery(q: Query, run: QueryRun): Query {
  const next = q.next;
  const ret = q.return;
  const thr = q.throw;
  const define = (name: PropertyKey, value: unknown): void => {
    Object.defineProperty(q, name, { value, writable: true, configurable: true, enumerable: false });
  };
  define('next', async function (this: unknown, ...args: [] | [unknown]) {
    let result: IteratorResult<unknown, void>;
    try {
      result = await next.apply(q, args);
    } catch (error) {
      run.finish({ how: 'threw', error });
      throw error;
    }
    if (result.done === true) run.finish({ how: 'done' });
    else run.observe(result.value);
    return result;
  });
  define('return', async function (this: unknown, value: void) {
    try {
      return await ret.call(q, value);
    } finally {
      run.finish({ how: 'stopped' });
    }
  });
  define('throw', async function (this: unknown, error: unknown) {
    try {
      return await thr.call(q, error);
    } finally {
      run.finish({ how: 'threw', error });
    }
  });
  define(Symbol.asyncIterator, function () {
    return q;
  });
  for (const name of ['interrupt', 'close']) {
    const method = q[name];
    if (typeof method !== 'function') continue;
    define(name, function (this: unknown, ...args: unknown[]) {
      run.interrupted();
      return (method as (...a: unknown[]) => unknown).apply(q, args);
    });
  }
  return q;
}

/** The application's streamed prompt, message by message as the SDK takes them, each recorded when taken. */
async function* passThrough(source: AsyncIterable<unknown>, run: QueryRun): AsyncGenerator<unknown, void> {
  for await (const message of source) {
    run.sent(message);
    yield message;
  }
}

