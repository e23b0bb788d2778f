import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../src/core/errors.js';
import { isOtlpConfigured, resolveOtlpProtocol } from '../../src/index.js';
import { useDiagCapture } from '../support/isolation/diag-capture.js';

const captureDiag = useDiagCapture();

describe('resolveOtlpProtocol', () => {
  it.each([
    { option: undefined, traces: undefined, general: undefined, expected: 'http/protobuf' },
    { option: undefined, traces: undefined, general: 'http/json', expected: 'http/json' },
    { option: undefined, traces: 'http/json', general: 'http/protobuf', expected: 'http/json' },
    { option: undefined, traces: 'http/protobuf', general: 'http/json', expected: 'http/protobuf' },
    { option: 'http/protobuf', traces: 'http/json', general: 'http/json', expected: 'http/protobuf' },
    { option: 'http/json', traces: undefined, general: undefined, expected: 'http/json' },
    { option: undefined, traces: '  ', general: 'http/json', expected: 'http/json' },
    { option: undefined, traces: 'bogus', general: 'http/json', expected: 'http/json' },
    { option: undefined, traces: 'bogus', general: undefined, expected: 'http/protobuf' },
    { option: 'http/json', traces: 'grpc', general: 'grpc', expected: 'http/json' },
  ])('option $option, traces env $traces, general env $general -> $expected', ({ option, traces, general, expected }) => {
    const env = { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: traces, OTEL_EXPORTER_OTLP_PROTOCOL: general };
    expect(resolveOtlpProtocol(option, env)).toBe(expected);
  });

  it.each([
    { option: 'grpc', env: {}, names: 'the protocol option' },
    { option: undefined, env: { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' }, names: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' },
    { option: undefined, env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, names: 'OTEL_EXPORTER_OTLP_PROTOCOL' },
  ])('refuses grpc from $names with a clear InvalidConfigError', ({ option, env, names }) => {
    let thrown: unknown;
    try {
      resolveOtlpProtocol(option, env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidConfigError);
    expect((thrown as Error).message).toContain(names);
    expect((thrown as Error).message).toMatch(/not support.*http\/protobuf/);
  });

  it('refuses an unknown protocol option and warns once about an unknown env value', () => {
    expect(() => resolveOtlpProtocol('http/xml', {})).toThrow(InvalidConfigError);
    const logs = captureDiag();
    resolveOtlpProtocol(undefined, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml' });
    expect(logs.filter((line) => line.startsWith('warn') && line.includes('OTEL_EXPORTER_OTLP_PROTOCOL'))).toHaveLength(1);
  });
});

describe('isOtlpConfigured', () => {
  it.each([
    { env: {}, expected: false },
    { env: { OTEL_EXPORTER_OTLP_ENDPOINT: '' }, expected: false },
    { env: { OTEL_EXPORTER_OTLP_ENDPOINT: '   ' }, expected: false },
    { env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, expected: true },
    { env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, expected: true },
    { env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, expected: false },
  ])('$env -> $expected', ({ env, expected }) => {
    expect(isOtlpConfigured(env)).toBe(expected);
  });
});
