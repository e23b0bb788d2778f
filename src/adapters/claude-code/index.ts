import type { Adapter } from '../adapter.js';
import { detectClaudeCode } from './detect.js';
import { planClaudeCode } from './plan.js';
import { readClaudeCode } from './read.js';
import { AGENT } from './session-meta.js';

/**
 * Claude Code transcripts: `~/.claude/projects/<project>/<session>.jsonl`
 * with their subagents (inline sidechains, sibling `agent-*.jsonl`, or
 * `<session>/subagents/agent-*.jsonl`). Each subagent is a session of its own,
 * linked to the Task / Agent call that launched it.
 */
export const claudeCodeAdapter: Adapter = {
  format: 'claude-code',
  agent: AGENT,
  description: 'Claude Code transcripts (~/.claude/projects/**/*.jsonl) with their subagents',
  detect: detectClaudeCode,
  plan: planClaudeCode,
  read: readClaudeCode,
};
