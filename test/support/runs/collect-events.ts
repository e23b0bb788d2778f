import type { Adapter, SourceUnit } from '../../../src/adapters/adapter.js';
import type { Warning } from '../../../src/core/diagnostics.js';
import { probeFile } from '../../../src/adapters/probe.js';
import { walkInputs } from '../../../src/adapters/walk.js';
import { AgentEvent } from '../../../src/model/events.js';
import { normalizeUsage } from '../../../src/model/usage.js';

export { probeFile };

/** All regular files under the given files and folders, as the converter walks them. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const problems: string[] = [];
  const files = await walkInputs(paths, (w) => problems.push(`${w.file}: ${w.message}`));
  if (problems.length > 0) throw new Error(`walking ${paths.join(', ')}: ${problems.join('; ')}`);
  return files;
}

export interface Collected {
  events: AgentEvent[];
  warnings: Warning[];
  units: SourceUnit[];
  /** Files under the paths the adapter's `detect` refused. */
  rejected: string[];
}

export interface CollectOptions {
  /** Skip `detect` and hand every file to `plan` (default: detect first). */
  skipDetect?: boolean;
  maxLineBytes?: number;
  /** Validate every event against the canonical schema (default true). */
  validate?: boolean;
}

/**
 * Runs one adapter the way the converter does (with the converter's own walk
 * and probe): keeps the files its `detect` accepts, groups them with `plan`
 * (one unit per file without one) and reads every unit. Every event is checked against the canonical
 * `AgentEvent` schema; a mismatch throws, naming the event.
 */
export async function collectEvents(adapter: Adapter, paths: string[], options: CollectOptions = {}): Promise<Collected> {
  const warnings: Warning[] = [];
  const warn = (w: Warning): void => {
    warnings.push(w);
  };
  const files = await walkInputs(paths, warn);
  const claimed: string[] = [];
  const rejected: string[] = [];
  for (const file of files) {
    if (options.skipDetect || adapter.detect(probeFile(file))) claimed.push(file);
    else rejected.push(file);
  }
  const units = adapter.plan
    ? await adapter.plan(claimed, warn)
    : claimed.map((file): SourceUnit => ({ format: adapter.format, label: file, files: [file] }));
  const events: AgentEvent[] = [];
  for (const unit of units) {
    for await (const event of adapter.read(unit, { warn, maxLineBytes: options.maxLineBytes })) {
      if (options.validate !== false) {
        const checked = AgentEvent.safeParse(event);
        if (!checked.success) {
          throw new Error(`invalid ${event.type} event from ${unit.label}: ${checked.error.message}\n${JSON.stringify(event)}`);
        }
      }
      events.push(event);
    }
  }
  return { events, warnings, units, rejected };
}

/** The events of one type, typed. */
export function ofType<T extends AgentEvent['type']>(events: readonly AgentEvent[], type: T): Extract<AgentEvent, { type: T }>[] {
  return events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);
}

/** The events of one session. */
export function inSession(events: readonly AgentEvent[], sessionId: string): AgentEvent[] {
  return events.filter((e) => e.sessionId === sessionId);
}

export function starts(events: readonly AgentEvent[]): Extract<AgentEvent, { type: 'session.start' }>[] {
  return ofType(events, 'session.start');
}

/** Events of one session are contiguous and start with its session.start. */
export function sessionsAreContiguous(events: readonly AgentEvent[]): boolean {
  const seen = new Set<string>();
  let current: string | undefined;
  for (const e of events) {
    if (e.type === 'session.start') {
      if (seen.has(e.sessionId)) return false;
      seen.add(e.sessionId);
      current = e.sessionId;
    } else if (e.sessionId !== current) return false;
  }
  return true;
}

/** The model calls of `events` and their tokens added up in the semantic-convention reading (input includes cache). */
export function usageOf(events: readonly AgentEvent[]): { responses: number; input: number; output: number; cacheRead: number; cacheCreation: number } {
  const calls = ofType(events, 'model.call');
  const totals = calls.map((c) => normalizeUsage(c.usage ?? {}));
  const sum = (k: 'input' | 'output' | 'cacheRead' | 'cacheCreation') => totals.reduce((n, u) => n + u[k], 0);
  return { responses: calls.length, input: sum('input'), output: sum('output'), cacheRead: sum('cacheRead'), cacheCreation: sum('cacheCreation') };
}
