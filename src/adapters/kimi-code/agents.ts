import { basename, extname } from 'node:path';
import type { ParentLink } from '../../model/session.js';
import { agentIdOf, sessionDirOf, sessionIdOfDir } from './layout.js';
import type { SessionState } from './schema.js';

export const MAIN_AGENT = 'main';

/** A wire file with the agent it holds. */
export interface AgentWire {
  file: string;
  agentId: string;
}

/** A subagent launch seen in a parent's Agent tool result (`agent_id: agent-0`). */
export interface Launch {
  parentAgentId: string;
  toolCallId: string;
}

/**
 * The agents of one session folder: their session ids (the main agent has the
 * session's id, a subagent `<session id>/<agent id>`), the order to read them
 * in (a parent before its children, so that its launching calls are known),
 * and where each subagent goes.
 */
export class SessionAgents {
  readonly sessionId: string;
  readonly wires: AgentWire[];
  private readonly launches = new Map<string, Launch>();

  constructor(
    wireFiles: readonly string[],
    private readonly state: SessionState | undefined,
  ) {
    const used = new Set<string>();
    const wires: AgentWire[] = [];
    for (const file of wireFiles) {
      let agentId = agentIdOf(file) ?? MAIN_AGENT;
      if (used.has(agentId)) agentId = basename(file, extname(file));
      used.add(agentId);
      wires.push({ file, agentId });
    }
    const depth = (id: string): number => this.depth(id);
    this.wires = wires.sort((a, b) => depth(a.agentId) - depth(b.agentId) || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
    const main = this.wires.find((w) => w.agentId === MAIN_AGENT) ?? this.wires[0];
    const dir = main ? sessionDirOf(main.file) : undefined;
    this.sessionId =
      state?.id ?? (dir !== undefined ? sessionIdOfDir(dir) : undefined) ?? (main ? basename(main.file, extname(main.file)) : 'kimi-code');
  }

  sessionIdOf(agentId: string): string {
    return agentId === MAIN_AGENT ? this.sessionId : `${this.sessionId}/${agentId}`;
  }

  /** Notes the subagents an Agent tool result names. */
  noteLaunch(childAgentId: string, launch: Launch): void {
    if (!this.launches.has(childAgentId)) this.launches.set(childAgentId, launch);
  }

  /**
   * Where a subagent goes: under the call that launched it when a parent's
   * tool result names it; else under the parent state.json names; else, when
   * its first prompt says a subagent launched it, under the main agent.
   */
  parentOf(agentId: string, launchedAsSubagent: boolean): ParentLink | undefined {
    if (agentId === MAIN_AGENT) return undefined;
    const launch = this.launches.get(agentId);
    if (launch) return { sessionId: this.sessionIdOf(launch.parentAgentId), toolCallId: launch.toolCallId };
    const parent = this.declaredParent(agentId) ?? (launchedAsSubagent ? MAIN_AGENT : undefined);
    if (parent === undefined) return undefined;
    const present = this.wires.some((w) => w.agentId === parent);
    return { sessionId: this.sessionIdOf(parent), ...(present ? {} : { missing: true }) };
  }

  private declaredParent(agentId: string): string | undefined {
    const entry = this.state?.agents?.[agentId];
    const label = entry?.labels?.parentAgentId;
    if (typeof label === 'string' && label !== '') return label;
    return entry?.parentAgentId ?? undefined;
  }

  /** How many parents state.json names above an agent (unknown agents after the known ones). */
  private depth(agentId: string): number {
    if (agentId === MAIN_AGENT) return 0;
    let depth = 0;
    const seen = new Set<string>();
    for (let at: string | undefined = agentId; at !== undefined && at !== MAIN_AGENT && !seen.has(at); at = this.declaredParent(at)) {
      seen.add(at);
      depth++;
    }
    return this.state?.agents?.[agentId] ? depth : depth + 100;
  }
}
