import { connect, createServer, type Socket } from 'node:net';
import { afterEach } from 'vitest';

/**
 * TCP front ends on 127.0.0.1 that reset the first `resets` connections as
 * soon as they send something, and pass every later one through to
 * `target` (`http://127.0.0.1:<port>`). Resolves with the front end's base
 * URL; closed after the test.
 */
export function useResetProxies(): (target: string, resets?: number) => Promise<{ url: string; resetCount: () => number }> {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  return async (target, resets = 1) => {
    const port = Number(new URL(target).port);
    const sockets = new Set<Socket>();
    let done = 0;
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      if (done < resets) {
        done++;
        socket.once('data', () => socket.resetAndDestroy());
        return;
      }
      const upstream = connect(port, '127.0.0.1');
      sockets.add(upstream);
      upstream.on('error', () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
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
    if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
    return { url: `http://127.0.0.1:${address.port}`, resetCount: () => done };
  };
}
