import type { ModuleExports, SdkHook } from '../sdk-hook.js';
import { isTraced, replaceExports } from '../traced-exports.js';
import { traceAgentClass } from './traced-agent.js';
import { tracedGenerateText, tracedStreamText } from './traced-calls.js';

type Call = (args: unknown) => unknown;

/**
 * The hook for `ai` (the Vercel AI SDK): generateText and streamText with
 * tools, and ToolLoopAgent's generate and stream (Experimental_Agent is the
 * same class), each call a run. The model calls are traced through a Proxy
 * over the call's model and the tools through their `execute`; nothing goes
 * through the SDK's own OpenTelemetry spans (`experimental_telemetry`), which
 * stay the application's. Read and tested against ai 6.0 (see
 * docs/sdks/vercel-ai.md).
 */
export const vercelAiHook: SdkHook = {
  sdk: 'ai',
  modules: ['ai'],
  versions: '^5.0.0 || ^6.0.0',
  recognizes: (exports) =>
    typeof exports.generateText === 'function' && typeof exports.streamText === 'function' && typeof exports.wrapLanguageModel === 'function' && typeof exports.stepCountIs === 'function',
  patch(exports, telemetry) {
    // The gateway resolves string model ids, as in the SDK; it is read from the module as loaded.
    const sdk: ModuleExports = { gateway: exports.gateway };
    for (const agentClass of new Set([exports.ToolLoopAgent, exports.Experimental_Agent])) traceAgentClass(agentClass, telemetry, sdk);
    const replacements: ModuleExports = {};
    if (typeof exports.generateText === 'function' && !isTraced(exports.generateText)) replacements.generateText = tracedGenerateText(exports.generateText as Call, telemetry, sdk);
    if (typeof exports.streamText === 'function' && !isTraced(exports.streamText)) replacements.streamText = tracedStreamText(exports.streamText as Call, telemetry, sdk);
    return Object.keys(replacements).length > 0 ? replaceExports(exports, replacements) : exports;
  },
};
