/**
 * Names of the files written in directory mode:
 * `agent-otel-<UTC yyyymmddThhmmssZ>-<pid>-<seq>.jsonl`. Names sort by creation
 * time (to the second, then by sequence within one process) and are unique per
 * process: the sequence is shared by every exporter in the process, and a name
 * that already exists is never reused (files are created exclusively).
 */
export const FILE_PREFIX = 'agent-otel-';
export const FILE_SUFFIX = '.jsonl';

/** A glob matching the files, e.g. for the Collector's `otlpjsonfile` receiver `include`. */
export const FILE_GLOB = `${FILE_PREFIX}*${FILE_SUFFIX}`;

let sequence = 0;

/** The next sequence number of this process (1, 2, ...). */
export function nextSequence(): number {
  sequence += 1;
  return sequence;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `20240501T093005Z`: a compact, fixed-width, sortable UTC timestamp. */
export function compactUtc(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}` +
    `T${pad(date.getUTCHours(), 2)}${pad(date.getUTCMinutes(), 2)}${pad(date.getUTCSeconds(), 2)}Z`
  );
}

export function rotatedFileName(date: Date, pid: number, seq: number): string {
  return `${FILE_PREFIX}${compactUtc(date)}-${pid}-${pad(seq, 6)}${FILE_SUFFIX}`;
}
