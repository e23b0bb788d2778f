import { createServer, type Socket } from 'node:net';
import { afterEach } from 'vitest';

/** Called for each connection; `track` registers a further socket (an upstream) to be destroyed at the end. */
export type ConnectionHandler = (socket: Socket, track: (other: Socket) => void) => void;

/**
 * Raw TCP servers on 127.0.0.1, started on demand: each connection goes to
 * `handle`, errors on it are ignored. Resolves with the server's
 * `http://127.0.0.1:<port>` base URL; every server and socket is closed after
 * the test.
 */
export function useTcpServers(): (handle: ConnectionHandler) => Promise<string> {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  return async (handle) => {
    const sockets = new Set<Socket>();
    const track = (socket: Socket): void => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    };
    const server = createServer((socket) => {
      track(socket);
      handle(socket, track);
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
    if (address === null || typeof address === 'string') throw new Error('the TCP server has no port');
    return `http://127.0.0.1:${address.port}`;
  };
}
