import type { WarningSink } from '../../core/diagnostics.js';
import { isRecord, readJsonLines } from '../../core/json-lines.js';
import type { FileScan, ProgressGroup, SidechainGroup } from './prescan.js';
import { ClaudeProgressRecord } from './schema.js';

/** One record of a session, where it is, and the time to use when it has none. */
export interface SourceRecord {
  value: unknown;
  line: number;
  timeFallback?: unknown;
}

interface LineOptions {
  maxLineBytes?: number;
}

/** The session file's own records: everything but the inline sidechains. */
export async function* mainRecords(file: string, options: LineOptions, warn: WarningSink): AsyncGenerator<SourceRecord> {
  for await (const { value, line } of readJsonLines(file, warn, options)) {
    if (isRecord(value) && value.isSidechain === true) continue;
    yield { value, line };
  }
}

/** A subagent file: all of it. */
export async function* agentFileRecords(file: string, options: LineOptions, warn: WarningSink): AsyncGenerator<SourceRecord> {
  for await (const { value, line } of readJsonLines(file, warn, options)) yield { value, line };
}

/** One inline sidechain: only the lines between its first and last record are read. */
export async function* groupRecords(
  scan: FileScan,
  group: SidechainGroup,
  options: LineOptions,
  warn: WarningSink,
): AsyncGenerator<SourceRecord> {
  const from = { ...options, start: group.start.offset, startLine: group.start.line };
  for await (const { value, line } of readJsonLines(scan.file, warn, from)) {
    if (line > group.endLine) break;
    if (!isRecord(value) || value.isSidechain !== true) continue;
    const key = typeof value.uuid === 'string' ? value.uuid : `line:${line}`;
    if (scan.sidechainOf.get(key) === group) yield { value, line };
  }
}

/**
 * A subagent rebuilt from the parent's `agent_progress` records, used when its
 * own file is absent: each carries one step of the subagent (`data.message`),
 * which is read as a record of the subagent, with the session fields of the
 * progress record and, when the step has no timestamp, the progress record's.
 */
export async function* progressRecords(
  file: string,
  group: ProgressGroup,
  options: LineOptions,
  warn: WarningSink,
): AsyncGenerator<SourceRecord> {
  const from = { ...options, start: group.start.offset, startLine: group.start.line };
  for await (const { value, line } of readJsonLines(file, warn, from)) {
    if (line > group.endLine) break;
    if (!isRecord(value) || value.type !== 'progress' || !isRecord(value.data)) continue;
    const data = value.data;
    if (data.type !== 'agent_progress' || data.agentId !== group.agentId || !isRecord(data.message)) continue;
    // A progress record that does not fit is reported by the parent's conversion; its step is not reported again.
    if (!ClaudeProgressRecord.safeParse(value).success) continue;
    const step = {
      sessionId: value.sessionId,
      cwd: value.cwd,
      version: value.version,
      gitBranch: value.gitBranch,
      ...data.message,
      isSidechain: true,
      agentId: group.agentId,
    };
    yield { value: step, line, timeFallback: value.timestamp };
  }
}
