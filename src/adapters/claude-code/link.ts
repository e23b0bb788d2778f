import type { ParentLink } from '../../model/session.js';
import type { SessionFacts, TaskCall } from './facts.js';
import type { Launch } from './prescan.js';

/** A subagent session of a unit, whatever its layout. */
export interface Subagent {
  facts: SessionFacts;
  /** The top-level session it belongs to (its records' `sessionId`). */
  root: string;
  agentId?: string;
  layout: 'inline' | 'file' | 'progress';
  /** The file its records are in. */
  file: string;
}

export interface LinkResult {
  parent?: ParentLink;
  /** The call that launched it, when found. */
  task?: TaskCall;
  /** How the link was found: for the docs and tests (`session`: no call matched, under the session root). */
  by?: 'agentId' | 'internal' | 'prompt' | 'time' | 'session';
  /** Why the parent is missing (reported as `subagent_unlinked`; `parent.missing` is set). */
  unlinked?: string;
}

/** Agents Claude Code starts on its own, with no Task call: `acompact-<hex>` (auto-compaction) and the like. */
export function internalAgentName(agentId: string | undefined): string | undefined {
  const m = agentId ? /^a([a-z_]+)-[0-9a-z]+$/i.exec(agentId) : null;
  return m?.[1];
}

/**
 * Finds the call that launched each subagent, by the best evidence first:
 * 1. the agent id named by the call's result (`toolUseResult.agentId`) or by
 *    `agent_progress` records (`data.agentId` + `parentToolUseID`);
 * 2. internal agents (auto-compaction): the session root, no call;
 * 3. the subagent's first prompt equals a Task input `prompt` (old inline
 *    sidechains carry no agent id);
 * 4. time order: the latest Task call made before the subagent's first record
 *    whose result, if any, came after it;
 * 5. no call matches (2.0.x "warmup" agents, started with the session's id and
 *    no Task call): the session root, when that session is among the inputs;
 *    otherwise the parent is marked missing and the subagent gets a trace of
 *    its own.
 * Each call launches at most one subagent. Subagents are linked in time order.
 */
export function linkSubagents(
  subagents: readonly Subagent[],
  tasks: readonly TaskCall[],
  launches: ReadonlyMap<string, Launch>,
  roots: ReadonlySet<string>,
): Map<Subagent, LinkResult> {
  const byCall = new Map(tasks.map((t) => [t.callId, t]));
  const results = new Map<Subagent, LinkResult>();
  const ordered = [...subagents].sort((a, b) => (a.facts.minTime ?? Infinity) - (b.facts.minTime ?? Infinity));
  const family = (sub: Subagent) => (t: TaskCall) =>
    !t.linked && t.owner !== sub.facts && t.owner.id !== undefined && (t.owner.id === sub.root || t.owner.id.startsWith(`${sub.root}/`));

  for (const sub of ordered) {
    const launch = sub.agentId !== undefined ? launches.get(sub.agentId) : undefined;
    if (launch?.owner.id !== undefined) {
      const task = byCall.get(launch.toolCallId);
      if (task) task.linked = true;
      results.set(sub, { parent: { sessionId: launch.owner.id, toolCallId: launch.toolCallId }, ...(task ? { task } : {}), by: 'agentId' });
      continue;
    }
    if (internalAgentName(sub.agentId) !== undefined && roots.has(sub.root)) {
      results.set(sub, { parent: { sessionId: sub.root }, by: 'internal' });
      continue;
    }
    const candidates = tasks.filter(family(sub));
    const start = sub.facts.minTime;
    const byPrompt = sub.facts.firstPromptKey !== undefined ? candidates.find((t) => t.promptKey === sub.facts.firstPromptKey) : undefined;
    const byTime =
      byPrompt || start === undefined
        ? undefined
        : candidates
            .filter((t) => t.time !== undefined && t.time <= start && (t.resultTime === undefined || t.resultTime >= start))
            .sort((a, b) => (b.time ?? 0) - (a.time ?? 0))[0];
    const task = byPrompt ?? byTime;
    if (task?.owner.id !== undefined) {
      task.linked = true;
      results.set(sub, { parent: { sessionId: task.owner.id, toolCallId: task.callId }, task, by: byPrompt ? 'prompt' : 'time' });
      continue;
    }
    if (roots.has(sub.root)) {
      // Warmup agents (2.0.x) and the like: started by Claude Code itself, with the session's id and no call.
      results.set(sub, { parent: { sessionId: sub.root }, by: 'session' });
      continue;
    }
    results.set(sub, {
      parent: { sessionId: sub.root, missing: true },
      unlinked: `its parent session ${sub.root} is not among the inputs`,
    });
  }
  return results;
}
