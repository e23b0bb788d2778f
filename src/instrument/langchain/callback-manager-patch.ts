/**
 * Puts agent-otel's handler in every LangChain run: CallbackManager's
 * `_configureSync`, which every run goes through to get its callbacks
 * (`CallbackManager.configure`, the runnables' config, LangGraph's graph
 * runs), is wrapped to add the handler to the manager it returns.
 *
 * Not `registerConfigureHook` from @langchain/core/context: it keeps its hooks
 * in an AsyncLocalStorage context variable set with `enterWith`, so a hook
 * registered while a module loads reaches only the code that runs in that
 * async context, and @langchain/core/context is an entry point an
 * application rarely loads. The class is shared by every entry point of one
 * @langchain/core copy, so wrapping it once traces every run of that copy.
 */
import type { TelemetrySource } from '../sdk-hook.js';
import { isTraced, markTraced } from '../traced-exports.js';
import { LangChainHandler } from './langchain-handler.js';

const HANDLER = Symbol.for('agent-otel.langchain.handler');

interface CallbackManagerLike {
  handlers: unknown[];
  addHandler(handler: unknown, inherit?: boolean): void;
}

type Configure = (this: unknown, ...args: unknown[]) => unknown;

/** CallbackManager as this module uses it: a class with `_configureSync`, that may carry our handler. */
interface CallbackManagerClass {
  new (): CallbackManagerLike;
  _configureSync: Configure;
  [HANDLER]?: LangChainHandler;
}

export function isCallbackManagerClass(value: unknown): value is CallbackManagerClass {
  return typeof value === 'function' && typeof (value as { _configureSync?: unknown })._configureSync === 'function';
}

function isManager(value: unknown): value is CallbackManagerLike {
  return typeof value === 'object' && value !== null && Array.isArray((value as CallbackManagerLike).handlers) && typeof (value as CallbackManagerLike).addHandler === 'function';
}

/** The handler the class already carries, if it is traced. */
export function handlerOf(cls: CallbackManagerClass): LangChainHandler | undefined {
  return cls[HANDLER];
}

/**
 * Traces every run configured by `cls`. Done once per class: a second call
 * (register and instrument() both used) only changes where the runs go.
 */
export function traceCallbackManager(cls: CallbackManagerClass, telemetry: TelemetrySource): LangChainHandler {
  const existing = cls[HANDLER];
  if (existing !== undefined) {
    existing.useTelemetry(telemetry);
    return existing;
  }
  const handler = new LangChainHandler(telemetry);
  const original = cls._configureSync;
  Object.defineProperty(cls, HANDLER, { value: handler });
  if (isTraced(original)) return handler;
  cls._configureSync = markTraced(function configureTraced(this: unknown, ...args: unknown[]): unknown {
    const manager = original.apply(this, args);
    try {
      const traced = isManager(manager) ? manager : manager === undefined ? new cls() : undefined;
      if (traced === undefined) return manager;
      if (!traced.handlers.includes(handler)) traced.addHandler(handler, true);
      return traced;
    } catch {
      return manager;
    }
  });
  return handler;
}
