import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReplayStoppedError } from '../../src/replay/replay-errors.js';
import { replay } from '../../src/replay/replay.js';
import { resolveReplayOptions } from '../../src/replay/replay-options.js';
import { cli } from '../support/runs/cli.js';
import { writeBulkCodexRollout } from '../support/fixtures/codex-bulk-rollout.js';
import { useCleanOtelEnv } from '../support/isolation/clean-otel-env.js';
import { spansInFolder } from '../support/faults/fault-counts.js';
import { useOtlpReceivers } from '../support/receivers/use-receivers.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

/** replay() reads the OTLP configuration as every other path does: option, TRACES_ variable, general variable, default. */
useCleanOtelEnv();
const tempDir = useTempDirs();
const receiver = useOtlpReceivers();

async function jsonlFolder(calls: number): Promise<{ out: string; spanIds: string[] }> {
  const work = tempDir();
  mkdirSync(join(work, 'in'));
  writeBulkCodexRollout(join(work, 'in'), calls);
  const out = join(work, 'out');
  expect((await cli(['convert', join(work, 'in'), '--out', out, '--quiet'])).code).toBe(0);
  return { out, spanIds: spansInFolder(out).map((s) => s.spanId).sort() };
}

describe('replay() and the OTLP variables', () => {
  it('takes the endpoint, headers and compression from the environment when no option gives them', async () => {
    const r = await receiver();
    const { out, spanIds } = await jsonlFolder(3);
    const env = {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: r.tracesUrl,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-token=general,x-other=general',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-token=traces',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip', // the default to a loopback endpoint is none
    };
    const summary = await replay({ inputs: [out], checkpoint: false, env });
    expect(summary.spans).toBe(spanIds.length);
    expect(r.requests[0]?.headers['x-token']).toBe('traces');
    expect(r.requests[0]?.headers['x-other']).toBe('general');
    expect(r.requests[0]?.contentEncoding).toBe('gzip');
    expect(r.acceptedSpans().map((s) => s.spanId).sort()).toEqual(spanIds);
  });

  it.each([
    { name: 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT over the general one', env: { OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '300', OTEL_EXPORTER_OTLP_TIMEOUT: '60000' }, option: undefined },
    { name: 'OTEL_EXPORTER_OTLP_TIMEOUT', env: { OTEL_EXPORTER_OTLP_TIMEOUT: '300' }, option: undefined },
    { name: 'the timeoutMs option over the variables', env: { OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '60000' }, option: 300 },
  ])('a request without an answer fails after $name', async ({ env, option }) => {
    const r = await receiver();
    r.script({ hang: true });
    const { out } = await jsonlFolder(1);
    const started = Date.now();
    const error = await replay({ inputs: [out], checkpoint: false, endpoint: r.url, env, timeoutMs: option, maxAttempts: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayStoppedError);
    expect(String(error)).toMatch(/timeout/i);
    expect(Date.now() - started).toBeLessThan(10_000); // 300 ms, against the 30 s default and the 60 s variables
  });

  it('sends no environment headers to an endpoint given as an option elsewhere', async () => {
    const r = await receiver();
    const { out } = await jsonlFolder(1);
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector.invalid:4318', OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer env-token' };
    await replay({ inputs: [out], checkpoint: false, endpoint: r.url, env, headers: { 'x-option': 'yes' } });
    expect(r.requests[0]?.headers['x-option']).toBe('yes');
    expect(r.requests[0]?.headers.authorization).toBeUndefined();
  });
});

describe("replay's compression", () => {
  const gzipTo = (endpoint: string, env: Record<string, string> = {}, gzip?: boolean) =>
    resolveReplayOptions({ inputs: [], endpoint, env, ...(gzip === undefined ? {} : { gzip }) }).gzip;

  it.each(['http://127.0.0.1:4318', 'http://127.8.9.10:4318/v1/traces', 'http://localhost:4318', 'http://LOCALHOST:4318', 'http://[::1]:4318'])(
    'is off by default to the loopback endpoint %s',
    (endpoint) => {
      expect(gzipTo(endpoint)).toBe(false);
    },
  );

  it.each(['http://collector.example:4318', 'https://10.0.0.7:4318', 'http://127.0.0.1.example.com:4318', 'http://[::2]:4318'])(
    'is gzip by default to %s',
    (endpoint) => {
      expect(gzipTo(endpoint)).toBe(true);
    },
  );

  it('follows the option, then the variables, before the default', () => {
    expect(gzipTo('http://127.0.0.1:4318', {}, true)).toBe(true);
    expect(gzipTo('http://collector.example:4318', {}, false)).toBe(false);
    expect(gzipTo('http://127.0.0.1:4318', { OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' })).toBe(true);
    expect(gzipTo('http://collector.example:4318', { OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'none', OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' })).toBe(false);
    expect(gzipTo('http://127.0.0.1:4318', { OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' }, false)).toBe(false);
  });
});
