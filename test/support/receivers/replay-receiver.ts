import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach } from 'vitest';
import { spansOfTracesData } from '../spans/trace-lines.js';

/** One request as the test receiver saw it. */
export interface ReceivedRequest {
  index: number;
  at: number;
  headers: IncomingHttpHeaders;
  /** Bytes on the wire. */
  wireBytes: number;
  /** Bytes after gunzip (when content-encoding is gzip). */
  bodyBytes: number;
  /** The body text as received (after gunzip). */
  text: string;
  body: unknown;
  spanIds: string[];
  status: number;
}

export interface Answer {
  status?: number;
  retryAfter?: string;
  body?: string;
  /** Wait before answering. */
  delayMs?: number;
}

export type Responder = (request: ReceivedRequest) => Answer;

export interface ReplayReceiver {
  url: string;
  received: ReceivedRequest[];
  /** Span ids of the requests answered 2xx, in arrival order. */
  acceptedSpanIds(): string[];
  close(): Promise<void>;
}

/**
 * A real OTLP/HTTP JSON receiver on 127.0.0.1:<free port> (http.createServer
 * listening on port 0). `respond` scripts each answer; default 200 `{}`.
 */
export async function startReplayReceiver(respond: Responder = () => ({})): Promise<ReplayReceiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const gzip = request.headers['content-encoding'] === 'gzip';
      const body = gzip ? gunzipSync(raw) : raw;
      const text = body.toString('utf8');
      const parsed: unknown = JSON.parse(text);
      const record: ReceivedRequest = {
        index: received.length,
        at: Date.now(),
        headers: request.headers,
        wireBytes: raw.length,
        bodyBytes: body.length,
        text,
        body: parsed,
        spanIds: spansOfTracesData(parsed).map((s) => String(s['spanId'])),
        status: 200,
      };
      const answer = respond(record);
      record.status = answer.status ?? 200;
      received.push(record);
      const send = (): void => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (answer.retryAfter !== undefined) headers['retry-after'] = answer.retryAfter;
        response.writeHead(record.status, headers);
        response.end(answer.body ?? '{}');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    received,
    acceptedSpanIds: () => received.filter((r) => r.status >= 200 && r.status < 300).flatMap((r) => r.spanIds),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * For a test file: a function starting a receiver (answering with `respond`)
 * that is closed after the test that started it.
 */
export function useReplayReceivers(): (respond?: Responder) => Promise<ReplayReceiver> {
  const receivers: ReplayReceiver[] = [];
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  return async (respond) => {
    const r = await startReplayReceiver(respond);
    receivers.push(r);
    return r;
  };
}
