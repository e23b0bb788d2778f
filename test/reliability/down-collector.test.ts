import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBulkCodexRollout } from '../support/fixtures/codex-bulk-rollout.js';
import { collectorCounts, pendingSpans, reportFault, spansInFolder } from '../support/faults/fault-counts.js';
import { useBlackHoles, useOtlpReceivers } from '../support/receivers/use-receivers.js';
import { useResetProxies } from '../support/faults/reset-proxies.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { CLI, runTimed } from '../support/processes/timed-child.js';

/**
 * The "down-collector" family: a collector that refuses connections, one that
 * accepts them and never answers (a black hole), and one that resets the first
 * connection, against real processes (the CLI, a short live program). Each
 * checks that the JSONL output is complete, that pending/ holds exactly the
 * spans the collector did not get, that the exit comes within a documented
 * bound, and that `replay --pending` to a healthy collector later delivers
 * every span produced. The bounds are generous (two shared cores); the
 * figures each run prints are the measurements.
 */
const tempDir = useTempDirs();
const receiver = useOtlpReceivers();
const blackHole = useBlackHoles();
const resetProxy = useResetProxies();

/** convert: OTLP may add at most its shutdown deadline (5 s, OTLP_SHUTDOWN_MILLIS) after the JSONL is complete; the rest is slack for a loaded machine. */
const CONVERT_ADDED_BOUND_MS = 5000 + 10_000;
/** The live API: a refused endpoint adds nothing measurable (retries stop at shutdown); the bound is slack for process noise. */
const LIVE_REFUSED_ADDED_BOUND_MS = 1500;
/** The live API: a black hole adds at most the OTLP shutdown deadline (3 s), plus slack. */
const LIVE_BLACK_HOLE_ADDED_BOUND_MS = 3000 + 2000;

const SESSIONS = 3;
const CALLS = 700;

/** Three Codex rollouts of CALLS tool calls each; returns the folder and the raw call ids. */
function bulkInput(): { dir: string; callIds: string[] } {
  const dir = join(tempDir(), 'in');
  mkdirSync(dir);
  const callIds: string[] = [];
  for (let i = 0; i < SESSIONS; i++) callIds.push(...writeBulkCodexRollout(dir, CALLS, `019d0000-0000-7000-8000-00000000d00${i}`).callIds);
  return { dir, callIds };
}

async function closedPort(): Promise<string> {
  const r = await receiver();
  await r.close();
  return r.url;
}

const ids = (spans: ReadonlyArray<{ spanId: string }>) => spans.map((s) => s.spanId).sort();

describe('down-collector: convert', () => {
  async function convertAgainst(endpoint: (() => Promise<string>) | undefined): Promise<{ out: string; ms: number; code: number | null; stderr: string }> {
    const { dir } = sharedInput;
    const out = join(tempDir(), 'out');
    const run = await runTimed(CLI, ['convert', dir, '--out', out, '--quiet', ...(endpoint ? ['--endpoint', await endpoint()] : [])], {});
    return { out, ms: run.ms, code: run.code, stderr: run.stderr };
  }
  let sharedInput: { dir: string; callIds: string[] };

  it.each([
    { name: 'refused', endpoint: closedPort },
    { name: 'black-hole', endpoint: blackHole },
  ])('$name: the JSONL is complete, pending/ holds every span, the run ends within the bound, replay --pending delivers them all', async ({ name, endpoint }) => {
    sharedInput = bulkInput();
    const baseline = await convertAgainst(undefined);
    expect(baseline.code).toBe(0);
    const produced = ids(spansInFolder(baseline.out));
    expect(produced).toHaveLength(SESSIONS * (CALLS + 1));

    const run = await convertAgainst(endpoint);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`${produced.length} spans could not be exported over OTLP`));
    const inJsonl = spansInFolder(run.out);
    const toolCallIds = inJsonl.map((s) => s.attributes['gen_ai.tool.call.id']).filter((id) => id !== undefined);
    expect(toolCallIds.sort()).toEqual([...sharedInput.callIds].sort());
    expect(inJsonl).toHaveLength(produced.length);
    const pendingBefore = pendingSpans(join(run.out, 'pending'));
    expect(pendingBefore).toBe(produced.length);
    const added = run.ms - baseline.ms;
    expect(added).toBeLessThan(CONVERT_ADDED_BOUND_MS);

    const healthy = await receiver();
    const replayed = await runTimed(CLI, ['replay', '--pending', '--out', run.out, '--endpoint', healthy.url, '--quiet'], {});
    expect(replayed.code).toBe(0);
    const counts = collectorCounts(healthy.acceptedSpans());
    expect(new Set(ids(healthy.acceptedSpans()))).toEqual(new Set(ids(inJsonl)));
    expect(pendingSpans(join(run.out, 'pending'))).toBe(0);
    reportFault(`down-collector convert ${name}`, {
      produced: produced.length,
      jsonl: inJsonl.length,
      collector: counts.collector,
      duplicates: counts.duplicates,
      pending: pendingSpans(join(run.out, 'pending')),
      pendingBefore,
      baselineMs: baseline.ms,
      addedMs: added,
    });
    expect(counts).toEqual({ collector: produced.length, duplicates: 0 });
  }, 180_000);

  it('reset-once: a reset connection is retried, the collector gets every span, nothing is left pending', async () => {
    sharedInput = bulkInput();
    const healthy = await receiver();
    const proxy = await resetProxy(healthy.url);
    const run = await convertAgainst(async () => proxy.url);
    expect(run.code).toBe(0);
    expect(proxy.resetCount()).toBe(1);
    const inJsonl = spansInFolder(run.out);
    expect(inJsonl).toHaveLength(SESSIONS * (CALLS + 1));
    const counts = collectorCounts(healthy.acceptedSpans());
    const pending = pendingSpans(join(run.out, 'pending'));
    reportFault('down-collector convert reset-once', { produced: inJsonl.length, jsonl: inJsonl.length, ...counts, pending });
    expect(new Set(ids(healthy.acceptedSpans()))).toEqual(new Set(ids(inJsonl)));
    expect(counts.duplicates).toBe(0);
    expect(pending).toBe(0);
  }, 120_000);
});

describe('down-collector: replay', () => {
  it('reset-once: one connection reset does not stop a replay; every span arrives once', async () => {
    const { dir } = bulkInput();
    const out = join(tempDir(), 'out');
    expect((await runTimed(CLI, ['convert', dir, '--out', out, '--quiet'], {})).code).toBe(0);
    const files = readdirSync(out).filter((name) => name.endsWith('.jsonl')).map((name) => join(out, name));
    const healthy = await receiver();
    const proxy = await resetProxy(healthy.url);
    const run = await runTimed(CLI, ['replay', ...files, '--endpoint', proxy.url, '--no-checkpoint', '--json'], {});
    expect(run.code).toBe(0);
    expect(proxy.resetCount()).toBe(1);
    const summary = JSON.parse(run.stdout) as { retries: number; spans: number };
    expect(summary.retries).toBeGreaterThanOrEqual(1);
    const inJsonl = spansInFolder(out);
    expect(collectorCounts(healthy.acceptedSpans())).toEqual({ collector: inJsonl.length, duplicates: 0 });
  }, 120_000);
});

describe('down-collector: a short live program', () => {
  /** The short-lived child (three spans, no explicit shutdown: the beforeExit flush), against `endpoint` or without OTLP. */
  async function liveRun(endpoint: string | undefined, dir = tempDir()): Promise<{ dir: string; ms: number; code: number | null }> {
    const env: Record<string, string> = { AGENT_OTEL_JSONL_PATH: dir, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint ?? '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' };
    const run = await runTimed('test/reliability/children/short-lived.mjs', ['exit'], env, 60_000);
    return { dir, ms: run.ms, code: run.code };
  }

  it.each([
    { name: 'refused', endpoint: closedPort, bound: LIVE_REFUSED_ADDED_BOUND_MS },
    { name: 'black-hole', endpoint: blackHole, bound: LIVE_BLACK_HOLE_ADDED_BOUND_MS },
  ])('$name: exits within the bound, the JSONL and pending/ hold every span, replay --pending delivers them', async ({ name, endpoint, bound }) => {
    const baseline = await liveRun(undefined);
    expect(baseline.code).toBe(0);
    const run = await liveRun(await endpoint());
    expect(run.code).toBe(0);
    const inJsonl = spansInFolder(run.dir);
    expect(inJsonl).toHaveLength(3);
    const pendingBefore = pendingSpans(join(run.dir, 'pending'));
    expect(pendingBefore).toBe(3);
    const added = run.ms - baseline.ms;
    expect(added).toBeLessThan(bound);

    const healthy = await receiver();
    const replayed = await runTimed(CLI, ['replay', '--pending', '--out', run.dir, '--endpoint', healthy.url, '--quiet'], {});
    expect(replayed.code).toBe(0);
    const counts = collectorCounts(healthy.acceptedSpans());
    reportFault(`down-collector live ${name}`, {
      produced: 3,
      jsonl: inJsonl.length,
      ...counts,
      pending: pendingSpans(join(run.dir, 'pending')),
      pendingBefore,
      baselineMs: baseline.ms,
      addedMs: added,
    });
    expect(new Set(ids(healthy.acceptedSpans()))).toEqual(new Set(ids(inJsonl)));
    expect(counts.duplicates).toBe(0);
  }, 60_000);

  it('refused, twice: the second run finds the first run\'s pending spans, does not wait for their delivery, and keeps both', async () => {
    const baseline = await liveRun(undefined);
    const endpoint = await closedPort();
    const first = await liveRun(endpoint);
    const second = await liveRun(endpoint, first.dir);
    expect([first.code, second.code]).toEqual([0, 0]);
    // Both runs write the same session ids: the JSONL holds both runs' spans, and so does pending/.
    expect(spansInFolder(first.dir)).toHaveLength(6);
    expect(pendingSpans(join(first.dir, 'pending'))).toBe(6);
    const added = second.ms - baseline.ms;
    reportFault('down-collector live refused twice', { produced: 6, jsonl: 6, collector: 0, duplicates: 0, pending: 6, baselineMs: baseline.ms, addedMs: added });
    expect(added).toBeLessThan(LIVE_REFUSED_ADDED_BOUND_MS);
  }, 60_000);
});
