import type { SdkHook } from '../sdk-hook.js';

/** The hook for `ai`. */
export const vercelAiHook: SdkHook = {
  sdk: 'ai',
  modules: ['ai'],
  versions: '*',
  recognizes: () => false,
  patch: (exports) => exports,
};
