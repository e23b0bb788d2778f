import type { Probe } from '../adapter.js';
import { isRecord } from '../../core/json-lines.js';
import { isAgentMetaFile } from './layout.js';
import { CLAUDE_RECORD_TYPES } from './schema.js';

const CONVERSATION = new Set(['user', 'assistant', 'system', 'progress']);

/** Signs of a transcript line when the head holds no complete line (a first line over 64 KiB). */
const HEAD_SIGNS = [/"type":\s*"(?:user|assistant|system|progress)"/, /"sessionId":\s*"/, /"(?:parentUuid|uuid)":/];

/**
 * A Claude Code transcript, by content: most records have a `type` of the
 * format, and at least one is unmistakable (a conversation record with
 * `sessionId` and `uuid`/`parentUuid`, a summary with `leafUuid`, a
 * file-history snapshot, a queue operation with `sessionId`). Two cases lean
 * on the path: a subagent's `agent-*.meta.json` (a small document with
 * `agentType`), and an empty file, claimed only under `.claude/projects/`.
 */
export function detectClaudeCode(probe: Probe): boolean {
  if (isAgentMetaFile(probe.path)) {
    return isRecord(probe.document) && typeof probe.document.agentType === 'string';
  }
  const objects = probe.lines.filter(isRecord);
  // A one-line file without a final line break may only parse as the whole head.
  if (objects.length === 0 && isRecord(probe.document)) objects.push(probe.document);
  if (objects.length === 0) {
    if (probe.head.trim() === '') return /[\\/]\.claude[\\/]projects[\\/].+\.jsonl$/.test(probe.path);
    return !probe.head.includes('\n') && HEAD_SIGNS.every((sign) => sign.test(probe.head));
  }
  let known = 0;
  let strong = 0;
  for (const r of objects) {
    if (typeof r.type !== 'string' || !CLAUDE_RECORD_TYPES.has(r.type)) continue;
    known++;
    if (isUnmistakable(r)) strong++;
  }
  return strong > 0 && known * 2 >= objects.length;
}

function isUnmistakable(r: Record<string, unknown>): boolean {
  const type = r.type as string;
  if (CONVERSATION.has(type)) return typeof r.sessionId === 'string' && ('uuid' in r || 'parentUuid' in r);
  if (type === 'summary') return typeof r.summary === 'string' && typeof r.leafUuid === 'string';
  if (type === 'file-history-snapshot') return isRecord(r.snapshot) && 'messageId' in r;
  if (type === 'queue-operation') return typeof r.sessionId === 'string' && typeof r.operation === 'string';
  return false;
}
