import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spanCallIds } from './tool-results.mjs';

/**
 * Follows OTLP/JSON lines as they are appended to a file (the Collector's
 * file exporter) or to the `agent-otel-*.jsonl` files of a folder (agent-otel's
 * JSONL, rotated), and records when the span of each tool call was first
 * seen: `performance.now()` right after the read that brought it, so a span is
 * never counted before it was in the file.
 */
export class ToolSpanTail {
  /** @param {string} target a file, or a folder with `dir` */
  constructor(target, { dir = false, intervalMs = 10 } = {}) {
    this.target = target;
    this.dir = dir;
    this.intervalMs = intervalMs;
    /** @type {Map<string, number>} call id -> when its span was first seen */
    this.seen = new Map();
    this.spans = 0;
    /** @type {Map<string, { offset: number, carry: string }>} */
    this.files = new Map();
    this.running = false;
    this.loop = Promise.resolve();
  }

  async paths() {
    if (!this.dir) return [this.target];
    const names = await readdir(this.target).catch(() => []);
    return names.filter((n) => n.startsWith('agent-otel-') && n.endsWith('.jsonl')).sort().map((n) => join(this.target, n));
  }

  async poll() {
    for (const file of await this.paths()) {
      const at = this.files.get(file) ?? { offset: 0, carry: '' };
      this.files.set(file, at);
      let handle;
      try {
        handle = await open(file, 'r');
      } catch {
        continue;
      }
      let text = '';
      try {
        const buf = Buffer.allocUnsafe(1 << 20);
        for (;;) {
          const { bytesRead } = await handle.read(buf, 0, buf.length, at.offset);
          if (bytesRead === 0) break;
          at.offset += bytesRead;
          text += buf.toString('utf8', 0, bytesRead);
        }
      } finally {
        await handle.close();
      }
      if (text === '') continue;
      const now = performance.now();
      const lines = (at.carry + text).split('\n');
      at.carry = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') continue;
        for (const id of spanCallIds(line)) {
          this.spans++;
          if (!this.seen.has(id)) this.seen.set(id, now);
        }
      }
    }
  }

  start() {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        await this.poll();
        await sleep(this.intervalMs);
      }
    })();
  }

  async stop() {
    this.running = false;
    await this.loop;
    await this.poll();
  }
}
