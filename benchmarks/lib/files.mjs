import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every file under `dir` (recursive), sorted. */
export async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

export async function tempDir(prefix) {
  return mkdtemp(join(tmpdir(), `agent-otel-bench-${prefix}-`));
}

export async function removeDir(dir) {
  await rm(dir, { recursive: true, force: true });
}

/** Reads files once so that every timed run starts with them in the page cache. */
export async function warmPageCache(files) {
  for (const file of files) {
    for await (const _ of createReadStream(file, { highWaterMark: 1 << 20 })) {
      // just read
    }
  }
}

const SPAN_ID = Buffer.from('"spanId":"');

/**
 * Spans in OTLP/JSON text: each span has exactly one `"spanId":"` key
 * (`parentSpanId` does not match: its S is upper case; agent-otel spans carry
 * no links). Works on agent-otel's JSONL and on the Collector's file exporter.
 */
export function countSpanIds(buffer, from = 0, to = buffer.length) {
  let n = 0;
  let at = buffer.indexOf(SPAN_ID, from);
  while (at !== -1 && at < to) {
    n++;
    at = buffer.indexOf(SPAN_ID, at + SPAN_ID.length);
  }
  return n;
}

/**
 * Spans in the JSONL files agent-otel wrote into a directory (its own
 * `agent-otel-*.jsonl` files only: not the `pending/` folder of the OTLP leg).
 */
export async function countSpansInDir(dir) {
  let n = 0;
  for (const name of (await readdir(dir)).sort()) {
    if (name.startsWith('agent-otel-') && name.endsWith('.jsonl')) n += await countSpansInFile(join(dir, name));
  }
  return n;
}

export async function countSpansInFile(file) {
  let n = 0;
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    // Keep the last few bytes: a key may straddle two chunks.
    const keep = SPAN_ID.length - 1;
    n += countSpanIds(buf, 0, Math.max(0, buf.length - keep));
    carry = buf.subarray(Math.max(0, buf.length - keep));
  }
  return n + countSpanIds(carry);
}
