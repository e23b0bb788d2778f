import type { Adapter, FormatName } from './adapter.js';
import { claudeCodeAdapter } from './claude-code/index.js';
import { codexAdapter } from './codex/index.js';
import { codetetherAdapter } from './codetether/index.js';
import { copilotCliAdapter } from './copilot-cli/index.js';
import { eventStoreAdapter } from './event-store/index.js';
import { geminiCliAdapter } from './gemini-cli/index.js';
import { kaizenAdapter } from './kaizen/index.js';
import { openCodeAdapter } from './opencode/index.js';
import { zagAdapter } from './zag/index.js';

/**
 * Every source format, in detection order: the first adapter whose `detect`
 * accepts a file claims it, so more specific formats come first.
 */
export const adapters: readonly Adapter[] = [
  // The seed formats: each is told by keys no other format has.
  zagAdapter,
  codetetherAdapter,
  kaizenAdapter,
  eventStoreAdapter,
  claudeCodeAdapter,
  codexAdapter,
  geminiCliAdapter,
  copilotCliAdapter,
  openCodeAdapter,
];

export function adapterFor(format: FormatName): Adapter | undefined {
  return adapters.find((a) => a.format === format);
}

export const formatNames: readonly FormatName[] = adapters.map((a) => a.format);
