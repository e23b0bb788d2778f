import type { ModuleExports, SdkHook } from '../sdk-hook.js';
import { isTraced, replaceExports } from '../traced-exports.js';
import { tracedQuery } from './traced-query.js';

/**
 * The hook for `@anthropic-ai/claude-agent-sdk`: every `query()` run is a
 * session, read from the messages it streams with the Claude Code adapter's
 * understanding of them (see query-run.ts). The SDK ships ES modules only.
 */
export const claudeAgentSdkHook: SdkHook = {
  sdk: '@anthropic-ai/claude-agent-sdk',
  modules: ['@anthropic-ai/claude-agent-sdk'],
  // The message types read here are those of the SDK since its 0.1 release; a 0.4 or 1.0 may change them.
  versions: '>=0.1.0 <0.4.0',
  recognizes: (exports: ModuleExports) =>
    typeof exports.query === 'function' && typeof exports.createSdkMcpServer === 'function' && typeof exports.tool === 'function',
  patch(exports, telemetry) {
    const query = exports.query;
    if (typeof query !== 'function' || isTraced(query)) return exports;
    return replaceExports(exports, { query: tracedQuery(query as (...args: never[]) => unknown, telemetry) });
  },
};
