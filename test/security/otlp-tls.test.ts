import { ExportResultCode } from '@opentelemetry/core';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtlpTraceExporter, exportSpans } from '../../src/index.js';
import { AgentTelemetry } from '../../src/live/agent-telemetry.js';
import { deliverPending } from '../../src/pending/deliver-pending.js';
import { replay } from '../../src/replay/replay.js';
import { cli } from '../support/runs/cli.js';
import { writeBulkCodexRollout } from '../support/fixtures/codex-bulk-rollout.js';
import { pendingSpans, spansInFolder } from '../support/faults/fault-counts.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { makeTestCertificates, startTlsReceiver, type TestCertificates, type TlsReceiver } from '../support/receivers/tls-receiver.js';

/**
 * The TLS variables on every path that sends OTLP: an HTTPS receiver on
 * 127.0.0.1 that requires a client certificate, with a CA, server and client
 * certificates generated for the run. The receiver must get the spans exactly
 * when the CA and the client certificate are right, and a wrong CA must fail
 * with a message that says so.
 */
const tempDir = useTempDirs();
let certsDir: string;
let certs: TestCertificates;
let receiver: TlsReceiver;

beforeAll(async () => {
  certsDir = mkdtempSync(join(tmpdir(), 'agent-otel-certs-'));
  certs = makeTestCertificates(certsDir);
  receiver = await startTlsReceiver(certs);
}, 30_000);
afterAll(async () => {
  await receiver?.close();
  rmSync(certsDir, { recursive: true, force: true });
});

type Env = Record<string, string>;

interface Variant {
  name: string;
  env: () => Env;
  delivered: boolean;
  /** What the failure says (the delivered variants have none). */
  error?: RegExp;
}

const variants: Variant[] = [
  {
    name: 'OTEL_EXPORTER_OTLP_CERTIFICATE, _CLIENT_CERTIFICATE, _CLIENT_KEY',
    env: () => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_CERTIFICATE: certs.ca,
      OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: certs.clientCert,
      OTEL_EXPORTER_OTLP_CLIENT_KEY: certs.clientKey,
    }),
    delivered: true,
  },
  {
    name: 'the OTEL_EXPORTER_OTLP_TRACES_* forms over wrong general ones',
    env: () => ({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`,
      OTEL_EXPORTER_OTLP_CERTIFICATE: certs.otherCa,
      OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: certs.otherClientCert,
      OTEL_EXPORTER_OTLP_CLIENT_KEY: certs.otherClientKey,
      OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: certs.ca,
      OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE: certs.clientCert,
      OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY: certs.clientKey,
    }),
    delivered: true,
  },
  {
    name: 'a CA that did not sign the server certificate',
    env: () => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: certs.otherCa,
      OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE: certs.clientCert,
      OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY: certs.clientKey,
    }),
    delivered: false,
    error: /self-signed certificate|unable to verify|certificate/i,
  },
  {
    name: 'no CA at all (the system store does not know the test CA)',
    env: () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: certs.clientCert, OTEL_EXPORTER_OTLP_CLIENT_KEY: certs.clientKey }),
    delivered: false,
    error: /certificate/i,
  },
  {
    name: 'the right CA but no client certificate',
    env: () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_CERTIFICATE: certs.ca }),
    delivered: false,
    error: /other side closed|socket|ECONNRESET|certificate/i,
  },
  {
    name: 'a client certificate another CA signed',
    env: () => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_CERTIFICATE: certs.ca,
      OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: certs.otherClientCert,
      OTEL_EXPORTER_OTLP_CLIENT_KEY: certs.otherClientKey,
    }),
    delivered: false,
    error: /other side closed|socket|ECONNRESET|certificate|unknown ca/i,
  },
];

/** A Codex rollout of `calls` tool calls, converted to JSONL without OTLP: the spans every path must deliver. */
async function convertedInput(calls: number): Promise<{ out: string; spanIds: string[] }> {
  const work = tempDir();
  const input = join(work, 'in');
  mkdirSync(input);
  writeBulkCodexRollout(input, calls);
  const out = join(work, 'out');
  const run = await cli(['convert', input, '--out', out, '--quiet']);
  expect(run.code).toBe(0);
  const spanIds = spansInFolder(out).map((s) => s.spanId).sort();
  expect(spanIds).toHaveLength(calls + 1); // the tool calls and the session
  return { out, spanIds };
}

/** Leaves every span of a converted folder pending (its convert ran against a closed port). */
async function pendingFolder(calls: number): Promise<{ out: string; spanIds: string[] }> {
  const work = tempDir();
  const input = join(work, 'in');
  mkdirSync(input);
  writeBulkCodexRollout(input, calls);
  const out = join(work, 'out');
  await cli(['convert', input, '--out', out, '--endpoint', 'http://127.0.0.1:9', '--quiet']);
  const spanIds = spansInFolder(out).map((s) => s.spanId).sort();
  expect(pendingSpans(join(out, 'pending'))).toBe(spanIds.length);
  return { out, spanIds };
}

/** Fast, bounded retries for the failing variants (a refused handshake is a network error, so it is retried). */
const SHORT = { OTEL_EXPORTER_OTLP_TIMEOUT: '1500' };
const FEW_ATTEMPTS = { maxAttempts: 2, backoff: { initialMs: 20, maxMs: 20 } };

interface Outcome {
  ok: boolean;
  error: string;
  spanIds: string[];
}

const paths: Array<{ name: string; run: (env: Env) => Promise<Outcome> }> = [
  {
    name: 'live exporter',
    run: async (env) => {
      const spans = sampleSpans(3);
      const exporter = createOtlpTraceExporter({}, { ...env, ...SHORT });
      const result = await exportSpans(exporter, spans);
      await exporter.shutdown();
      return { ok: result.code === ExportResultCode.SUCCESS, error: String(result.error), spanIds: spans.map((s) => s.spanContext().spanId).sort() };
    },
  },
  {
    name: 'convert --otlp',
    run: async (env) => {
      const work = tempDir();
      mkdirSync(join(work, 'in'));
      writeBulkCodexRollout(join(work, 'in'), 4);
      const out = join(work, 'out');
      const run = await cli(['convert', join(work, 'in'), '--out', out, '--otlp', '--quiet'], { env: { ...env, ...SHORT } });
      return { ok: run.code === 0, error: run.stderr, spanIds: spansInFolder(out).map((s) => s.spanId).sort() };
    },
  },
  {
    name: 'replay()',
    run: async (env) => {
      const { out, spanIds } = await convertedInput(3);
      const error = await replay({ inputs: [out], checkpoint: false, env, ...FEW_ATTEMPTS }).then(
        () => '',
        (e: unknown) => String(e),
      );
      return { ok: error === '', error, spanIds };
    },
  },
  {
    name: 'deliverPending()',
    run: async (env) => {
      const { out, spanIds } = await pendingFolder(3);
      const summary = await deliverPending({ dir: join(out, 'pending'), env, ...FEW_ATTEMPTS });
      return { ok: summary.removed === summary.files && summary.files > 0 && !summary.stopped, error: summary.stopped ?? '', spanIds };
    },
  },
  {
    name: 'live start-up delivery of pending spans',
    run: async (env) => {
      const { out, spanIds } = await pendingFolder(2);
      const telemetry = new AgentTelemetry({ env: { ...env, AGENT_OTEL_JSONL_PATH: out }, flushOnExit: false, pending: { deliverGraceMillis: 20_000 } });
      await telemetry.shutdown();
      const earlier = telemetry.stats().pending?.earlier;
      return { ok: earlier !== undefined && earlier.files > 0 && earlier.removed === earlier.files, error: earlier?.stopped ?? '', spanIds };
    },
  },
];

describe.each(paths)('TLS on the $name path', ({ run }) => {
  it.each(variants)('$name', async ({ env, delivered, error }) => {
    const before = receiver.spans.length;
    const outcome = await run(env());
    const received = receiver.spans.slice(before).map((s) => s.spanId).sort();
    expect(outcome.spanIds.length).toBeGreaterThan(0);
    if (delivered) {
      expect(outcome.error === '' || outcome.ok).toBe(true);
      expect(outcome.ok).toBe(true);
      expect(received).toEqual(outcome.spanIds);
    } else {
      expect(outcome.ok).toBe(false);
      expect(received).toEqual([]);
      expect(outcome.error).toMatch(error!);
    }
  }, 30_000);
});

describe('TLS through the CLI replay command', () => {
  it('replay and replay --pending take the TLS variables; a wrong CA fails clearly and sends nothing', async () => {
    const good = variants[1]!.env();
    const wrong = variants[2]!.env();
    const { out, spanIds } = await convertedInput(3);
    const files = readdirSync(out).filter((name) => name.endsWith('.jsonl')).map((name) => join(out, name));

    let before = receiver.spans.length;
    const refused = await cli(['replay', ...files, '--no-checkpoint', '--quiet'], { env: wrong });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/self-signed certificate|certificate/i);
    expect(receiver.spans.length).toBe(before);

    const sent = await cli(['replay', ...files, '--no-checkpoint', '--quiet'], { env: good });
    expect(sent.code).toBe(0);
    expect(receiver.spans.slice(before).map((s) => s.spanId).sort()).toEqual(spanIds);

    const pending = await pendingFolder(2);
    before = receiver.spans.length;
    const refusedPending = await cli(['replay', '--pending', '--out', pending.out, '--quiet'], { env: wrong });
    expect(refusedPending.code).toBe(1);
    expect(refusedPending.stderr).toMatch(/certificate/i);
    expect(pendingSpans(join(pending.out, 'pending'))).toBe(pending.spanIds.length);
    const delivered = await cli(['replay', '--pending', '--out', pending.out, '--quiet'], { env: good });
    expect(delivered.code).toBe(0);
    expect(receiver.spans.slice(before).map((s) => s.spanId).sort()).toEqual(pending.spanIds);
    expect(pendingSpans(join(pending.out, 'pending'))).toBe(0);
  }, 60_000);

  it('sends no environment client certificate to an endpoint given as an option (--endpoint)', async () => {
    const { out } = await convertedInput(1);
    const env = { ...variants[0]!.env(), OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.invalid:4318' };
    const before = receiver.spans.length;
    // The receiver requires a client certificate: without the environment's, the handshake is refused.
    const error = await replay({ inputs: [out], checkpoint: false, endpoint: receiver.url, env, ...FEW_ATTEMPTS }).then(
      () => '',
      (e: unknown) => String(e),
    );
    expect(error).toMatch(/other side closed|socket|ECONNRESET|certificate/i);
    expect(receiver.spans.length).toBe(before);
    // The same endpoint from the environment gets the certificate, and the spans.
    await replay({ inputs: [out], checkpoint: false, env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
    expect(receiver.spans.length).toBe(before + 2);
  }, 30_000);
});
