import type { SdkHook } from '../sdk-hook.js';

/** The hook for `ai`. */
export const vercelAiHook: SdkHook = {
  sdk: 'ai',
  modules: ['ai'],
  versions: '<99',
  recognizes: () => false,
  patch: (exports) => exports,
};
