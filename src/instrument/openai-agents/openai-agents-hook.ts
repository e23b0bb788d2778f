import type { SdkHook } from '../sdk-hook.js';
import { installProcessor } from './processor-install.js';
import { isOpenAiAgentsModule, warnIfTracingOff } from './tracing-switches.js';

/**
 * The hook for `@openai/agents` (and `@openai/agents-core`, which holds the
 * runner and its tracing): agent-otel reads the SDK's own traces through a
 * TracingProcessor of its own (see docs/sdks/openai-agents.md for why), so
 * the SDK's exports are left as they are.
 */
export const openAiAgentsHook: SdkHook = {
  sdk: '@openai/agents',
  modules: ['@openai/agents', '@openai/agents-core'],
  versions: '>=0.20.0 <1.0.0',
  recognizes: isOpenAiAgentsModule,
  patch: (exports, telemetry) => {
    if (!isOpenAiAgentsModule(exports)) return exports;
    if (installProcessor(exports, telemetry)) warnIfTracingOff();
    return exports;
  },
};
