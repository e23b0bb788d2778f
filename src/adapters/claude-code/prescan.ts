import { parseIsoTimestamp } from '../../model/time.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { isRecord, readJsonLines, type JsonLine } from '../../core/json-lines.js';
import { reportNotARecord } from '../record.js';
import { observe, promptKey, taskCall, type SessionFacts, type TaskCall } from './facts.js';

/** A subagent written inline in its parent's file (`isSidechain: true`; old versions). */
export interface SidechainGroup extends SessionFacts {
  key: string;
  start: { offset: number; line: number };
  endLine: number;
}

/** A subagent known only from the `agent_progress` records of its parent (its own file is absent). */
export interface ProgressGroup extends SessionFacts {
  agentId: string;
  start: { offset: number; line: number };
  endLine: number;
}

/** Where a subagent was launched: `toolUseResult.agentId` of the call's result, or `agent_progress` records. */
export interface Launch {
  toolCallId: string;
  /** The session the launching records are in. */
  owner: SessionFacts;
}

/**
 * What a first, streamed pass over one file learns before its events are
 * emitted: the session facts that `session.start` needs (the model comes from
 * the first response, the start from the earliest record), the Task/Agent
 * calls and subagent links, and where the inline subagents are. Memory holds
 * ids and small facts only, never content (prompts are kept as hashes).
 * This pass is the one that reports malformed lines and lines that are not
 * JSON objects.
 */
export interface FileScan {
  file: string;
  /** JSON lines read. */
  records: number;
  /** Record counts by `type`, for the report on files without messages. */
  types: Map<string, number>;
  /** The file's own session (inline sidechains excluded). */
  main: SessionFacts;
  title: string | undefined;
  tasks: Map<string, TaskCall>;
  launches: Map<string, Launch>;
  sidechains: SidechainGroup[];
  /** Inline sidechain record (by uuid, or `line:<n>` when it has none) -> its group. */
  sidechainOf: Map<string, SidechainGroup>;
  progress: Map<string, ProgressGroup>;
  /** The file's parsed lines (its first ones, up to the bytes asked), when the scan was asked to keep them for the conversion pass. */
  lines?: JsonLine[];
  /** Where the lines not kept start, when `lines` does not hold them all. */
  keptTo?: { offset: number; line: number };
}

const MAX_SUMMARIES = 1000;
/**
 * What a kept line holds instead of an object `toolUseResult`: still an
 * object, so that the parsed records keep their shapes (storing `undefined`
 * there made V8 widen the field and slowed the conversion by 5%).
 */
const DROPPED = Object.freeze({});

export async function scanFile(
  file: string,
  options: { inlineSidechains: boolean; warn: WarningSink; maxLineBytes?: number; keepBytes?: number },
): Promise<FileScan> {
  const scan: FileScan = {
    file,
    records: 0,
    types: new Map(),
    main: { messages: 0 },
    title: undefined,
    tasks: new Map(),
    launches: new Map(),
    sidechains: [],
    sidechainOf: new Map(),
    progress: new Map(),
    ...(options.keepBytes ? { lines: [] } : {}),
  };
  const summaries = new Map<string, string>();
  let customTitle: string | undefined;
  let summaryTitle: string | undefined;
  const lineOptions = options.maxLineBytes !== undefined ? { maxLineBytes: options.maxLineBytes } : {};
  const keepBytes = options.keepBytes ?? 0;

  for await (const parsed of readJsonLines(file, options.warn, lineOptions)) {
    let kept = false;
    if (scan.lines && scan.keptTo === undefined) {
      kept = parsed.offset + parsed.bytes <= keepBytes;
      if (kept) scan.lines.push(parsed);
      else scan.keptTo = { offset: parsed.offset, line: parsed.line };
    }
    const { value, line, offset } = parsed;
    scan.records++;
    const type = isRecord(value) && typeof value.type === 'string' ? value.type : '(not a record)';
    scan.types.set(type, (scan.types.get(type) ?? 0) + 1);
    if (!isRecord(value)) {
      reportNotARecord(value, { file, line }, options.warn); // here only: the conversion pass skips it silently
      continue;
    }
    const time = parseIsoTimestamp(value.timestamp) ?? parseIsoTimestamp(isRecord(value.snapshot) ? value.snapshot.timestamp : undefined);
    const uuid = typeof value.uuid === 'string' ? value.uuid : undefined;

    let facts: SessionFacts = scan.main;
    if (options.inlineSidechains && value.isSidechain === true) facts = sidechainGroup(scan, value, uuid, line, offset);
    observe(facts, value, time);

    if (type === 'summary' && typeof value.leafUuid === 'string' && typeof value.summary === 'string') {
      if (summaries.size < MAX_SUMMARIES) summaries.set(value.leafUuid, value.summary);
    } else if (type === 'custom-title' && typeof value.customTitle === 'string') customTitle = value.customTitle;
    if (uuid !== undefined && summaries.has(uuid)) summaryTitle = summaries.get(uuid);

    if (type === 'assistant') collectTasks(scan, facts, value, time);
    else if (type === 'user') collectResults(scan, facts, value, time);
    else if (type === 'progress') collectProgress(scan, facts, value, time, line, offset);
    // Past the scan, only a text `toolUseResult` is read (a failure's message). The object form repeats the
    // result, often the largest part of a line: a kept line does without it.
    if (kept && isRecord(value.toolUseResult)) value.toolUseResult = DROPPED;
  }
  scan.title = customTitle ?? summaryTitle;
  return scan;
}

function sidechainGroup(scan: FileScan, value: Record<string, unknown>, uuid: string | undefined, line: number, offset: number): SidechainGroup {
  const parent = typeof value.parentUuid === 'string' ? scan.sidechainOf.get(value.parentUuid) : undefined;
  const agentId = typeof value.agentId === 'string' ? value.agentId : undefined;
  let group = parent ?? (agentId ? scan.sidechains.find((g) => g.agentId === agentId) : undefined);
  if (!group) {
    group = { key: agentId ? `agent-${agentId}` : `sidechain-${uuid ?? `line${line}`}`, messages: 0, start: { offset, line }, endLine: line };
    scan.sidechains.push(group);
  }
  group.endLine = line;
  scan.sidechainOf.set(uuid ?? `line:${line}`, group);
  return group;
}

/** Task / Agent calls: the calls that can launch a subagent. */
function collectTasks(scan: FileScan, owner: SessionFacts, value: Record<string, unknown>, time: number | undefined): void {
  const content = isRecord(value.message) ? value.message.content : undefined;
  if (!Array.isArray(content)) return;
  for (const block of content) {
    const task = taskCall(block, owner, time);
    if (task && !scan.tasks.has(task.callId)) scan.tasks.set(task.callId, task);
  }
}

function collectResults(scan: FileScan, owner: SessionFacts, value: Record<string, unknown>, time: number | undefined): void {
  const content = isRecord(value.message) ? value.message.content : undefined;
  if (!Array.isArray(content)) return;
  const ids: string[] = [];
  for (const block of content) {
    if (isRecord(block) && block.type === 'tool_result' && typeof block.tool_use_id === 'string') ids.push(block.tool_use_id);
  }
  for (const id of ids) {
    const task = scan.tasks.get(id);
    if (task && task.resultTime === undefined) task.resultTime = time;
  }
  const agentId = isRecord(value.toolUseResult) ? value.toolUseResult.agentId : undefined;
  const callId = ids.find((id) => scan.tasks.has(id)) ?? ids[0];
  if (typeof agentId === 'string' && callId !== undefined) scan.launches.set(agentId, { toolCallId: callId, owner });
}

/** `agent_progress`: links a subagent to its call, and carries its steps (used when its file is absent). */
function collectProgress(
  scan: FileScan,
  owner: SessionFacts,
  value: Record<string, unknown>,
  time: number | undefined,
  line: number,
  offset: number,
): void {
  const data = value.data;
  if (!isRecord(data) || data.type !== 'agent_progress' || typeof data.agentId !== 'string') return;
  const agentId = data.agentId;
  if (typeof value.parentToolUseID === 'string' && !scan.launches.has(agentId)) {
    scan.launches.set(agentId, { toolCallId: value.parentToolUseID, owner });
  }
  let group = scan.progress.get(agentId);
  if (!group) {
    group = { agentId, messages: 0, start: { offset, line }, endLine: line };
    if (typeof data.prompt === 'string') group.firstPromptKey = promptKey(data.prompt);
    scan.progress.set(agentId, group);
  }
  group.endLine = line;
  const inner = isRecord(data.message) ? data.message : undefined;
  if (!inner) return;
  const innerTime = parseIsoTimestamp(inner.timestamp) ?? time;
  observe(group, { ...value, ...inner, agentId }, innerTime);
}
