import type { AgentEvent } from '../../model/events.js';
import type { SessionMeta } from '../../model/session.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { readJsonDocument } from '../json-document.js';
import { SessionConverter } from './convert.js';
import type { SessionFacts } from './facts.js';
import { internalAgentName, type LinkResult, type Subagent } from './link.js';
import type { SourceRecord } from './passes.js';
import type { FileScan } from './prescan.js';
import { ClaudeAgentMeta } from './schema.js';
import { SessionState } from './session-state.js';

export const AGENT = 'claude-code';

/**
 * Streams one session: `session.start` (time: the earliest record), then the
 * events of its records. A session with no user or assistant record, or with
 * no timestamp at all, is reported and not emitted. Claude Code records no
 * session end, so no `session.end` is emitted.
 */
export async function* emitSession(
  scan: FileScan,
  facts: SessionFacts,
  meta: SessionMeta,
  records: AsyncIterable<SourceRecord>,
  warn: WarningSink,
): AsyncGenerator<AgentEvent> {
  const sessionId = facts.id ?? facts.sessionId ?? scan.file;
  if (scan.records === 0 && facts === scan.main) {
    warn({ code: 'empty_file', file: scan.file, message: 'file holds no records; nothing to convert' });
    return;
  }
  if (facts.messages === 0) {
    const kinds = [...scan.types].map(([type, n]) => `${n} ${type}`).join(', ');
    warn({
      code: 'no_messages',
      file: scan.file,
      message: `session ${sessionId} has no user or assistant records (${kinds}); not converted`,
    });
    return;
  }
  if (facts.minTime === undefined) {
    warn({ code: 'missing_time', file: scan.file, message: `session ${sessionId}: no record has a timestamp; not converted` });
    return;
  }
  yield { type: 'session.start', sessionId, time: facts.minTime, meta };
  const converter = new SessionConverter(new SessionState(sessionId, scan.file, facts.minTime, warn));
  for await (const r of records) yield* converter.record(r.value, r.line, r.timeFallback);
  yield* converter.finish();
}

/** The meta a session's records give: version, model of the first response, cwd, branch. */
function baseMeta(facts: SessionFacts): SessionMeta {
  return {
    agent: AGENT,
    provider: 'anthropic',
    ...(facts.version ? { agentVersion: facts.version } : {}),
    ...(facts.model ? { model: facts.model } : {}),
    ...(facts.cwd ? { cwd: facts.cwd } : {}),
    ...(facts.gitBranch ? { git: { branch: facts.gitBranch } } : {}),
  };
}

export function mainMeta(scan: FileScan): SessionMeta {
  return { ...baseMeta(scan.main), ...(scan.title ? { title: scan.title } : {}) };
}

/**
 * A subagent's meta: its type (from `.meta.json`, else the Task input's
 * `subagent_type`, else the internal agent's name such as `compact`), the
 * Task's description as title, and the link to the launching call.
 */
export function subagentMeta(sub: Subagent, link: LinkResult, agentMeta: ClaudeAgentMeta | undefined): SessionMeta {
  const agentName = agentMeta?.agentType ?? link.task?.subagentType ?? internalAgentName(sub.agentId);
  const title = link.task?.description ?? agentMeta?.description;
  return {
    ...baseMeta(sub.facts),
    ...(agentName ? { agentName } : {}),
    ...(title ? { title } : {}),
    ...(link.parent ? { parent: link.parent } : {}),
  };
}

/** `agent-<id>.meta.json`: a small single JSON document, read whole. */
export async function readAgentMeta(file: string, warn: WarningSink): Promise<ClaudeAgentMeta | undefined> {
  return readJsonDocument(file, ClaudeAgentMeta, warn, { code: 'invalid_json', what: 'subagent meta file is not readable JSON', outcome: 'ignored' });
}
