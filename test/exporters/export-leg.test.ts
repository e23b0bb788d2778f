import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../src/errors.js';
import { ExportLeg, exportSpans, JsonlFileExporter } from '../../src/exporters/index.js';
import { useCleanOtelEnv } from '../support/env.js';
import { useTempDirs } from '../support/temp-dir.js';

useCleanOtelEnv();
const tempDir = useTempDirs();

describe('ExportLeg configuration', () => {
  const exporter = (): SpanExporter => new JsonlFileExporter({ path: join(tempDir(), 'x.jsonl') });
  it.each([
    { option: undefined, env: {}, capacity: 2048, timeout: 30_000 },
    { option: undefined, env: { OTEL_BSP_MAX_QUEUE_SIZE: '10', OTEL_BSP_EXPORT_TIMEOUT: '500' }, capacity: 10, timeout: 500 },
    { option: { maxQueueSpans: 3, exportTimeoutMillis: 100 }, env: { OTEL_BSP_MAX_QUEUE_SIZE: '10', OTEL_BSP_EXPORT_TIMEOUT: '500' }, capacity: 3, timeout: 100 },
    { option: undefined, env: { OTEL_BSP_MAX_QUEUE_SIZE: 'lots', OTEL_BSP_EXPORT_TIMEOUT: '-1' }, capacity: 2048, timeout: 30_000 },
  ])('option $option, env $env -> capacity $capacity, timeout $timeout', ({ option, env, capacity, timeout }) => {
    const leg = new ExportLeg({ name: 'x', exporter: exporter(), env, ...option });
    expect(leg.capacity).toBe(capacity);
    expect(leg.exportTimeoutMillis).toBe(timeout);
  });

  it('refuses invalid options', () => {
    expect(() => new ExportLeg({ name: 'x', exporter: exporter(), maxQueueSpans: 0 })).toThrow(InvalidConfigError);
  });
});

describe('exportSpans', () => {
  it('turns a throwing exporter into FAILED and ignores a second callback', async () => {
    const throwing: SpanExporter = {
      export: () => {
        throw new Error('boom');
      },
      shutdown: async () => undefined,
    };
    const twice: SpanExporter = {
      export: (_spans: ReadableSpan[], callback: (result: ExportResult) => void) => {
        callback({ code: ExportResultCode.SUCCESS });
        callback({ code: ExportResultCode.FAILED, error: new Error('late') });
      },
      shutdown: async () => undefined,
    };
    const thrown = await exportSpans(throwing, []);
    expect(thrown.code).toBe(ExportResultCode.FAILED);
    expect(thrown.error?.message).toBe('boom');
    expect((await exportSpans(twice, [])).code).toBe(ExportResultCode.SUCCESS);
  });
});
