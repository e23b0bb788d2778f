import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { isRecord } from '../../core/json-lines.js';

/** What an OTLP `ExportTraceServiceResponse` says about spans the receiver did not keep. */
export interface PartialSuccess {
  rejectedSpans: number;
  errorMessage?: string;
}

/**
 * Reads `partialSuccess` from an OTLP/HTTP response body: protobuf when the
 * response says so (decoded by otlp-transformer), else JSON. An empty body,
 * a body that is neither (some gateways answer `OK`) or one without
 * `partialSuccess` means full success and yields undefined. `rejectedSpans`
 * is an int64, so it may be a string.
 */
export function parsePartialSuccess(body: Buffer, contentType: string | undefined): PartialSuccess | undefined {
  if (contentType?.toLowerCase().startsWith('application/x-protobuf') === true) {
    try {
      return partialOf(ProtobufTraceSerializer.deserializeResponse(body));
    } catch {
      return undefined;
    }
  }
  const text = body.toString('utf8').trim();
  if (!text.startsWith('{')) return undefined;
  try {
    return partialOf(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function partialOf(value: unknown): PartialSuccess | undefined {
  if (!isRecord(value)) return undefined;
  const partial = value['partialSuccess'] ?? value['partial_success'];
  if (!isRecord(partial)) return undefined;
  const raw = partial['rejectedSpans'] ?? partial['rejected_spans'];
  const rejected = typeof raw === 'string' ? Number(raw) : typeof raw === 'number' ? raw : 0;
  const message = partial['errorMessage'] ?? partial['error_message'];
  const errorMessage = typeof message === 'string' && message !== '' ? message : undefined;
  const rejectedSpans = Number.isFinite(rejected) && rejected > 0 ? rejected : 0;
  if (rejectedSpans === 0 && errorMessage === undefined) return undefined;
  return errorMessage === undefined ? { rejectedSpans } : { rejectedSpans, errorMessage };
}
