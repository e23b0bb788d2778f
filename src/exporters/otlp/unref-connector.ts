import type { buildConnector } from 'undici';

/**
 * Wraps an undici connector so that its sockets never keep the process
 * alive, requests in flight included. undici refs a socket while it has
 * requests and unrefs it when idle; a socket from this connector ignores the
 * ref. For an exporter whose owner flushes before the process ends (the live
 * API on `beforeExit`): a collector that never answers then delays the exit by
 * the owner's flush deadline at most, not by every request's timeout in turn.
 */
export function unrefConnector(connect: buildConnector.connector): buildConnector.connector {
  return (options, callback) =>
    connect(options, (...args) => {
      const socket = args[1];
      if (socket) {
        socket.unref();
        socket.ref = () => socket;
      }
      callback(...args);
    });
}
