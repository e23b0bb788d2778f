import { diag } from '@opentelemetry/api';
import type { Env } from './env.js';
import { InvalidConfigError } from '../core/errors.js';

export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];
export const DEFAULT_OTLP_PROTOCOL: OtlpProtocol = 'http/protobuf';

export const TRACES_PROTOCOL_ENV = 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL';
export const PROTOCOL_ENV = 'OTEL_EXPORTER_OTLP_PROTOCOL';

function isOtlpProtocol(value: string): value is OtlpProtocol {
  return (OTLP_PROTOCOLS as readonly string[]).includes(value);
}

function grpcError(source: string): InvalidConfigError {
  return new InvalidConfigError(
    `${source} selects OTLP protocol "grpc", which agent-otel does not support; ` +
      `use "http/protobuf" (port 4318) or "http/json" — every OpenTelemetry Collector accepts both`,
  );
}

/**
 * The OTLP protocol: the option, then OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, then
 * OTEL_EXPORTER_OTLP_PROTOCOL, then `http/protobuf`.
 *
 * `grpc` from any source throws an InvalidConfigError naming that source. An
 * unknown value throws when it is an option; from the environment it is
 * reported once through the diag logger and the next source is used.
 */
export function resolveOtlpProtocol(option?: string, env: Env = process.env): OtlpProtocol {
  if (option !== undefined) {
    if (isOtlpProtocol(option)) return option;
    if (option === 'grpc') throw grpcError('the protocol option');
    throw new InvalidConfigError(`unknown OTLP protocol ${JSON.stringify(option)}; expected one of ${OTLP_PROTOCOLS.join(', ')}`);
  }
  for (const name of [TRACES_PROTOCOL_ENV, PROTOCOL_ENV]) {
    const value = env[name]?.trim();
    if (value === undefined || value === '') continue;
    if (isOtlpProtocol(value)) return value;
    if (value === 'grpc') throw grpcError(name);
    diag.warn(`${name}=${JSON.stringify(value)} is not a supported OTLP protocol (${OTLP_PROTOCOLS.join(', ')}); ignored`);
  }
  return DEFAULT_OTLP_PROTOCOL;
}
