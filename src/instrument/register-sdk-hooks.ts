import { register } from 'node:module';
import { SdkInstrumentation } from './sdk-instrumentation.js';
import { sdkHooks } from './sdk-hooks.js';

let registered: SdkInstrumentation | undefined;

/**
 * Watches the loading of every SDK agent-otel traces, by `require` and by
 * `import`. The ES module loader hook intercepts only the SDKs' modules (its
 * `include` list), so the rest of the application loads as it would without
 * agent-otel. Only modules loaded after this call are seen: preload it with
 * `node --import agent-otel/register`. Calling it again does nothing.
 */
export function registerSdkHooks(): void {
  if (registered !== undefined) return;
  const include = sdkHooks.flatMap((hook) => hook.modules);
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include } });
  registered = new SdkInstrumentation(sdkHooks);
}
