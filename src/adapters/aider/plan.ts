import { open } from 'node:fs/promises';
import type { SourceUnit } from '../adapter.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { groupByFolder } from '../group-by-folder.js';
import { firstLine, isLlmHistory } from './detect.js';

/** Which of a unit's files is the chat history, and which the LLM history (when there is one). */
export interface AiderHints {
  chat: string;
  llm?: string;
}

async function head(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * One unit per repository folder: its chat history, with the LLM history
 * written next to it. An LLM history alone holds no session (no prompts, no
 * token reports): it is reported and left out.
 */
export async function planAider(files: string[], warn: WarningSink): Promise<SourceUnit<AiderHints>[]> {
  const units: SourceUnit<AiderHints>[] = [];
  for (const [folder, list] of groupByFolder(files)) {
    const chats: string[] = [];
    const llms: string[] = [];
    for (const file of list) (isLlmHistory(firstLine(await head(file).catch(() => ''))) ? llms : chats).push(file);
    const llm = llms.length === 1 && chats.length === 1 ? llms[0] : undefined;
    for (const chat of chats) units.push({ format: 'aider', label: folder, files: llm ? [chat, llm] : [chat], hints: { chat, ...(llm ? { llm } : {}) } });
    if (chats.length === 0 || (llms.length > 0 && llm === undefined)) {
      for (const file of llms) {
        warn({ code: 'no_messages', file, message: 'Aider LLM history without a single chat history next to it: its times cannot be matched; skipped' });
      }
    }
  }
  return units;
}
