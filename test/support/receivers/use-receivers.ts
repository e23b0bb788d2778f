import { createServer, type Socket } from 'node:net';
import { afterEach } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js';

/** Starts loopback OTLP receivers on demand; each is closed after the test. */
export function useOtlpReceivers(): () => Promise<OtlpReceiver> {
  const open: OtlpReceiver[] = [];
  afterEach(async () => {
    for (const r of open.splice(0)) await r.close();
  });
  return async () => {
    const r = await startOtlpReceiver();
    open.push(r);
    return r;
  };
}

/**
 * Black-holed endpoints on demand: they accept connections and read what they
 * are sent, and never answer. Resolves with the `http://127.0.0.1:<port>` base
 * URL; closed after the test.
 */
export function useBlackHoles(): () => Promise<string> {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  return async () => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    );
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the black hole has no port');
    return `http://127.0.0.1:${address.port}`;
  };
}
