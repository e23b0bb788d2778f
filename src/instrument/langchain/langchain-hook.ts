import type { SdkHook } from '../sdk-hook.js';

/** The hook for `@langchain/core`. */
export const langChainHook: SdkHook = {
  sdk: '@langchain/core',
  modules: ['@langchain/core'],
  versions: '<99',
  recognizes: () => false,
  patch: (exports) => exports,
};
