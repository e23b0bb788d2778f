import { basename } from 'node:path';

/** A rotated event file: `<YYYYMMDDTHHMMSSZ>-chat-events-<start:020>-<end:020>.jsonl`. */
export interface RotatedFile {
  path: string;
  /** Byte offset of the file's first event in the session's stream. */
  start: bigint;
  end: bigint;
  /** The stamp in the name (when the file was named), for ties. */
  stamp: string;
}

const NAME = /^(\d{8}T\d{6}Z)-chat-events-(\d+)-(\d+)\.jsonl$/;

export function parseRotatedName(path: string): RotatedFile | undefined {
  const m = NAME.exec(basename(path));
  if (!m) return undefined;
  return { path, stamp: m[1]!, start: BigInt(m[2]!), end: BigInt(m[3]!) };
}

/**
 * Orders a session's files as one stream: by start offset, then end offset,
 * then the name's time stamp. Files whose names do not follow the pattern come
 * after, in name order. (Offsets are 20 digits: compared as big integers.)
 */
export function orderRotated(paths: string[]): string[] {
  const named: RotatedFile[] = [];
  const other: string[] = [];
  for (const path of paths) {
    const parsed = parseRotatedName(path);
    if (parsed) named.push(parsed);
    else other.push(path);
  }
  named.sort((a, b) => cmp(a.start, b.start) || cmp(a.end, b.end) || a.stamp.localeCompare(b.stamp) || a.path.localeCompare(b.path));
  return [...named.map((f) => f.path), ...other.sort()];
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
