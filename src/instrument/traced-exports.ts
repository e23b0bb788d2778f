import type { ModuleExports } from './sdk-hook.js';

const TRACED = Symbol.for('agent-otel.traced');

/** Marks a function agent-otel made to trace an SDK's entry point, so that it is never wrapped again. */
export function markTraced<F extends object>(fn: F): F {
  Object.defineProperty(fn, TRACED, { value: true });
  return fn;
}

/** True for a function `markTraced` marked. */
export function isTraced(value: unknown): boolean {
  return (typeof value === 'function' || (typeof value === 'object' && value !== null)) && TRACED in value;
}

function trySet(exports: ModuleExports, name: string, value: unknown): boolean {
  try {
    exports[name] = value;
    return exports[name] === value;
  } catch {
    return false;
  }
}

/**
 * Puts `replacements` in place of the named exports: in place where the
 * object allows it (import-in-the-middle's module namespace, a plain CommonJS
 * object), else on a copy that keeps every other export (an ES module
 * namespace, the getter-only exports of a bundled CommonJS module). Returns
 * the object to use.
 */
export function replaceExports(exports: ModuleExports, replacements: ModuleExports): ModuleExports {
  let target = exports;
  for (const [name, value] of Object.entries(replacements)) {
    if (target === exports && trySet(exports, name, value)) continue;
    if (target === exports) target = { ...exports };
    target[name] = value;
  }
  return target;
}
