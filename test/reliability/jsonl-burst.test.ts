import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTimed } from '../support/processes/timed-child.js';
import { spansInFolder } from '../support/faults/fault-counts.js';
import { useBlackHoles, useOtlpReceivers } from '../support/receivers/use-receivers.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const receiver = useOtlpReceivers();
const blackHole = useBlackHoles();

/** The burst of issue 10: more than the old JSONL queue (65,536 spans) held. */
const SPANS = 101_000;
/**
 * Generous: a burst takes a few seconds, but a normal exit with a black-holed
 * collector waits for the OTLP leg's shutdown (measured: about 28 s).
 */
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

const collectors = {
  off: async () => '',
  healthy: async () => (await receiver()).url,
  'black hole': () => blackHole(),
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
    const endpoint = await collectors[collector]();
    const run = await runBurst(mode, { AGENT_OTEL_JSONL_PATH: dir, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.produced).toBe(SPANS);
    const ids = spansInFolder(dir).map((span) => span.spanId);
    const unique = new Set(ids).size;
    console.log(`jsonl-burst ${mode} otlp=${collector}: produced=${run.produced} jsonl=${ids.length} duplicates=${ids.length - unique} exit_ms=${run.exitMs} rss_mib=${run.rssMiB}`);
    expect(ids.length).toBe(SPANS);
    expect(unique).toBe(SPANS);
  }, CHILD_TIMEOUT_MS + 30_000);
});
