import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTimed } from '../support/processes/timed-child.js';
import { pendingSpans, spansInFolder } from '../support/faults/fault-counts.js';
import { useBlackHoles, useOtlpReceivers } from '../support/receivers/use-receivers.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const receiver = useOtlpReceivers();
const blackHole = useBlackHoles();

/** The burst of issue 10: more than the old JSONL queue (65,536 spans) held. */
const SPANS = 101_000;
/** Generous: a burst takes a few seconds, and a black-holed collector adds the OTLP leg's shutdown deadline (3 s). */
const CHILD_TIMEOUT_MS = 90_000;

interface BurstRun {
  code: number | null;
  /** Spans the child made, as it said. */
  produced: number;
  /** Milliseconds from start to `exit`, and the resident set then (MiB), as the child said. */
  exitMs: number;
  rssMiB: number;
  stderr: string;
}

async function runBurst(mode: 'exit' | 'process-exit', env: Record<string, string>): Promise<BurstRun> {
  const run = await runTimed('test/reliability/children/burst.mjs', [String(SPANS), mode], env, CHILD_TIMEOUT_MS);
  const produced = Number(/^produced (\d+)$/m.exec(run.stdout)?.[1] ?? NaN);
  const [, exitMs, rssMiB] = /^exit (\d+) (\d+)$/m.exec(run.stdout) ?? [];
  return { code: run.code, produced, exitMs: Number(exitMs), rssMiB: Number(rssMiB), stderr: run.stderr };
}

/** Each collector's URL, and the span ids it accepted (none for off and the black hole). */
const collectors: Record<string, () => Promise<{ url: string; accepted: () => string[] }>> = {
  off: async () => ({ url: '', accepted: () => [] }),
  healthy: async () => {
    const r = await receiver();
    return { url: r.url, accepted: () => r.acceptedSpans().map((span) => span.spanId) };
  },
  'black hole': async () => ({ url: await blackHole(), accepted: () => [] }),
};

describe(`the JSONL never drops: a synchronous burst of ${SPANS} live spans, then the process ends`, () => {
  it.each([
    ['exit', 'off'],
    ['exit', 'healthy'],
    ['exit', 'black hole'],
    ['process-exit', 'off'],
    ['process-exit', 'healthy'],
    ['process-exit', 'black hole'],
  ] as const)('ends by %s, OTLP %s: every span produced is in the JSONL, once', async (mode, collector) => {
    const dir = join(tempDir(), 'out');
    const endpoint = await collectors[collector]!();
    const run = await runBurst(mode, { AGENT_OTEL_JSONL_PATH: dir, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint.url });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.produced).toBe(SPANS);
    const ids = spansInFolder(dir).map((span) => span.spanId);
    const unique = new Set(ids).size;
    console.log(`jsonl-burst ${mode} otlp=${collector}: produced=${run.produced} jsonl=${ids.length} duplicates=${ids.length - unique} exit_ms=${run.exitMs} rss_mib=${run.rssMiB}`);
    expect(ids.length).toBe(SPANS);
    expect(unique).toBe(SPANS);
    if (collector === 'off') return;
    // OTLP loses nothing either: what the collector did not take is in pending/.
    const delivered = new Set(endpoint.accepted()).size;
    expect(delivered + pendingSpans(join(dir, 'pending'))).toBeGreaterThanOrEqual(SPANS);
  }, CHILD_TIMEOUT_MS + 30_000);

  it('a collector that never answers delays a normal exit by the OTLP shutdown deadline (3 s), not by its requests in turn', async () => {
    const off = await runBurst('exit', { AGENT_OTEL_JSONL_PATH: join(tempDir(), 'out'), OTEL_EXPORTER_OTLP_ENDPOINT: '' });
    const dir = join(tempDir(), 'out');
    const held = await runBurst('exit', { AGENT_OTEL_JSONL_PATH: dir, OTEL_EXPORTER_OTLP_ENDPOINT: await blackHole() });
    expect(held.code).toBe(0);
    const added = held.exitMs - off.exitMs;
    console.log(`jsonl-burst black hole exit: off=${off.exitMs} ms black_hole=${held.exitMs} ms added=${added} ms`);
    // The deadline plus slack for two shared cores; each request alone may wait 10 s, and 8 batches were queued.
    expect(added).toBeLessThan(3000 + 7000);
    expect(pendingSpans(join(dir, 'pending'))).toBe(SPANS);
  }, 2 * CHILD_TIMEOUT_MS + 30_000);
});
