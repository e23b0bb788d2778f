import { closeSync, openSync, readSync } from 'node:fs';
import type { Probe } from './adapter.js';

export const PROBE_BYTES = 64 * 1024;
const PROBE_LINES = 8;
/** How many of the first lines a line-based detector looks at. */
const DETECT_LINES = 5;

/** Reads the first bytes of a file for format detection, without reading the rest (synchronously: see fileChunks). */
export function probeFile(path: string): Probe {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(PROBE_BYTES);
    const bytesRead = readSync(fd, buffer, 0, PROBE_BYTES, 0);
    return probeFromHead(path, buffer.subarray(0, bytesRead).toString('utf8'), bytesRead < PROBE_BYTES);
  } finally {
    closeSync(fd);
  }
}

/** True when one of the file's first lines passes `test` (a record of the format). */
export function someFirstLine(probe: Probe, test: (line: unknown) => boolean): boolean {
  return probe.lines.slice(0, DETECT_LINES).some(test);
}

/** Builds a probe from text already read; `complete` says the text is the whole file. */
export function probeFromHead(path: string, head: string, complete: boolean): Probe {
  const lines: unknown[] = [];
  const parts = head.split('\n');
  // The last part may be cut short by the probe size; use it only when the file ended there.
  const usable = complete ? parts : parts.slice(0, -1);
  for (const part of usable) {
    if (lines.length >= PROBE_LINES) break;
    const text = part.trim();
    if (text === '') continue;
    lines.push(tryParse(text));
  }
  const probe: Probe = { path, head, lines };
  if (complete) {
    const document = tryParse(head.trim());
    if (document !== undefined) probe.document = document;
  }
  return probe;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
