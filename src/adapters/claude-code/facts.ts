import { createHash } from 'node:crypto';
import { isRecord } from '../../core/json-lines.js';

/** What `session.start` needs about a session, gathered by the pre-scan. */
export interface SessionFacts {
  /** The canonical session id, given once every file of the unit is scanned. */
  id?: string;
  /** `sessionId` of the first record (a subagent's records carry their parent's). */
  sessionId?: string;
  agentId?: string;
  /** The earliest timestamp (records are not always in time order). */
  minTime?: number;
  version?: string;
  cwd?: string;
  gitBranch?: string;
  /** Model of the first real (not `<synthetic>`) response. */
  model?: string;
  /** User and assistant records. */
  messages: number;
  /** Digest of the first user record's text: a subagent's prompt, matched against Task inputs. */
  firstPromptKey?: string;
}

/** A Task / Agent call: one that can launch a subagent. */
export interface TaskCall {
  callId: string;
  owner: SessionFacts;
  time?: number;
  resultTime?: number;
  promptKey?: string;
  subagentType?: string;
  description?: string;
  /** Set once a subagent was linked to it. */
  linked: boolean;
}

const LAUNCHERS = new Set(['Task', 'Agent']);

/** Folds one record into the facts of its session. */
export function observe(f: SessionFacts, value: Record<string, unknown>, time: number | undefined): void {
  if (f.sessionId === undefined && typeof value.sessionId === 'string' && value.sessionId !== '') f.sessionId = value.sessionId;
  if (f.agentId === undefined && typeof value.agentId === 'string' && value.agentId !== '') f.agentId = value.agentId;
  if (time !== undefined && (f.minTime === undefined || time < f.minTime)) f.minTime = time;
  if (f.version === undefined && typeof value.version === 'string') f.version = value.version;
  if (f.cwd === undefined && typeof value.cwd === 'string' && value.cwd !== '') f.cwd = value.cwd;
  if (f.gitBranch === undefined && typeof value.gitBranch === 'string' && value.gitBranch !== '') f.gitBranch = value.gitBranch;
  if (value.type !== 'user' && value.type !== 'assistant') return;
  f.messages++;
  const message = isRecord(value.message) ? value.message : undefined;
  if (value.type === 'assistant' && f.model === undefined && typeof message?.model === 'string' && message.model !== '<synthetic>') {
    f.model = message.model;
  }
  if (value.type === 'user' && f.messages === 1) {
    const text = promptText(message?.content);
    if (text !== undefined) f.firstPromptKey = promptKey(text);
  }
}

/** The Task / Agent call in a content block, if it is one. */
export function taskCall(block: unknown, owner: SessionFacts, time: number | undefined): TaskCall | undefined {
  if (!isRecord(block) || block.type !== 'tool_use' || typeof block.id !== 'string' || typeof block.name !== 'string') return undefined;
  const input = isRecord(block.input) ? block.input : {};
  if (!LAUNCHERS.has(block.name) && typeof input.subagent_type !== 'string') return undefined;
  return {
    callId: block.id,
    owner,
    ...(time !== undefined ? { time } : {}),
    ...(typeof input.prompt === 'string' ? { promptKey: promptKey(input.prompt) } : {}),
    ...(typeof input.subagent_type === 'string' ? { subagentType: input.subagent_type } : {}),
    ...(typeof input.description === 'string' ? { description: input.description } : {}),
    linked: false,
  };
}

/** The text of a user message's content (a string, or its text blocks joined). */
export function promptText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts = content.filter(isRecord).flatMap((b) => (b.type === 'text' && typeof b.text === 'string' ? [b.text] : []));
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** A digest of a prompt: prompts are compared, never kept. */
export function promptKey(text: string): string {
  return createHash('sha1').update(text.trim()).digest('hex');
}
