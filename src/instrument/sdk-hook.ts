/**
 * What agent-otel knows about one agent SDK: which modules to watch, which
 * versions it understands, and how to trace the SDK's runs once its module is
 * loaded. A hook never imports its SDK itself (types only), so nothing is
 * loaded for an SDK the application does not use.
 */
import type { AgentTelemetry } from '../live/agent-telemetry.js';

/** Where a hook records: read at each run, so `setTelemetry` after loading still applies. */
export type TelemetrySource = () => AgentTelemetry;

/** A module's exports: an ES module namespace (immutable) or a CommonJS `module.exports`. */
export type ModuleExports = Record<string, unknown>;

export interface SdkHook {
  /** The package as users install it, e.g. `ai` or `@openai/agents`. */
  readonly sdk: string;
  /**
   * Module names whose loading the register hook watches: package names, and
   * `package/entry` names where the entry point holds what is traced.
   */
  readonly modules: readonly string[];
  /** The versions this hook understands, as a semver range. Others are left alone with one warning. */
  readonly versions: string;
  /** True when `exports` is this SDK's module (used by `instrument(module)` to pick the hook). */
  recognizes(exports: ModuleExports): boolean;
  /**
   * Traces the SDK's runs. Changes `exports` in place where it can, and returns
   * the exports to use: the same object, or a copy whose entry points are
   * traced where the object cannot be changed (an ES module namespace, getters
   * of a bundled CommonJS module). Calling it twice on the same SDK must not
   * trace anything twice.
   */
  patch(exports: ModuleExports, telemetry: TelemetrySource, moduleName: string): ModuleExports;
}
