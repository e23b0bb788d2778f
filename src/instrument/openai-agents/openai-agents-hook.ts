import type { SdkHook } from '../sdk-hook.js';
import { warnOnce } from '../sdk-warnings.js';
import { installProcessor } from './processor-install.js';
import { isOpenAiAgentsModule, warnIfTracingOff } from './tracing-switches.js';

/**
 * The hook for `@openai/agents` (and `@openai/agents-core`, which holds the
 * runner and its tracing): agent-otel reads the SDK's own traces through a
 * TracingProcessor of its own (see docs/sdks/openai-agents.md for why), so
 * the SDK's exports are left as they are. Registering it never throws into
 * the application's import.
 */
export const openAiAgentsHook: SdkHook = {
  sdk: '@openai/agents',
  modules: ['@openai/agents', '@openai/agents-core'],
  versions: '>=0.20.0 <1.0.0',
  recognizes: isOpenAiAgentsModule,
  patch: (exports, telemetry) => {
    try {
      if (isOpenAiAgentsModule(exports) && installProcessor(exports, telemetry)) warnIfTracingOff();
    } catch (error) {
      warnOnce('openai-agents:install', `@openai/agents: agent-otel could not register its trace processor (${(error as Error).message}); runs are not traced`);
    }
    return exports;
  },
};
