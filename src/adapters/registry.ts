import type { Adapter, FormatName } from './adapter.js';
import { claudeCodeAdapter } from './claude-code/index.js';
import { codexAdapter } from './codex/index.js';

/**
 * Every source format, in detection order: the first adapter whose `detect`
 * accepts a file claims it, so more specific formats come first.
 */
export const adapters: readonly Adapter[] = [claudeCodeAdapter, codexAdapter];

export function adapterFor(format: FormatName): Adapter | undefined {
  return adapters.find((a) => a.format === format);
}

export const formatNames: readonly FormatName[] = adapters.map((a) => a.format);
