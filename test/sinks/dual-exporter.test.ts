import { ExportResultCode } from '@opentelemetry/core';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { InvalidConfigError } from '../../src/core/errors.js';
import { createOtlpTraceExporter, exportSpans, JsonlFileExporter } from '../../src/index.js';
import { createDualExporter } from '../../src/sinks/dual-exporter.js';
import { useCleanOtelEnv } from '../support/isolation/clean-otel-env.js';
import { readJsonl } from '../support/expectations/expected-spans.js';
import { useOtlpReceiver } from '../support/receivers/otlp-receiver.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

useCleanOtelEnv();
const tempDir = useTempDirs();

const receiver = useOtlpReceiver();

describe('createDualExporter', () => {
  it.each([
    { name: 'no OTLP option nor endpoint variable', env: {}, options: {}, legs: ['jsonl'] },
    { name: 'an endpoint variable', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }, options: {}, legs: ['jsonl', 'otlp'] },
    { name: 'OTLP options', env: {}, options: { otlp: { url: 'http://127.0.0.1:9/v1/traces' } }, legs: ['jsonl', 'otlp'] },
    { name: 'otlp: false despite the variable', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }, options: { otlp: false as const }, legs: ['jsonl'] },
    { name: 'jsonl: false', env: {}, options: { jsonl: false as const, otlp: {} }, legs: ['otlp'] },
  ])('with $name has legs $legs', async ({ env, options, legs: expected }) => {
    for (const [key, value] of Object.entries(env as Record<string, string>)) vi.stubEnv(key, value);
    const fanout = createDualExporter({ jsonl: { path: join(tempDir(), 'x.jsonl') }, ...options });
    expect(fanout.legs.map((leg) => leg.name)).toEqual(expected);
    await fanout.shutdown();
  });

  it('refuses to have no leg at all', () => {
    expect(() => createDualExporter({ jsonl: false, otlp: false })).toThrow(InvalidConfigError);
  });

  it('takes ready exporters', async () => {
    const file = join(tempDir(), 'x.jsonl');
    const fanout = createDualExporter({ jsonl: new JsonlFileExporter({ path: file }), otlp: createOtlpTraceExporter({ url: receiver().tracesUrl }) });
    const spans = sampleSpans(2);
    expect((await exportSpans(fanout, spans)).code).toBe(ExportResultCode.SUCCESS);
    await fanout.shutdown();
    expect(readJsonl(file).spans).toHaveLength(2);
    expect(receiver().acceptedSpans()).toHaveLength(2);
  });
});
