import type { Adapter, FormatName } from './adapter.js';
import { aiderAdapter } from './aider/index.js';
import { claudeCodeAdapter } from './claude-code/index.js';
import { clineAdapter } from './cline/index.js';
import { codexAdapter } from './codex/index.js';
import { codetetherAdapter } from './codetether/index.js';
import { copilotCliAdapter } from './copilot-cli/index.js';
import { eventStoreAdapter } from './event-store/index.js';
import { geminiCliAdapter } from './gemini-cli/index.js';
import { kaizenAdapter } from './kaizen/index.js';
import { kimiCodeAdapter } from './kimi-code/index.js';
import { openCodeAdapter } from './opencode/index.js';
import { rooCodeAdapter } from './roo-code/index.js';
import { zagAdapter } from './zag/index.js';

/**
 * The built-in source formats, in detection order: the first adapter whose
 * `detect` accepts a file claims it, so more specific formats come first.
 */
export const builtinAdapters: readonly Adapter[] = [
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
  // Task folders: told by their file names and shapes; Roo Code from Cline by marks only it writes.
  rooCodeAdapter,
  clineAdapter,
  kimiCodeAdapter,
  // Markdown, not JSON: shown only the files no JSON format can be.
  aiderAdapter,
];

/** The built-in adapters (the name the library has always exported). */
export const adapters: readonly Adapter[] = builtinAdapters;

/**
 * The adapters a conversion detects with: the user's first, in the order
 * given, then the built-in ones. A user adapter thus claims a file before any
 * built-in one does, and one named like a built-in format replaces it.
 */
export function withUserAdapters(user: readonly Adapter[] = []): readonly Adapter[] {
  if (user.length === 0) return builtinAdapters;
  const names = new Set(user.map((a) => a.format));
  return [...user, ...builtinAdapters.filter((a) => !names.has(a.format))];
}

export function adapterFor(format: FormatName, among: readonly Adapter[] = builtinAdapters): Adapter | undefined {
  return among.find((a) => a.format === format);
}

export const formatNames: readonly FormatName[] = builtinAdapters.map((a) => a.format);
