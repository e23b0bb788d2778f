import type { WarningSink } from '../../core/diagnostics.js';
import { isRecord, readJsonLines, type JsonLine } from '../../core/json-lines.js';
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

/**
 * The parsed lines of a scanned file from a line on: those the scan kept
 * (no second read and parse), then the rest read again. Lines the scan found
 * malformed are absent either way; `warn` gets them again on a re-read.
 */
async function* linesOf(
  scan: FileScan,
  options: LineOptions,
  warn: WarningSink,
  from?: { offset: number; line: number },
): AsyncGenerator<JsonLine> {
  let rest = from;
  if (scan.lines) {
    for (const l of scan.lines) if (from === undefined || l.line >= from.line) yield l;
    if (scan.keptTo === undefined) return;
    if (from === undefined || from.line < scan.keptTo.line) rest = scan.keptTo;
  }
  yield* readJsonLines(scan.file, warn, rest ? { ...options, start: rest.offset, startLine: rest.line } : options);
}

/** The session file's own records: everything but the inline sidechains. */
export async function* mainRecords(scan: FileScan, options: LineOptions, warn: WarningSink): AsyncGenerator<SourceRecord> {
  for await (const { value, line } of linesOf(scan, options, warn)) {
    if (isRecord(value) && value.isSidechain === true) continue;
    yield { value, line };
  }
}

/** A subagent file: all of it. */
export async function* agentFileRecords(scan: FileScan, options: LineOptions, warn: WarningSink): AsyncGenerator<SourceRecord> {
  for await (const { value, line } of linesOf(scan, options, warn)) yield { value, line };
}

/** One inline sidechain: only the lines between its first and last record are read. */
export async function* groupRecords(
  scan: FileScan,
  group: SidechainGroup,
  options: LineOptions,
  warn: WarningSink,
): AsyncGenerator<SourceRecord> {
  for await (const { value, line } of linesOf(scan, options, warn, group.start)) {
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
  scan: FileScan,
  group: ProgressGroup,
  options: LineOptions,
  warn: WarningSink,
): AsyncGenerator<SourceRecord> {
  for await (const { value, line } of linesOf(scan, options, warn, group.start)) {
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
