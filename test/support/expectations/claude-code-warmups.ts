import { basename } from 'node:path';
import { isObj, rawLines, usageByResponse, sum, walk, type RawLine, type Totals } from './claude-code-raw.js';
import { str } from './raw-lines.js';

/**
 * Claude Code subagents with no launching call among the raw files of a
 * folder: "warmup" agents of 2.0.x (started with the session's id and no Task
 * call), and subagents whose session's transcript is missing (their call
 * cannot be seen). Read plainly: an `agent-<id>.jsonl` file with messages
 * whose id no Task/Agent result (`toolUseResult.agentId`) or `agent_progress`
 * record names, and that is not an auto-compaction agent (`acompact-*`).
 */
export interface RawWarmup {
  file: string;
  agentId: string;
  /** The `sessionId` its records carry: the session it belongs to. */
  sessionId: string;
  /** Whether that session's own transcript (with messages) is in the folder. */
  parentPresent: boolean;
}

const AGENT_FILE = /^agent-(.+)\.jsonl$/;
const isMessage = (r: RawLine) => r.value.type === 'user' || r.value.type === 'assistant';
const sessionOf = (lines: readonly RawLine[]) => str(lines.find((r) => typeof r.value.sessionId === 'string')?.value.sessionId);

export function rawWarmups(dir: string): RawWarmup[] {
  const byFile = new Map(walk(dir).filter((f) => f.endsWith('.jsonl')).map((f) => [f, rawLines(f)]));
  const named = new Set<string>();
  for (const { value: v } of [...byFile.values()].flat()) {
    if (isObj(v.toolUseResult) && typeof v.toolUseResult.agentId === 'string') named.add(v.toolUseResult.agentId);
    if (v.type === 'progress' && isObj(v.data) && typeof v.data.agentId === 'string') named.add(v.data.agentId);
  }
  const mains = new Set<string>();
  for (const [file, lines] of byFile) {
    const sid = sessionOf(lines);
    if (!AGENT_FILE.test(basename(file)) && lines.some(isMessage) && sid !== undefined) mains.add(sid);
  }
  const out: RawWarmup[] = [];
  for (const [file, lines] of byFile) {
    const fromName = AGENT_FILE.exec(basename(file))?.[1];
    const sessionId = sessionOf(lines);
    if (fromName === undefined || sessionId === undefined || !lines.some(isMessage)) continue;
    const agentId = str(lines.find((r) => typeof r.value.agentId === 'string')?.value.agentId) ?? fromName;
    if (named.has(agentId) || agentId.startsWith('acompact-')) continue;
    out.push({ file, agentId, sessionId, parentPresent: mains.has(sessionId) });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * A session's tokens as ccusage counts them: every assistant record of every
 * file whose records carry the session's id (its transcript, inline
 * sidechains, sibling agent files, warmups included), once per `message.id`.
 */
export function sessionTokens(dir: string, sessionId: string): Totals {
  const lines = walk(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => rawLines(f))
    .filter((r) => r.value.sessionId === sessionId);
  return sum(usageByResponse(lines).values());
}
