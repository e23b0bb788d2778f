import { connect } from 'node:net';
import { useTcpServers } from '../receivers/tcp-servers.js';

/**
 * TCP front ends on 127.0.0.1 that reset the first `resets` connections as
 * soon as they send something, and pass every later one through to
 * `target` (`http://127.0.0.1:<port>`). Resolves with the front end's base
 * URL; closed after the test.
 */
export function useResetProxies(): (target: string, resets?: number) => Promise<{ url: string; resetCount: () => number }> {
  const server = useTcpServers();
  return async (target, resets = 1) => {
    const port = Number(new URL(target).port);
    let done = 0;
    const url = await server((socket, track) => {
      if (done < resets) {
        done++;
        socket.once('data', () => socket.resetAndDestroy());
        return;
      }
      const upstream = connect(port, '127.0.0.1');
      track(upstream);
      upstream.on('error', () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    });
    return { url, resetCount: () => done };
  };
}
