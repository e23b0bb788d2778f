#!/usr/bin/env node
/**
 * The floor of "a line written, its span in a file": `node naive-tail.mjs
 * <folder> <out>` subscribes to the folder with @parcel/watcher (as watch
 * does), and on each event reads the bytes appended to every file it knows
 * (and those the event names) since its last read and, for each complete line that holds a tool result, appends
 * at once one OTLP/JSON line with a span carrying the call's id to `out`. No
 * formats, no mapping, no state, no gathering of events: the least any
 * follower does. Prints `ready` once subscribed; ends on SIGTERM.
 */
import { appendFileSync, closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import watcher from '@parcel/watcher';
import { toolResultIds } from './tool-results.mjs';

const [folder, out] = process.argv.slice(2);
if (!folder || !out) throw new Error('usage: naive-tail.mjs <folder> <out>');
/** @type {Map<string, { offset: number, carry: string }>} */
const files = new Map();
const buf = Buffer.allocUnsafe(1 << 20);

function drain(file) {
  const at = files.get(file) ?? { offset: 0, carry: '' };
  files.set(file, at);
  let fd;
  try {
    fd = openSync(file, 'r');
  } catch {
    return;
  }
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, at.offset);
      if (n === 0) break;
      at.offset += n;
      const lines = (at.carry + buf.toString('utf8', 0, n)).split('\n');
      at.carry = lines.pop() ?? '';
      for (const line of lines) {
        for (const id of toolResultIds(line)) {
          const span = { spanId: id.slice(-16), attributes: [{ key: 'gen_ai.tool.call.id', value: { stringValue: id } }] };
          appendFileSync(out, `${JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] })}\n`);
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

const subscription = await watcher.subscribe(folder, (error, events) => {
  if (error) return;
  for (const path of new Set(events.filter((e) => e.type !== 'delete').map((e) => e.path))) visit(path);
  // Appends to a file in a folder created just before may bring no event of their own: every known file is read too.
  for (const file of files.keys()) drain(file);
});

/** A file is read; a new folder (its files may be written before it is watched) is read whole. */
function visit(path) {
  let info;
  try {
    info = statSync(path);
  } catch {
    return;
  }
  if (info.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  else if (path.endsWith('.jsonl')) drain(path);
}
console.log('ready');
process.once('SIGTERM', () => void subscription.unsubscribe().then(() => process.exit(0)));
