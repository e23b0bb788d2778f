import { afterEach, beforeEach, vi } from 'vitest';

const OTLP_VARIABLES = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
  'OTEL_EXPORTER_OTLP_TIMEOUT',
  'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT',
  'OTEL_EXPORTER_OTLP_COMPRESSION',
  'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION',
  'OTEL_BSP_MAX_QUEUE_SIZE',
  'OTEL_BSP_EXPORT_TIMEOUT',
  'AGENT_OTEL_JSONL_PATH',
];

/** Blanks every variable the exporters read (the SDK treats blank as unset), restored after each test. */
export function useCleanOtelEnv(): void {
  beforeEach(() => {
    for (const name of OTLP_VARIABLES) vi.stubEnv(name, '');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });
}
