import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Adapter, Probe, SourceUnit } from '../../src/adapters/adapter.js';
import type { Warning } from '../../src/adapters/diagnostics.js';
import { AgentEvent } from '../../src/model/events.js';

const HEAD_BYTES = 64 * 1024;

/** Builds the probe an adapter's `detect` sees: the first 64 KiB, its complete lines as JSON, the whole as JSON. */
export async function probeFile(path: string): Promise<Probe> {
  const handle = await open(path, 'r');
  let head: string;
  let complete: boolean;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead).toString('utf8');
    complete = bytesRead < HEAD_BYTES;
  } finally {
    await handle.close();
  }
  const parts = head.split('\n');
  // Without a final line break, the last line may be cut by the head's limit.
  if (!complete || !head.endsWith('\n')) parts.pop();
  const lines = parts.filter((l) => l.trim() !== '').map((l) => tryParse(l));
  const probe: Probe = { path, head, lines };
  if (complete) {
    const document = tryParse(head);
    if (document !== undefined) probe.document = document;
  }
  return probe;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** All regular files under the given files and folders, sorted by path. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (path: string): Promise<void> => {
    const info = await stat(path);
    if (info.isDirectory()) {
      for (const name of (await readdir(path)).sort()) await walk(join(path, name));
    } else if (info.isFile()) {
      out.push(path);
    }
  };
  for (const path of paths) await walk(path);
  return [...new Set(out)].sort();
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
 * Runs an adapter the way the converter does: expands folders, keeps the files
 * its `detect` accepts, groups them with `plan` (one unit per file without
 * one) and reads every unit. Every event is checked against the canonical
 * `AgentEvent` schema; a mismatch throws, naming the event.
 */
export async function collectEvents(adapter: Adapter, paths: string[], options: CollectOptions = {}): Promise<Collected> {
  const warnings: Warning[] = [];
  const warn = (w: Warning): void => {
    warnings.push(w);
  };
  const files = await expandPaths(paths);
  const claimed: string[] = [];
  const rejected: string[] = [];
  for (const file of files) {
    if (options.skipDetect || adapter.detect(await probeFile(file))) claimed.push(file);
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
export function ofType<T extends AgentEvent['type']>(events: AgentEvent[], type: T): Extract<AgentEvent, { type: T }>[] {
  return events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);
}
