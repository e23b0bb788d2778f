import { EventEmitter } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach } from 'vitest';
import { decodeTraceRequest, ExportTraceServiceResponse } from '../spans/otlp-proto.js';
import { normalizeTracesData, type NormalizedSpan } from '../spans/otlp-normalize.js';

export { decodeJsonlLine, normalizeTracesData, bySpanId, type NormalizedSpan } from '../spans/otlp-normalize.js';

/** How the receiver answers one request. */
export interface ScriptedResponse {
  /** Default 200. */
  status?: number;
  /** Sent as the Retry-After header. */
  retryAfter?: string | number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Never answer (the connection is cut when the receiver closes). */
  hang?: boolean;
  /** Body of an error answer. */
  body?: string;
  /** A success that says these spans were rejected, in the request's encoding. */
  partial?: { rejectedSpans: number; errorMessage: string };
}

export interface ReceivedRequest {
  method: string;
  path: string;
  contentType: string;
  contentEncoding: string | undefined;
  headers: IncomingHttpHeaders;
  /** The answer given, or 'hang'. */
  status: number | 'hang';
  spans: NormalizedSpan[];
  /** Why the body could not be decoded. */
  error?: string;
}

export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>` (an OTEL_EXPORTER_OTLP_ENDPOINT value). */
  readonly url: string;
  /** `<url>/v1/traces` (or the path the receiver was started with). */
  readonly tracesUrl: string;
  readonly requests: ReceivedRequest[];
  /** Spans of the requests answered 2xx. */
  acceptedSpans(): NormalizedSpan[];
  /** Queues answers for the next requests, one each; after them, 200. */
  script(...responses: ScriptedResponse[]): void;
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Stops listening and cuts open connections; safe to call twice. */
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function decode(contentType: string, contentEncoding: string | undefined, raw: Buffer): NormalizedSpan[] {
  const body = contentEncoding === 'gzip' ? gunzipSync(raw) : raw;
  if (contentType.startsWith('application/x-protobuf')) return normalizeTracesData(decodeTraceRequest(body));
  if (contentType.startsWith('application/json')) return normalizeTracesData(JSON.parse(body.toString('utf8')));
  throw new Error(`unsupported content type ${JSON.stringify(contentType)}`);
}

/**
 * A real OTLP/HTTP trace receiver on 127.0.0.1 and a free port, for tests; it takes traces at `path`
 * (default /v1/traces; a backend such as Langfuse has its own).
 */
export async function startOtlpReceiver(options: { path?: string } = {}): Promise<OtlpReceiver> {
  const tracesPath = options.path ?? '/v1/traces';
  const requests: ReceivedRequest[] = [];
  const scripted: ScriptedResponse[] = [];
  const events = new EventEmitter();
  const timers = new Set<NodeJS.Timeout>();
  let closing: Promise<void> | undefined;

  const answer = (response: ServerResponse, record: ReceivedRequest, plan: ScriptedResponse): void => {
    const status = plan.status ?? 200;
    if (plan.retryAfter !== undefined) response.setHeader('Retry-After', String(plan.retryAfter));
    if (status >= 200 && status < 300) {
      const json = record.contentType.startsWith('application/json');
      response.writeHead(status, { 'Content-Type': json ? 'application/json' : 'application/x-protobuf' });
      const answer = plan.partial ? { partialSuccess: plan.partial } : {};
      response.end(json ? JSON.stringify(answer) : ExportTraceServiceResponse.encode(answer).finish());
      return;
    }
    response.writeHead(status, { 'Content-Type': 'text/plain' });
    response.end(plan.body ?? record.error ?? `scripted ${status}`);
  };

  const server = createServer((request, response) => {
    void readBody(request).then((raw) => {
      const contentType = request.headers['content-type'] ?? '';
      const contentEncoding = request.headers['content-encoding'];
      const record: ReceivedRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        contentType,
        contentEncoding,
        headers: request.headers,
        status: 200,
        spans: [],
      };
      let plan: ScriptedResponse = scripted.shift() ?? {};
      if (record.method !== 'POST' || record.path !== tracesPath) {
        plan = { status: record.method !== 'POST' ? 405 : 404 };
      } else {
        try {
          record.spans = decode(contentType, contentEncoding, raw);
        } catch (error) {
          record.error = error instanceof Error ? error.message : String(error);
          plan = { status: 400 };
        }
      }
      record.status = plan.hang ? 'hang' : (plan.status ?? 200);
      requests.push(record);
      events.emit('request');
      if (plan.hang) return;
      if (plan.delayMs === undefined) {
        answer(response, record, plan);
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer(response, record, plan);
      }, plan.delayMs);
      timers.add(timer);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    tracesUrl: `${url}${tracesPath}`,
    requests,
    acceptedSpans: () => requests.filter((r) => typeof r.status === 'number' && r.status < 300).flatMap((r) => r.spans),
    script: (...responses) => void scripted.push(...responses),
    waitForRequests: (count, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (requests.length >= count) return resolve();
        const timer = setTimeout(() => {
          events.off('request', check);
          reject(new Error(`expected ${count} request(s), got ${requests.length} within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = (): void => {
          if (requests.length < count) return;
          clearTimeout(timer);
          events.off('request', check);
          resolve();
        };
        events.on('request', check);
      }),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** For a test file: a fresh receiver for every test (the returned function gives it), closed after the test. */
export function useOtlpReceiver(): () => OtlpReceiver {
  let receiver: OtlpReceiver | undefined;
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });
  return () => {
    if (!receiver) throw new Error('the OTLP receiver runs only inside a test');
    return receiver;
  };
}
