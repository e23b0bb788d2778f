import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OtlpHttpTransport } from '../../src/exporters/otlp/otlp-http-transport.js';
import { isRetryableNetworkError, RETRYABLE_NETWORK_ERROR_CODES } from '../../src/exporters/otlp/retryable.js';
import { sendWithRetry } from '../../src/exporters/otlp/retrying-send.js';

function coded(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('RETRYABLE_NETWORK_ERROR_CODES / isRetryableNetworkError', () => {
  // Written out here, not taken from the table: the codes OpenTelemetry's exporters retry, and undici's for the same failures.
  const table: Array<[string, boolean]> = [
    ['ECONNRESET', true],
    ['ECONNREFUSED', true],
    ['ECONNABORTED', true],
    ['EPIPE', true],
    ['ETIMEDOUT', true],
    ['EAI_AGAIN', true],
    ['ENOTFOUND', true],
    ['ENETUNREACH', true],
    ['ENETDOWN', true],
    ['EHOSTUNREACH', true],
    ['EHOSTDOWN', true],
    ['UND_ERR_SOCKET', true],
    ['UND_ERR_CONNECT_TIMEOUT', true],
    ['UND_ERR_HEADERS_TIMEOUT', true],
    ['UND_ERR_BODY_TIMEOUT', true],
    ['UND_ERR_CLOSED', true],
    ['UND_ERR_ABORTED', false],
    ['ABORT_ERR', false],
    ['ERR_TLS_CERT_ALTNAME_INVALID', false],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', false],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', false],
    ['ERR_INVALID_URL', false],
    ['EACCES', false],
  ];

  it.each(table)('%s -> retryable %s', (code, retryable) => {
    expect(isRetryableNetworkError(coded(code))).toBe(retryable);
    // undici wraps the socket's error as the cause; a connection to several addresses fails with an AggregateError.
    expect(isRetryableNetworkError(new TypeError('fetch failed', { cause: coded(code) }))).toBe(retryable);
    expect(isRetryableNetworkError(new AggregateError([coded(code)], 'all addresses failed'))).toBe(retryable);
  });

  it('holds exactly the retryable codes of the table', () => {
    expect([...RETRYABLE_NETWORK_ERROR_CODES].sort()).toEqual(table.filter(([, r]) => r).map(([code]) => code).sort());
  });

  it('does not retry errors without a code, or plain values', () => {
    expect(isRetryableNetworkError(new Error('socket hang up'))).toBe(false);
    expect(isRetryableNetworkError('ECONNRESET')).toBe(false);
    expect(isRetryableNetworkError(undefined)).toBe(false);
  });
});

describe('network errors from real sockets', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  });

  /** A TCP server on 127.0.0.1: `onSocket` decides what each connection gets. */
  async function listen(onSocket: (socket: Socket, index: number) => void): Promise<URL> {
    let count = 0;
    const server = createServer((socket) => {
      socket.on('error', () => undefined);
      onSocket(socket, count++);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return new URL(`http://127.0.0.1:${address.port}/v1/traces`);
  }

  function transport(endpoint: URL): OtlpHttpTransport {
    return new OtlpHttpTransport({ endpoint, headers: {}, gzip: false, connections: 1, timeoutMs: 2000 });
  }

  it('a refused connection and a connection cut before any answer are both retryable', async () => {
    const refusedAt = await listen(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const cutAt = await listen((socket) => socket.once('data', () => socket.destroy()));
    for (const endpoint of [refusedAt, cutAt]) {
      const t = transport(endpoint);
      const error = await t.send(Buffer.from('{}')).then(
        () => undefined,
        (e: unknown) => e,
      );
      await t.destroy();
      expect(error).toBeInstanceOf(Error);
      expect(isRetryableNetworkError(error)).toBe(true);
    }
  });

  it('sendWithRetry retries a reset connection and gets the answer of the next one', async () => {
    const endpoint = await listen((socket, index) => {
      socket.once('data', () => {
        if (index === 0) socket.resetAndDestroy();
        else socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
      });
    });
    const t = transport(endpoint);
    const retries: Array<number | string> = [];
    const outcome = await sendWithRetry(
      () => t.send(Buffer.from('{}')),
      { maxAttempts: 3, deadlineMs: 10_000, backoff: { initialMs: 10, maxMs: 20, multiplier: 2, jitter: 0 } },
      undefined,
      { onRetry: (reason) => retries.push(reason) },
    );
    await t.destroy();
    expect(outcome).toEqual({ kind: 'accepted' });
    expect(retries).toHaveLength(1);
    expect(String(retries[0])).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
  });

  it('gives up on a refused endpoint after maxAttempts and says so', async () => {
    const endpoint = await listen(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const t = transport(endpoint);
    let requests = 0;
    const outcome = await sendWithRetry(
      () => t.send(Buffer.from('{}')),
      { maxAttempts: 3, deadlineMs: 10_000, backoff: { initialMs: 5, maxMs: 5, multiplier: 1, jitter: 0 } },
      undefined,
      { onRequest: () => void requests++ },
    );
    await t.destroy();
    expect(requests).toBe(3);
    expect(outcome.kind).toBe('stopped');
    expect(outcome.kind === 'stopped' && outcome.message).toMatch(/ECONNREFUSED.*gave up after 3 attempts/);
  });
});
