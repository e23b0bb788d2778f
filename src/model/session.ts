import { z } from 'zod';

/** Where the session ran, as far as the source knows. */
export const GitInfo = z.object({
  branch: z.string().optional(),
  commit: z.string().optional(),
  endCommit: z.string().optional(),
  dirty: z.boolean().optional(),
  repository: z.string().optional(),
});
export type GitInfo = z.infer<typeof GitInfo>;

/** A link from a subagent session to the tool call that launched it. */
export const ParentLink = z.object({
  /** Agent (service) of the parent session; defaults to the child's agent. */
  agent: z.string().optional(),
  /** Session id of the parent. */
  sessionId: z.string(),
  /** Id of the tool call in the parent that launched this session, when known. */
  toolCallId: z.string().optional(),
  /**
   * True when the parent session's records are not among the inputs (an
   * orphan subagent): it then gets a trace of its own instead of pointing at
   * spans that are not written.
   */
  missing: z.boolean().optional(),
});
export type ParentLink = z.infer<typeof ParentLink>;

export const SessionMeta = z.object({
  /** The agent, used as `service.name`: `claude-code`, `codex`, `zag`, ... */
  agent: z.string().min(1),
  agentVersion: z.string().optional(),
  /** Name of the agent inside the session (a subagent's type, a named agent). */
  agentName: z.string().optional(),
  /** The model provider: `anthropic`, `openai`, `gcp.gemini`, ... */
  provider: z.string().optional(),
  model: z.string().optional(),
  cwd: z.string().optional(),
  git: GitInfo.optional(),
  os: z.string().optional(),
  arch: z.string().optional(),
  host: z.string().optional(),
  command: z.string().optional(),
  title: z.string().optional(),
  /** The user the source records as running the session (becomes `user.id`). */
  userId: z.string().optional(),
  parent: ParentLink.optional(),
  /**
   * The session's records are a copy kept by another session (Claude Code's
   * progress records of a subagent whose own file is missing): steps may be
   * missing, and its own file, when it shows up, replaces them.
   */
  rebuilt: z.boolean().optional(),
  /** Extra attributes for the root span (under the project's own prefix). */
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export type SessionMeta = z.infer<typeof SessionMeta>;
