import { isRecord } from '../../core/json-lines.js';

/** What an OTLP `ExportTraceServiceResponse` says about spans the receiver did not keep. */
export interface PartialSuccess {
  rejectedSpans: number;
  errorMessage?: string;
}

/**
 * Reads `partialSuccess` from an OTLP/HTTP JSON response body. An empty body,
 * a non-JSON body (some gateways answer `OK` or protobuf) or a body without
 * `partialSuccess` means full success and yields undefined. `rejectedSpans`
 * is an int64, so it may be a string.
 */
export function parsePartialSuccess(body: string): PartialSuccess | undefined {
  const text = body.trim();
  if (!text.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
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
