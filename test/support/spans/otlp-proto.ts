import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/**
 * Protobuf encoding of OTLP traces for tests, from test/support/spans/otlp-trace.proto
 * (written from the public specification, not taken from the SDK, so the
 * tests do not check the SDK against itself).
 */
const root = protobuf.loadSync(fileURLToPath(new URL('./otlp-trace.proto', import.meta.url)));

export const ExportTraceServiceRequest = root.lookupType('agent_otel.test.otlp.ExportTraceServiceRequest');
export const ExportTraceServiceResponse = root.lookupType('agent_otel.test.otlp.ExportTraceServiceResponse');
export const TracesDataMessage = root.lookupType('agent_otel.test.otlp.TracesData');

/** Decoded message as a plain object: camelCase keys, 64-bit numbers as strings, enums as numbers, bytes as Uint8Array. */
export function decodeTraceRequest(body: Uint8Array): unknown {
  const message = ExportTraceServiceRequest.decode(body);
  return ExportTraceServiceRequest.toObject(message, { longs: String, enums: Number, defaults: false });
}

/** Ids are hex in OTLP/JSON but base64 in protobufjs' JSON mapping; turn them into bytes first. */
function idsToBytes(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => idsToBytes(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, idsToBytes(v, k)]));
  }
  if (typeof value === 'string' && (key === 'traceId' || key === 'spanId' || key === 'parentSpanId')) {
    return Buffer.from(value, 'hex');
  }
  return value;
}

/**
 * Encodes an OTLP/JSON TracesData (a parsed JSONL line) as protobuf with
 * fromObject/encode. fromObject ignores fields it does not know, so callers
 * compare what comes back (decodeTracesData) with what went in.
 */
export function encodeTracesDataJson(tracesData: unknown): Uint8Array {
  const object = idsToBytes(tracesData) as Record<string, unknown>;
  return TracesDataMessage.encode(TracesDataMessage.fromObject(object)).finish();
}

/** Decodes protobuf TracesData into the same plain-object shape as decodeTraceRequest. */
export function decodeTracesData(bytes: Uint8Array): unknown {
  return TracesDataMessage.toObject(TracesDataMessage.decode(bytes), { longs: String, enums: Number, defaults: false });
}
