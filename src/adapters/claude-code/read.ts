import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { horizonFor } from '../../core/read-view.js';
import type { AgentEvent } from '../../model/events.js';
import type { ReadContext, SourceUnit } from '../adapter.js';
import type { WarningSink } from '../../core/diagnostics.js';
import type { TaskCall } from './facts.js';
import { agentIdFromName, classifyFiles, metaPathFor, subfolderRoot } from './layout.js';
import { linkSubagents, type Subagent } from './link.js';
import { scanFile, type FileScan, type Launch } from './prescan.js';
import { agentFileRecords, groupRecords, mainRecords, progressRecords, type SourceRecord } from './passes.js';
import { emitSession, mainMeta, readAgentMeta, subagentMeta } from './session-meta.js';

const silent: WarningSink = () => undefined;

/**
 * Bytes of a unit's files whose parsed lines the scan keeps for the
 * conversion pass, so that they are read and parsed once; the rest is read
 * again (memory stays bounded).
 */
const KEEP_BYTES = 2 * 1024 * 1024;

/**
 * How many of each file's first bytes the scan keeps the lines of: whole
 * files while they fit in the unit's budget, then what is left of it for the
 * first file that did not fit. None for files read through a watch's read
 * view, which tells the spans of records from those made at the end of the
 * input by the line reader that runs: the conversion pass must read them.
 */
function keepPlan(files: readonly string[], budget: number): Map<string, number> {
  const plan = new Map<string, number>();
  let left = budget;
  const larger: string[] = [];
  for (const file of files) {
    if (horizonFor(file).view !== undefined) continue;
    const size = sizeOf(file);
    if (size > left) larger.push(file);
    else {
      plan.set(file, size);
      left -= size;
    }
  }
  const [first] = larger;
  if (first !== undefined && left > 0) plan.set(first, left);
  return plan;
}

/** A file's size; Infinity when it cannot be read (the scan then reports why). */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return Infinity;
  }
}

/**
 * Reads one unit: a session file, then its subagents (inline sidechains,
 * subagents rebuilt from progress records, subagent files). Every file is
 * first scanned (streamed) for the facts `session.start` needs and for the
 * subagent links; the second pass converts, from the lines the scan kept
 * (small files) or by reading the file again. Malformed lines are reported
 * by the scan only, so each is reported once.
 */
export function readClaudeCode(unit: SourceUnit, ctx: ReadContext): AsyncGenerator<AgentEvent> {
  return readKeeping(unit, ctx, KEEP_BYTES);
}

/** readClaudeCode with the scan keeping the lines of files up to `keepBytes` in all (0: every file is read twice). */
export async function* readKeeping(unit: SourceUnit, ctx: ReadContext, keepBytes: number): AsyncGenerator<AgentEvent> {
  const { mains, agents, metas } = classifyFiles(unit.files);
  const lineOptions = ctx.maxLineBytes !== undefined ? { maxLineBytes: ctx.maxLineBytes } : {};
  const scanOptions = { warn: ctx.warn, ...lineOptions };
  const keep = keepPlan([...mains, ...agents], keepBytes);
  const mainScans: FileScan[] = [];
  for (const file of mains) mainScans.push(await scanFile(file, { inlineSidechains: true, keepBytes: keep.get(file) ?? 0, ...scanOptions }));
  const agentScans: FileScan[] = [];
  for (const file of agents) agentScans.push(await scanFile(file, { inlineSidechains: false, keepBytes: keep.get(file) ?? 0, ...scanOptions }));

  const roots = new Set<string>();
  const subagents: Subagent[] = [];
  const agentIds = new Set<string>();
  for (const scan of agentScans) {
    const root = scan.main.sessionId ?? subfolderRoot(scan.file) ?? 'unknown-session';
    const agentId = scan.main.agentId ?? agentIdFromName(scan.file);
    scan.main.id = `${root}/agent-${agentId}`;
    agentIds.add(agentId);
    subagents.push({ facts: scan.main, root, agentId, layout: 'file', file: scan.file });
  }
  const inlineAndProgress: Subagent[] = [];
  for (const scan of mainScans) {
    const id = scan.main.sessionId ?? basename(scan.file, '.jsonl');
    scan.main.id = id;
    if (scan.main.messages > 0) roots.add(id);
    for (const g of scan.sidechains) {
      if (g.agentId !== undefined && agentIds.has(g.agentId)) continue;
      g.id = g.agentId !== undefined ? `${id}/agent-${g.agentId}` : `${id}/${g.key}`;
      inlineAndProgress.push({ facts: g, root: id, ...(g.agentId ? { agentId: g.agentId } : {}), layout: 'inline', file: scan.file });
    }
    for (const p of scan.progress.values()) {
      if (agentIds.has(p.agentId) || scan.sidechains.some((g) => g.agentId === p.agentId)) continue;
      p.id = `${id}/agent-${p.agentId}`;
      inlineAndProgress.push({ facts: p, root: id, agentId: p.agentId, layout: 'progress', file: scan.file });
    }
  }
  subagents.unshift(...inlineAndProgress);

  const all = [...mainScans, ...agentScans];
  const tasks: TaskCall[] = all.flatMap((s) => [...s.tasks.values()]);
  const launches = new Map<string, Launch>();
  for (const scan of all) for (const [agentId, launch] of scan.launches) if (!launches.has(agentId)) launches.set(agentId, launch);
  const links = linkSubagents(subagents, tasks, launches, roots);

  for (const scan of mainScans) {
    yield* emitSession(scan, scan.main, mainMeta(scan), mainRecords(scan, lineOptions, silent), ctx.warn);
  }
  for (const sub of subagents) {
    const link = links.get(sub) ?? {};
    const scan = all.find((s) => s.file === sub.file);
    if (!scan) continue;
    if (link.unlinked !== undefined) {
      ctx.warn({
        code: 'subagent_unlinked',
        file: sub.file,
        message: `subagent ${sub.facts.id ?? sub.file}: ${link.unlinked}; converted in a trace of its own`,
      });
    }
    if (sub.layout === 'progress') {
      ctx.warn({
        code: 'subagent_partial',
        file: sub.file,
        message:
          `subagent ${sub.facts.id ?? ''}: its transcript file is absent; rebuilt from the parent's ` +
          'agent_progress records (steps the parent did not copy are missing)',
      });
    }
    const metaFile = sub.layout === 'file' && metas.has(metaPathFor(sub.file)) ? metaPathFor(sub.file) : undefined;
    const agentMeta = metaFile ? await readAgentMeta(metaFile, ctx.warn) : undefined;
    const meta = { ...subagentMeta(sub, link, agentMeta), ...(sub.layout === 'progress' ? { rebuilt: true } : {}) };
    yield* emitSession(scan, sub.facts, meta, recordsOf(sub, scan, lineOptions), ctx.warn);
  }
}

function recordsOf(sub: Subagent, scan: FileScan, lineOptions: { maxLineBytes?: number }): AsyncIterable<SourceRecord> {
  if (sub.layout === 'file') return agentFileRecords(scan, lineOptions, silent);
  if (sub.layout === 'inline') {
    const group = scan.sidechains.find((g) => g === sub.facts);
    if (group) return groupRecords(scan, group, lineOptions, silent);
  }
  const progress = sub.agentId !== undefined ? scan.progress.get(sub.agentId) : undefined;
  if (progress) return progressRecords(scan, progress, lineOptions, silent);
  return (async function* () {})();
}
