import type { SdkHook } from '../sdk-hook.js';

/** The hook for `@openai/agents`. */
export const openAiAgentsHook: SdkHook = {
  sdk: '@openai/agents',
  modules: ['@openai/agents'],
  versions: '<99',
  recognizes: () => false,
  patch: (exports) => exports,
};
