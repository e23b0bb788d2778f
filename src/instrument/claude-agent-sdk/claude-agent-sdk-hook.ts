import type { SdkHook } from '../sdk-hook.js';

/** The hook for `@anthropic-ai/claude-agent-sdk`. */
export const claudeAgentSdkHook: SdkHook = {
  sdk: '@anthropic-ai/claude-agent-sdk',
  modules: ['@anthropic-ai/claude-agent-sdk'],
  versions: '<99',
  recognizes: () => false,
  patch: (exports) => exports,
};
