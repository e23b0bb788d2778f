import type { GitInfo, SessionMeta } from '../../model/session.js';
import { isRecord } from '../../core/json-lines.js';
import { SessionMetaPayload, ThreadSpawnSource } from './schema.js';

/** Where a thread came from, read from `session_meta.source` and its lineage fields. */
export interface ThreadOrigin {
  /** `cli`, `vscode`, `exec`, `subagent:thread_spawn`, `subagent:review`, `subagent:other:guardian`, ... */
  source?: string;
  subagent: boolean;
  /** The thread that spawned this one (sub-agents only). */
  parentThreadId?: string;
  /** The thread whose history this one copied (forks and forked sub-agents). */
  forkedFrom?: string;
  depth?: number;
  nickname?: string;
  role?: string;
  path?: string;
}

/**
 * Reads the lineage of a thread. Codex writes `source` as a plain string for
 * top-level threads and as `{"subagent": ...}` for sub-agents: `"review"`,
 * `"compact"`, `{"other": "guardian"}`, or `{"thread_spawn": {parent_thread_id,
 * depth, agent_nickname, agent_role, agent_path}}` for threads started by the
 * `spawn_agent` tool. Some versions also write `parent_thread_id`,
 * `agent_nickname` and `agent_role` flat on the payload.
 */
export function originOf(meta: SessionMetaPayload): ThreadOrigin {
  const origin: ThreadOrigin = { subagent: false };
  const source = meta.source;
  let spawn: ThreadSpawnSource | undefined;
  if (typeof source === 'string') {
    origin.source = source;
  } else if (isRecord(source)) {
    const [kind, value] = Object.entries(source)[0] ?? [];
    if (kind === 'subagent') {
      origin.subagent = true;
      if (typeof value === 'string') {
        origin.source = `subagent:${value}`;
      } else if (isRecord(value)) {
        const [sub, detail] = Object.entries(value)[0] ?? [];
        origin.source = typeof detail === 'string' ? `subagent:${sub}:${detail}` : `subagent:${sub}`;
        if (sub === 'thread_spawn') spawn = ThreadSpawnSource.safeParse(detail).data;
      } else {
        origin.source = 'subagent';
      }
    } else if (kind !== undefined) {
      origin.source = typeof value === 'string' ? `${kind}:${value}` : kind;
    }
  }
  const parent = spawn?.parent_thread_id ?? meta.parent_thread_id ?? undefined;
  if (parent) {
    origin.parentThreadId = parent;
    origin.subagent = true;
  }
  if (meta.forked_from_id) origin.forkedFrom = meta.forked_from_id;
  // A spawned thread forked with the parent's context names the parent only as `forked_from_id`.
  if (origin.subagent && !origin.parentThreadId && origin.forkedFrom) origin.parentThreadId = origin.forkedFrom;
  const depth = spawn?.depth ?? undefined;
  if (typeof depth === 'number') origin.depth = depth;
  const nickname = meta.agent_nickname ?? spawn?.agent_nickname ?? undefined;
  const role = meta.agent_role ?? spawn?.agent_role ?? undefined;
  const path = meta.agent_path ?? spawn?.agent_path ?? undefined;
  if (nickname) origin.nickname = nickname;
  if (role) origin.role = role;
  if (path) origin.path = path;
  return origin;
}

/** The canonical session meta of a `session_meta` record (or pre-envelope header). */
export function sessionMetaOf(
  meta: SessionMetaPayload | undefined,
  origin: ThreadOrigin,
  model: string | undefined,
  parentCallId: string | undefined,
): SessionMeta {
  const out: SessionMeta = { agent: 'codex', provider: meta?.model_provider || 'openai' };
  if (meta?.cli_version) out.agentVersion = meta.cli_version;
  if (model) out.model = model;
  if (meta?.cwd) out.cwd = meta.cwd;
  const git = gitOf(meta);
  if (git) out.git = git;
  const name = origin.role ?? origin.nickname ?? (origin.source?.startsWith('subagent:') ? origin.source.split(':')[1] : undefined);
  if (name) out.agentName = name;
  if (origin.parentThreadId) {
    out.parent = { sessionId: origin.parentThreadId, ...(parentCallId ? { toolCallId: parentCallId } : {}) };
  }
  const attributes: Record<string, unknown> = {};
  if (meta?.originator) attributes['codex.originator'] = meta.originator;
  if (origin.source) attributes['codex.source'] = origin.source;
  if (origin.forkedFrom) attributes['codex.forked_from_id'] = origin.forkedFrom;
  if (origin.nickname) attributes['codex.agent_nickname'] = origin.nickname;
  if (origin.path) attributes['codex.agent_path'] = origin.path;
  if (origin.depth !== undefined) attributes['codex.subagent_depth'] = origin.depth;
  if (Object.keys(attributes).length > 0) out.attributes = attributes;
  return out;
}

function gitOf(meta: SessionMetaPayload | undefined): GitInfo | undefined {
  const git = meta?.git;
  if (!git) return undefined;
  const out: GitInfo = {};
  if (git.branch) out.branch = git.branch;
  if (git.commit_hash) out.commit = git.commit_hash;
  if (git.repository_url) out.repository = git.repository_url;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The instructions a session started with (`instructions`, or `base_instructions.text` in newer versions). */
export function instructionsOf(meta: SessionMetaPayload): string | undefined {
  if (meta.instructions) return meta.instructions;
  const base = meta.base_instructions;
  if (typeof base === 'string') return base || undefined;
  return base?.text || undefined;
}

/** The thread id in a rollout file name: `rollout-2025-10-21T20-02-50-<uuid>.jsonl`. */
export function idFromFileName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const uuid = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl?$/i.exec(base);
  return uuid?.[1] ?? base.replace(/\.jsonl?$/i, '');
}
