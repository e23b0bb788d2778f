import { open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { SourceUnit } from '../adapter.js';
import type { WarningSink } from '../diagnostics.js';
import { isRecord } from '../json-lines.js';

/**
 * Gemini CLI writes a subagent's chat to `chats/<parent session id>/<subagent
 * id>.jsonl` (metadata `kind: "subagent"`). A unit is a main session file plus
 * the subagent files found under its session id, so that the subagents can be
 * linked to the tool calls that launched them; the main file is read first.
 */
export async function planGeminiUnits(files: string[], _warn: WarningSink): Promise<SourceUnit[]> {
  const mains: Array<{ file: string; sessionId?: string; subagents: string[] }> = [];
  const subagents: string[] = [];
  for (const file of files) {
    const head = file.endsWith('.jsonl') ? await firstLine(file) : undefined;
    if (head?.kind === 'subagent') subagents.push(file);
    else mains.push({ file, sessionId: head?.sessionId, subagents: [] });
  }
  const byParent = new Map<string, (typeof mains)[number]>();
  for (const main of mains) {
    if (main.sessionId === undefined) continue;
    byParent.set(main.sessionId, main);
    byParent.set(sanitizeFilenamePart(main.sessionId), main);
  }
  const units: SourceUnit[] = [];
  for (const file of subagents) {
    const owner = byParent.get(basename(dirname(file)));
    if (owner) owner.subagents.push(file);
    else units.push({ format: 'gemini-cli', label: file, files: [file] });
  }
  for (const main of mains) {
    units.push({ format: 'gemini-cli', label: main.file, files: [main.file, ...main.subagents.sort()] });
  }
  return units;
}

/** Gemini CLI's file-name sanitizing of session ids (anything but letters, digits, `_`, `-` becomes `_`). */
export function sanitizeFilenamePart(part: string): string {
  return part.replace(/[^a-zA-Z0-9_-]/g, '_');
}

/** The parsed first line of a JSONL file (up to 64 KiB), if it is a JSON object. */
async function firstLine(file: string): Promise<{ sessionId?: string; kind?: string } | undefined> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.indexOf('\n');
    const value: unknown = JSON.parse(end === -1 ? text : text.slice(0, end));
    if (!isRecord(value)) return undefined;
    return {
      sessionId: typeof value.sessionId === 'string' ? value.sessionId : undefined,
      kind: typeof value.kind === 'string' ? value.kind : undefined,
    };
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
