import type { Adapter, SourceUnit } from '../adapters/adapter.js';
import { readUnit } from '../adapters/read-unit.js';
import type { WarningSink } from '../core/diagnostics.js';
import { withReadView, type ReadView } from '../core/read-view.js';
import { traceIdFor } from '../spans/ids.js';
import { SpanMapper, type MapperOptions } from '../spans/mapper.js';
import { ATTR_GEN_AI_CONVERSATION_ID } from '../spans/semconv.js';
import type { SpanRecord } from '../spans/span-record.js';

export interface MapUnitOptions {
  mapper?: Omit<MapperOptions, 'warn'>;
  maxLineBytes?: number;
  warn: WarningSink;
  /** The unit is over: every span goes to `emit`, roots and calls left open included. */
  final: boolean;
  /** Takes the spans that are done, a batch at a time; mapping waits for it. */
  emit: (spans: SpanRecord[]) => Promise<void>;
  /** Spans per `emit` call (default 512). */
  batchSize?: number;
}

export interface UnitMapResult {
  /**
   * Spans held back (when not `final`): those made only because the input
   * ended (session roots, calls still open, a response that may go on),
   * those of a subagent whose parent is not among the files yet (its trace
   * changes once the parent shows up), and those of a session rebuilt from
   * another's copy of its records (its own file may still show up).
   */
  held: SpanRecord[];
  /**
   * Of `held`, the spans of records an adapter still held when its input ran
   * out (a response whose cost or last part may follow): they wait even when
   * the session recorded its end, as the file may still be written.
   */
  open: ReadonlySet<SpanRecord>;
  /** True when every session read recorded its own end. */
  ended: boolean;
}

/**
 * Maps a unit through its adapter and a mapper of its own, exactly as
 * `convert` does, with each file seen only up to its horizon. The same
 * files give the same spans with the same ids, so watch can map a unit again
 * whenever it grows and send only what is new (see SpanLedger).
 */
export async function mapUnit(
  unit: SourceUnit,
  adapter: Adapter,
  horizons: ReadonlyMap<string, number>,
  options: MapUnitOptions,
): Promise<UnitMapResult> {
  const { warn, final } = options;
  const view: ReadView = { horizons, atEnd: false };
  const mapper = new SpanMapper({ ...options.mapper, warn });
  mapper.format = unit.format;
  const batchSize = Math.max(1, options.batchSize ?? 512);
  const held: SpanRecord[] = [];
  const open = new Set<SpanRecord>();
  const orphanTraces = new Set<string>();
  const rebuilt = new Set<string>();
  const started = new Set<string>();
  const ended = new Set<string>();
  let batch: SpanRecord[] = [];
  const take = async (spans: SpanRecord[], settled: boolean) => {
    for (const span of spans) {
      const unsure = orphanTraces.has(span.spanContext().traceId) || rebuilt.has(String(span.attributes[ATTR_GEN_AI_CONVERSATION_ID]));
      if (final || (settled && !unsure)) batch.push(span);
      else held.push(span);
    }
    if (batch.length >= batchSize) {
      const out = batch;
      batch = [];
      await options.emit(out);
    }
  };
  await withReadView(view, async () => {
    for await (const event of readUnit(adapter, unit, { warn, maxLineBytes: options.maxLineBytes })) {
      if (event.type === 'session.start') {
        started.add(event.sessionId);
        // A subagent whose parent's records are missing gets a trace of its own until they show up.
        if (event.meta.parent?.missing === true) orphanTraces.add(traceIdFor(event.meta.agent, event.sessionId));
        // A session rebuilt from another's copy of its records is replaced by its own file when that shows up.
        if (event.meta.rebuilt === true) rebuilt.add(event.sessionId);
      } else if (event.type === 'session.end') ended.add(event.sessionId);
      // What an adapter emits after its reader ran out of input closes what was open at the end: not settled;
      // nor is a call a record still to come may replace.
      const settled = !view.atEnd && !(event.type === 'model.call' && event.provisional === true);
      const spans = mapper.push(event);
      if (!settled) for (const span of spans) open.add(span);
      await take(spans, settled);
    }
  });
  await take(mapper.finish(), false);
  if (batch.length > 0) await options.emit(batch);
  return { held, open, ended: started.size > 0 && [...started].every((id) => ended.has(id)) };
}
