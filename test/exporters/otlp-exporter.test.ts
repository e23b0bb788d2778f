import { ExportResultCode } from '@opentelemetry/core';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { InvalidConfigError, ShutdownError } from '../../src/core/errors.js';
import {
  createOtlpTraceExporter,
  exportSpans,
  JsonlFileExporter,
} from '../../src/index.js';
import { useDiagCapture } from '../support/isolation/diag-capture.js';
import { useCleanOtelEnv } from '../support/isolation/clean-otel-env.js';
import { expectedSpan, readJsonl } from '../support/expectations/expected-spans.js';
import { bySpanId, startOtlpReceiver, useOtlpReceiver } from '../support/receivers/otlp-receiver.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

useCleanOtelEnv();
const tempDir = useTempDirs();
const captureDiag = useDiagCapture();

const receiver = useOtlpReceiver();

describe('createOtlpTraceExporter', () => {
  it('throws InvalidConfigError for grpc, an invalid url (without echoing it) and a bad timeout', () => {
    expect(() => createOtlpTraceExporter({ protocol: 'grpc' })).toThrow(InvalidConfigError);
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc');
    expect(() => createOtlpTraceExporter()).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL/);
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', '');
    expect(() => createOtlpTraceExporter({ url: 'not a url secret-in-url' })).toThrow(InvalidConfigError);
    expect(() => createOtlpTraceExporter({ url: 'not a url secret-in-url' })).not.toThrow(/secret-in-url/);
    expect(() => createOtlpTraceExporter({ timeoutMillis: 0 })).toThrow(InvalidConfigError);
  });

  it.each([
    { protocol: 'http/protobuf' as const, contentType: 'application/x-protobuf' },
    { protocol: 'http/json' as const, contentType: 'application/json' },
  ])('sends over $protocol exactly the spans the JSONL file holds', async ({ protocol, contentType }) => {
    const spans = sampleSpans(9);
    const file = join(tempDir(), 'traces.jsonl');
    const jsonl = new JsonlFileExporter({ path: file });
    const otlp = createOtlpTraceExporter({ protocol, url: receiver().tracesUrl });
    expect(otlp.protocol).toBe(protocol);

    const [fileResult, otlpResult] = await Promise.all([exportSpans(jsonl, spans), exportSpans(otlp, spans)]);
    await Promise.all([jsonl.shutdown(), otlp.shutdown()]);

    expect(fileResult.code).toBe(ExportResultCode.SUCCESS);
    expect(otlpResult.code).toBe(ExportResultCode.SUCCESS);
    expect(receiver().requests).toHaveLength(1);
    expect(receiver().requests[0]?.contentType).toBe(contentType);
    const received = receiver().acceptedSpans().sort(bySpanId);
    const inFile = readJsonl(file).spans.sort(bySpanId);
    expect(received).toHaveLength(9);
    expect(received).toEqual(inFile);
    expect(received).toEqual(spans.map(expectedSpan).sort(bySpanId));
  });

  it.each(['http/protobuf' as const, 'http/json' as const])('reports the spans a receiver rejects in a partial success over %s', async (protocol) => {
    const logs = captureDiag();
    receiver().script({ partial: { rejectedSpans: 3, errorMessage: 'too old' } });
    const otlp = createOtlpTraceExporter({ protocol, url: receiver().tracesUrl });
    const result = await exportSpans(otlp, sampleSpans(5));
    await otlp.shutdown();
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(logs.filter((line) => line.startsWith('warn') && line.includes('rejected 3 span(s): too old'))).toHaveLength(1);
  });

  it('gzips when asked', async () => {
    const spans = sampleSpans(3);
    const otlp = createOtlpTraceExporter({ url: receiver().tracesUrl, compression: 'gzip' });
    expect((await exportSpans(otlp, spans)).code).toBe(ExportResultCode.SUCCESS);
    await otlp.shutdown();
    expect(receiver().requests[0]?.contentEncoding).toBe('gzip');
    expect(receiver().acceptedSpans().sort(bySpanId)).toEqual(spans.map(expectedSpan).sort(bySpanId));
  });

  it('leaves endpoint, headers, protocol and compression to the standard variables when no option is given', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', receiver().url);
    vi.stubEnv('OTEL_EXPORTER_OTLP_HEADERS', 'x-from-env=env-value,x-both=env');
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'http/json');
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', 'gzip');
    const otlp = createOtlpTraceExporter();
    expect((await exportSpans(otlp, sampleSpans(2))).code).toBe(ExportResultCode.SUCCESS);
    await otlp.shutdown();
    const [request] = receiver().requests;
    expect(request?.path).toBe('/v1/traces');
    expect(request?.contentType).toBe('application/json');
    expect(request?.contentEncoding).toBe('gzip');
    expect(request?.headers['x-from-env']).toBe('env-value');
    expect(request?.spans).toHaveLength(2);
  });

  it('lets options win over the variables', async () => {
    const dead = await startOtlpReceiver();
    await dead.close();
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', dead.tracesUrl);
    vi.stubEnv('OTEL_EXPORTER_OTLP_HEADERS', 'x-both=env');
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json');
    vi.stubEnv('OTEL_EXPORTER_OTLP_COMPRESSION', 'gzip');
    const otlp = createOtlpTraceExporter({
      url: receiver().tracesUrl,
      headers: { 'x-both': 'option' },
      protocol: 'http/protobuf',
      compression: 'none',
    });
    expect((await exportSpans(otlp, sampleSpans(1))).code).toBe(ExportResultCode.SUCCESS);
    await otlp.shutdown();
    const [request] = receiver().requests;
    expect(request?.headers['x-both']).toBe('option');
    expect(request?.contentType).toBe('application/x-protobuf');
    expect(request?.contentEncoding).toBeUndefined();
  });

  it.each([
    { name: 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', env: '300', option: undefined },
    { name: 'the timeoutMillis option over a long env timeout', env: '60000', option: 300 },
  ])('gives up on a hanging receiver after $name', async ({ env, option }) => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', env);
    receiver().script({ hang: true }, { hang: true }, { hang: true });
    const otlp = createOtlpTraceExporter({ url: receiver().tracesUrl, timeoutMillis: option });
    const started = Date.now();
    const result = await exportSpans(otlp, sampleSpans(1));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(Date.now() - started).toBeLessThan(5000);
    await otlp.shutdown();
  });

  it('retries a 503 after its Retry-After and then succeeds', async () => {
    receiver().script({ status: 503, retryAfter: 1 });
    const otlp = createOtlpTraceExporter({ url: receiver().tracesUrl, timeoutMillis: 5000 });
    const spans = sampleSpans(2);
    const started = Date.now();
    expect((await exportSpans(otlp, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await otlp.shutdown();
    expect(receiver().requests.map((request) => request.status)).toEqual([503, 200]);
    expect(receiver().acceptedSpans().sort(bySpanId)).toEqual(spans.map(expectedSpan).sort(bySpanId));
  });

  it('never puts header values in errors or diagnostics', async () => {
    const logs = captureDiag();
    const secret = 'Bearer sk-test-5ecret-token-value';
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_HEADERS', `x-api-key=env-5ecret-key`);
    // The variables' own endpoint: their headers go there (and only there).
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', receiver().tracesUrl);
    receiver().script({ status: 401 }, { status: 401 });
    const otlp = createOtlpTraceExporter({ url: receiver().tracesUrl, headers: { authorization: secret } });
    const result = await exportSpans(otlp, sampleSpans(1));
    await otlp.shutdown();

    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(receiver().requests[0]?.headers.authorization).toBe(secret);
    expect(receiver().requests[0]?.headers['x-api-key']).toBe('env-5ecret-key');
    const said = [String(result.error), result.error?.stack ?? '', JSON.stringify(result.error), ...logs].join('\n');
    expect(String(result.error)).toMatch(/HTTP 401/);
    expect(said).not.toContain('5ecret');
  });

  it('sends no environment credentials to an endpoint given as an option elsewhere', async () => {
    const other = await startOtlpReceiver();
    try {
      vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', other.url);
      vi.stubEnv('OTEL_EXPORTER_OTLP_HEADERS', 'x-api-key=env-token');
      const otlp = createOtlpTraceExporter({ url: receiver().tracesUrl, headers: { 'x-option': 'yes' } });
      expect((await exportSpans(otlp, sampleSpans(1))).code).toBe(ExportResultCode.SUCCESS);
      await otlp.shutdown();
      expect(receiver().requests[0]?.headers['x-option']).toBe('yes');
      expect(receiver().requests[0]?.headers['x-api-key']).toBeUndefined();
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('reports FAILED after shutdown and shuts down twice', async () => {
    const otlp = createOtlpTraceExporter({ url: receiver().tracesUrl });
    await Promise.all([otlp.shutdown(), otlp.shutdown()]);
    await expect(otlp.shutdown()).resolves.toBeUndefined();
    const result = await exportSpans(otlp, sampleSpans(1));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(ShutdownError);
    expect(receiver().requests).toHaveLength(0);
  });
});
