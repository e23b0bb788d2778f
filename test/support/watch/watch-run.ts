import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Warning } from '../../../src/core/diagnostics.js';
import { JsonlFileExporter } from '../../../src/exporters/jsonl/jsonl-file-exporter.js';
import { watch, type WatchEvent, type WatchHandle, type WatchOptions } from '../../../src/watch/watch.js';

/** A watch in this process writing JSONL to `<dir>/out`, its state in `<dir>/state`. */
export interface WatchRun {
  handle: WatchHandle;
  out: string;
  warnings: Warning[];
  events: WatchEvent[];
  stop(): Promise<void>;
}

export async function startWatch(dir: string, inputs: string[], options: Partial<WatchOptions> = {}): Promise<WatchRun> {
  const out = join(dir, 'out');
  const exporter = new JsonlFileExporter({ path: out });
  const warnings: Warning[] = [];
  const events: WatchEvent[] = [];
  const handle = await watch({
    inputs,
    exporter,
    flush: () => exporter.forceFlush(),
    stateDir: join(dir, 'state'),
    sessionIdleMs: 1500,
    settleMs: 20,
    onWarning: (w) => warnings.push(w),
    onEvent: (e) => events.push(e),
    ...options,
  });
  return {
    handle,
    out,
    warnings,
    events,
    stop: async () => {
      await handle.stop();
      await exporter.shutdown();
    },
  };
}

/** Waits until `test` holds, polling; throws with `what` after `timeoutMs`. */
export async function waitUntil(test: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
