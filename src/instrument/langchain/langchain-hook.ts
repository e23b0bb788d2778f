/**
 * The hook for LangChain and LangGraph: both run through @langchain/core's
 * CallbackManager, so tracing @langchain/core traces LangGraph graphs,
 * createReactAgent, langchain's createAgent and plain LCEL chains alike.
 */
import type { ModuleExports, SdkHook } from '../sdk-hook.js';
import { isRecord } from '../../core/json-lines.js';
import { warnOnce } from '../sdk-warnings.js';
import { isCallbackManagerClass, traceCallbackManager } from './callback-manager-patch.js';

/** What mergeConfigs reads of two callback managers to merge them. */
const EMPTY_MANAGER = { handlers: [], inheritableHandlers: [], tags: [], inheritableTags: [], metadata: {} };

/**
 * The CallbackManager class a module gives: `@langchain/core/callbacks/manager`
 * exports it. `@langchain/core/runnables` does not, but its mergeConfigs
 * (a pure function) makes a new CallbackManager when it merges two managers:
 * an ES module application may load no other entry point by name (the entry
 * points load each other by relative paths, which the loader hook does not see).
 */
function callbackManagerClass(exports: ModuleExports): unknown {
  if (isCallbackManagerClass(exports.CallbackManager)) return exports.CallbackManager;
  const merge = exports.mergeConfigs;
  if (typeof merge !== 'function') return undefined;
  const merged: unknown = (merge as (...configs: object[]) => unknown)({ callbacks: { ...EMPTY_MANAGER } }, { callbacks: { ...EMPTY_MANAGER } });
  const manager = isRecord(merged) ? merged.callbacks : undefined;
  return isRecord(manager) ? manager.constructor : undefined;
}

export const langChainHook: SdkHook = {
  sdk: '@langchain/core',
  modules: [
    '@langchain/core/callbacks/manager',
    '@langchain/core/runnables',
    // CommonJS: every entry point requires this file, and require-in-the-middle sees it by its path.
    '@langchain/core/dist/callbacks/manager.cjs',
  ],
  versions: '^1.0.0',
  recognizes: (exports) => isCallbackManagerClass(exports.CallbackManager) || (typeof exports.mergeConfigs === 'function' && typeof exports.RunnableSequence === 'function'),
  patch: (exports, telemetry) => {
    try {
      const cls = callbackManagerClass(exports);
      if (isCallbackManagerClass(cls)) traceCallbackManager(cls, telemetry);
      else warnOnce('langchain:no-manager', '@langchain/core: CallbackManager not found; LangChain runs are not traced');
    } catch (error) {
      warnOnce('langchain:patch', `@langchain/core could not be traced (${error instanceof Error ? error.message : 'unknown error'}); left alone`);
    }
    return exports;
  },
};
