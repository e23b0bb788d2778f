import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ExportResultCode } from '@opentelemetry/core';
import type { Adapter, SourceUnit } from '../adapters/adapter.js';
import type { Warning, WarningSink } from '../core/diagnostics.js';
import { describeError } from '../core/errors.js';
import { exportSpans } from '../exporters/export-result.js';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { CostTally } from '../spans/cost-tally.js';
import type { MapperOptions } from '../spans/mapper.js';
import { ATTR_TOOL_INTERRUPTED } from '../spans/semconv.js';
import { compareMarks, markFile, type FileChange, type FileMark } from './file-horizon.js';
import type { SpanLedger } from './span-ledger.js';
import { mapUnit } from './unit-map.js';
import type { WatchState, UnitEntry } from './watch-state.js';

/** One unit followed by watch: its files, what was sent, and whether its sessions are over. */
export interface TrackedUnit {
  key: string;
  unit: SourceUnit;
  adapter: Adapter;
  entry: UnitEntry;
  /** Loaded while the unit is open; dropped once it is over. */
  ledger?: SpanLedger;
  /** When a change not mapped yet was first seen (for the lag). */
  changedAt?: number;
  /** Not mapped again before this time (ms since the epoch): see SessionWatch.follow. */
  notBefore?: number;
  /** When its folders were last listed for files no event announced. */
  scannedAt?: number;
}

/** What mapping a unit sent. */
export interface SendReport {
  sent: number;
  resent: number;
  failed: number;
  ended: boolean;
}

export interface SenderContext {
  exporter: SpanExporter;
  /** Adds up the cost of the chat spans sent. */
  cost?: CostTally;
  flush: () => Promise<void>;
  state: WatchState;
  mapper?: Omit<MapperOptions, 'warn'>;
  maxLineBytes?: number;
  warn: WarningSink;
}

export function unitKey(unit: SourceUnit): string {
  return `${unit.format}:${unit.label}`;
}

/** The marks of a unit's files now (files gone are left out); `whole` counts unterminated last lines. */
export async function markUnit(unit: SourceUnit, whole: boolean): Promise<Record<string, FileMark>> {
  const marks: Record<string, FileMark> = {};
  for (const file of unit.files) {
    const mark = await markFile(file, whole);
    if (mark) marks[file] = mark;
  }
  return marks;
}

/** How each file of the unit changed since it was last mapped ('same' files left out). */
export function changesOf(entry: UnitEntry, marks: Record<string, FileMark>): Map<string, FileChange | 'deleted'> {
  const changes = new Map<string, FileChange | 'deleted'>();
  for (const [file, mark] of Object.entries(marks)) {
    const change = compareMarks(file, entry.files[file], mark);
    if (change !== 'same') changes.set(file, change);
  }
  for (const file of Object.keys(entry.files)) if (!(file in marks)) changes.set(file, 'deleted');
  return changes;
}

/**
 * Maps a unit as its files stand and sends what its ledger has not seen:
 * the spans that are done, and with `final` (or when every session recorded
 * its end) the rest. The JSONL is flushed and the ledger saved before the
 * marks are recorded, so a crash at any point sends nothing twice that was
 * recorded, and loses nothing that was not. `seen` are the files' marks when
 * the caller has just taken them.
 */
export async function mapAndSend(
  tracked: TrackedUnit,
  ctx: SenderContext,
  final: boolean,
  seen?: Record<string, FileMark>,
): Promise<SendReport> {
  // The marks the caller just took serve, but not for the final map: that one reads unterminated last lines too.
  const marks = seen && !final ? seen : await markUnit(tracked.unit, final);
  const horizons = new Map(Object.entries(marks).map(([file, mark]) => [file, mark.horizon]));
  const ledger = (tracked.ledger ??= await ctx.state.ledger(tracked.key));
  const report: SendReport = { sent: 0, resent: 0, failed: 0, ended: false };
  const send = async (spans: ReadableSpan[]) => {
    const decision = ledger.decide(spans);
    if (decision.send.length === 0) return;
    const result = await exportSpans(ctx.exporter, decision.send);
    if (result.code === ExportResultCode.SUCCESS) {
      ledger.commit(decision);
      for (const span of decision.send) ctx.cost?.add(span);
      report.sent += decision.send.length;
      report.resent += decision.resent;
    } else {
      report.failed += decision.send.length;
      ctx.warn({ code: 'export_failed', file: tracked.unit.label, message: `spans not exported (${describeError(result.error)}); sent again at the next change` });
    }
  };
  // A warning about a line is a fact about that line: reported now. One about a whole file or session
  // (no messages yet, a subagent whose parent is not written yet) holds only once the unit is over.
  const held: Warning[] = [];
  const warn: WarningSink = (w) => (final || w.line !== undefined ? ctx.warn(w) : held.push(w));
  const result = await mapUnit(tracked.unit, tracked.adapter, horizons, {
    mapper: ctx.mapper,
    maxLineBytes: ctx.maxLineBytes,
    warn,
    final,
    emit: send,
  });
  report.ended = final || result.ended;
  if (!final && result.ended) {
    // A call the recorded end closed without a result waits for the idle timeout: the result may still come
    // (kaizen records the end in session.json while events.jsonl is still being written).
    // So does a response the adapter held when its input ran out (kaizen's Cost record may still follow it).
    const answered = result.held.filter((span) => span.attributes[ATTR_TOOL_INTERRUPTED] !== true && !result.open.has(span));
    await send(answered);
    report.ended = answered.length === result.held.length;
    if (report.ended) for (const w of held) ctx.warn(w);
  }
  await ctx.flush();
  await ctx.state.saveLedger(tracked.key, ledger);
  // A unit that could not all be sent keeps its old marks, so the next change maps it again.
  if (report.failed === 0) {
    tracked.entry.files = marks;
    tracked.entry.final = report.ended;
  }
  return report;
}
