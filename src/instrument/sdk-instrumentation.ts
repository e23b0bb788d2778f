import { InstrumentationBase, InstrumentationNodeModuleDefinition, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { VERSION } from '../core/version.js';
import { getTelemetry } from '../live/global.js';
import { knownVersion } from './known-version.js';
import type { ModuleExports, SdkHook } from './sdk-hook.js';

interface SdkInstrumentationConfig extends InstrumentationConfig {
  hooks: readonly SdkHook[];
}

/**
 * The load hooks behind `agent-otel/register`: when the application loads a
 * module one of the SDK hooks watches (with `require` or `import`), the hook
 * traces it, if its version is one the hook knows. Built on OpenTelemetry's
 * InstrumentationBase, which holds require-in-the-middle and
 * import-in-the-middle. Enabled when constructed.
 */
export class SdkInstrumentation extends InstrumentationBase<SdkInstrumentationConfig> {
  constructor(hooks: readonly SdkHook[]) {
    // The base constructor calls init(), so the hooks travel in the config.
    super('agent-otel-sdks', VERSION, { hooks });
  }

  protected override init(): InstrumentationNodeModuleDefinition[] {
    return this.getConfig().hooks.flatMap((hook) =>
      hook.modules.map(
        (name) =>
          // Every version is accepted here so that an unknown one is told about once (knownVersion).
          new InstrumentationNodeModuleDefinition(name, ['*'], (exports: ModuleExports, version?: string) =>
            knownVersion(hook, version) ? hook.patch(exports, () => getTelemetry(), name) : exports,
          ),
      ),
    );
  }
}
