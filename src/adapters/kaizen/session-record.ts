import type { SessionMeta } from '../../model/session.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { readJsonDocument } from '../json-document.js';
import { KaizenSessionRecord } from './schema.js';

/** Reads `session.json` (one small JSON document, read whole). Unreadable: a warning, and undefined. */
export async function readSessionRecord(file: string, warn: WarningSink): Promise<KaizenSessionRecord | undefined> {
  return readJsonDocument(file, KaizenSessionRecord, warn, { code: 'invalid_session_record', what: 'session record not readable', outcome: 'ignored' });
}

/**
 * The agent kaizen watched (`claude`, `codex`, `cursor`, ...) is the service; kaizen itself when unknown.
 * `known`: the sessions among the inputs; a parent not among them is marked missing.
 */
export function kaizenSessionMeta(record: KaizenSessionRecord | undefined, known?: ReadonlySet<string>): SessionMeta {
  const meta: SessionMeta = { agent: record?.agent || 'kaizen' };
  if (!record) return meta;
  if (record.agent_version) meta.agentVersion = record.agent_version;
  if (record.model) meta.model = record.model;
  if (record.workspace) meta.cwd = record.workspace;
  if (record.os) meta.os = record.os;
  if (record.arch) meta.arch = record.arch;
  const git: NonNullable<SessionMeta['git']> = {};
  if (record.branch) git.branch = record.branch;
  if (record.start_commit) git.commit = record.start_commit;
  if (record.end_commit) git.endCommit = record.end_commit;
  if (typeof record.dirty_start === 'boolean') git.dirty = record.dirty_start;
  if (Object.keys(git).length > 0) meta.git = git;
  if (record.parent_session_id) {
    const missing = known !== undefined && !known.has(record.parent_session_id);
    meta.parent = { sessionId: record.parent_session_id, ...(missing ? { missing } : {}) };
  }
  const attributes: Record<string, unknown> = {};
  const put = (key: string, value: unknown): void => {
    if (value !== undefined && value !== null) attributes[key] = value;
  };
  put('kaizen.status', record.status);
  put('kaizen.dirty_end', record.dirty_end);
  put('kaizen.repo_binding_source', record.repo_binding_source);
  put('kaizen.prompt_fingerprint', record.prompt_fingerprint);
  put('kaizen.repo_file_count', record.repo_file_count);
  put('kaizen.repo_total_loc', record.repo_total_loc);
  if (Object.keys(attributes).length > 0) meta.attributes = attributes;
  return meta;
}
