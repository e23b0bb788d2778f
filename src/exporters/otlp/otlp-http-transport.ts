import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Pool } from 'undici';
import type { OtlpTls } from '../../config/otlp-tls.js';
import { unrefConnector } from './unref-connector.js';

const gzip = promisify(gzipCallback);

/** Largest part of a response body kept for messages; the rest is read and dropped. */
const MAX_RESPONSE_TEXT = 64 * 1024;

export interface TransportOptions {
  endpoint: URL;
  /** Extra request headers (authentication...). Their values never appear in messages. */
  headers: Record<string, string>;
  gzip: boolean;
  /** Parallel connections (the replay's concurrency). */
  connections: number;
  /** Time allowed for the response headers, then for each body chunk (ms). */
  timeoutMs: number;
  /** `application/json` (default) or `application/x-protobuf`. */
  contentType?: string;
  /** CA to trust and client certificate for an https:// endpoint. */
  tls?: OtlpTls;
  /** False: requests in flight do not keep the process alive (see unrefConnector). Default true. */
  keepProcessAlive?: boolean;
}

export interface TransportResponse {
  status: number;
  retryAfter: string | undefined;
  /** The start of the body (for partial success, JSON or protobuf, and error messages), and its type. */
  body: Buffer;
  contentType: string | undefined;
}

/**
 * Sends OTLP request bodies (JSON or protobuf) to one OTLP/HTTP traces
 * endpoint over a pool of keep-alive connections, with the configured TLS
 * trust and client certificate. Network failures reject; every HTTP status
 * resolves, and the caller decides what it means. A request can be cancelled
 * with its signal, and `destroy()` cancels every one.
 */
export class OtlpHttpTransport {
  private readonly pool: Promise<Pool>;
  private readonly path: string;
  private readonly headers: Record<string, string>;

  constructor(readonly options: TransportOptions) {
    this.path = `${options.endpoint.pathname}${options.endpoint.search}`;
    this.headers = {
      ...options.headers,
      'content-type': options.contentType ?? 'application/json',
      ...(options.gzip ? { 'content-encoding': 'gzip' } : {}),
    };
    const { username, password } = options.endpoint;
    if (username !== '' && this.headers['authorization'] === undefined) {
      const user = decodeURIComponent(username);
      const pass = decodeURIComponent(password);
      this.headers['authorization'] = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    }
    this.pool = this.connect();
    this.pool.catch(() => undefined); // a failure is the first request's to report
  }

  /**
   * The connections. undici is loaded when the first transport is made, not
   * with the library (a conversion to JSONL files never needs it), so that it
   * is ready by the first request.
   */
  private connect(): Promise<Pool> {
    const { endpoint, connections, timeoutMs, tls, keepProcessAlive = true } = this.options;
    return import('undici').then(({ Pool, buildConnector }) => {
      const trust = tls && Object.keys(tls).length > 0 ? { ...tls } : undefined;
      const connect = keepProcessAlive ? trust : unrefConnector(buildConnector(trust ?? {}));
      return new Pool(endpoint.origin, { connections, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, ...(connect ? { connect } : {}) });
    });
  }

  /** Encodes a body for the wire (gzip when enabled); done once per batch, before any retry. */
  async encode(body: Buffer): Promise<Buffer> {
    return this.options.gzip ? gzip(body) : body;
  }

  /**
   * Sends one body: bytes, or pieces written one after the other (a body
   * made of slices of other buffers goes out without being copied into one).
   */
  async send(payload: Buffer | Uint8Array | readonly Uint8Array[], signal?: AbortSignal): Promise<TransportResponse> {
    const pieces = Array.isArray(payload);
    const response = await (await this.pool).request({
      path: this.path,
      method: 'POST',
      headers: pieces ? { ...this.headers, 'content-length': String(payloadBytes(payload)) } : this.headers,
      // undici writes an iterable body piece by piece (its types leave iterables out).
      body: payload as Buffer,
      ...(signal ? { signal } : {}),
    });
    const chunks: Buffer[] = [];
    let kept = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      if (kept < MAX_RESPONSE_TEXT) {
        const part = chunk.subarray(0, MAX_RESPONSE_TEXT - kept);
        chunks.push(part);
        kept += part.length;
      }
    }
    const first = (name: string): string | undefined => {
      const value = response.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    return { status: response.statusCode, retryAfter: first('retry-after'), body: Buffer.concat(chunks), contentType: first('content-type') };
  }

  /** Waits for the requests in flight, then closes the connections. */
  async close(): Promise<void> {
    await (await this.pool.catch(() => undefined))?.close();
  }

  /** Cancels the requests in flight and closes the connections at once. */
  async destroy(): Promise<void> {
    await (await this.pool.catch(() => undefined))?.destroy();
  }
}

/** The endpoint as it may appear in messages and checkpoints: no credentials, no query string. */
export function displayEndpoint(endpoint: URL): string {
  return `${endpoint.protocol}//${endpoint.host}${endpoint.pathname}`;
}

/** Size of a body as `send` takes it. */
export function payloadBytes(payload: Buffer | Uint8Array | readonly Uint8Array[]): number {
  if (!Array.isArray(payload)) return (payload as Uint8Array).byteLength;
  let n = 0;
  for (const piece of payload as readonly Uint8Array[]) n += piece.byteLength;
  return n;
}
