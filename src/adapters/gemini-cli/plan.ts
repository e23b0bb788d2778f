import { open, readFile } from 'node:fs/promises';
import type { SourceUnit } from '../adapter.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { isRecord } from '../../core/json-lines.js';
import { parentCandidates, type ChatFileHead } from './subagent-parent.js';

/**
 * Groups each main chat file with its subagent chats, main file first, so that
 * a subagent can be put under its own session (see `parentCandidates` for the
 * two layouts Gemini CLI has used). A subagent chat whose session is not among
 * the inputs is a unit of its own (converted in a trace of its own).
 */
export async function planGeminiCli(files: string[], _warn: WarningSink): Promise<SourceUnit[]> {
  const heads = new Map<string, ChatFileHead>();
  for (const file of files) heads.set(file, await chatFileHead(file));
  const mains = files.filter((f) => heads.get(f)?.kind !== 'subagent');
  const byParent = new Map<string, string>();
  for (const main of mains) {
    const sessionId = heads.get(main)?.sessionId;
    if (sessionId === undefined) continue;
    if (!byParent.has(sessionId)) byParent.set(sessionId, main);
    const safe = sanitizeFilenamePart(sessionId);
    if (!byParent.has(safe)) byParent.set(safe, main);
  }
  const members = new Map<string, string[]>();
  const units: SourceUnit[] = [];
  for (const file of files.filter((f) => heads.get(f)?.kind === 'subagent')) {
    const owner = parentCandidates(file, heads.get(file) ?? {}).map((id) => byParent.get(id)).find((m) => m !== undefined);
    if (owner) members.set(owner, [...(members.get(owner) ?? []), file]);
    else units.push({ format: 'gemini-cli', label: file, files: [file] });
  }
  for (const main of mains) {
    units.push({ format: 'gemini-cli', label: main, files: [main, ...(members.get(main) ?? []).sort()] });
  }
  return units;
}

/** Gemini CLI's file-name sanitizing of session ids (anything but letters, digits, `_`, `-` becomes `_`). */
export function sanitizeFilenamePart(part: string): string {
  return part.replace(/[^a-zA-Z0-9_-]/g, '_');
}

/**
 * `sessionId` and `kind` of a chat file. A JSONL file says both on its first
 * line (up to 64 KiB); a legacy document writes `kind` after its messages, so
 * it is parsed whole (it is read whole again when converted; one at a time).
 */
async function chatFileHead(file: string): Promise<ChatFileHead> {
  let value: unknown;
  try {
    value = file.endsWith('.jsonl') ? JSON.parse(await firstLine(file)) : JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return {}; // reported when the file is read
  }
  if (!isRecord(value)) return {};
  return {
    ...(typeof value.sessionId === 'string' ? { sessionId: value.sessionId } : {}),
    ...(typeof value.kind === 'string' ? { kind: value.kind } : {}),
  };
}

async function firstLine(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.indexOf('\n');
    return end === -1 ? text : text.slice(0, end);
  } finally {
    await handle.close();
  }
}
