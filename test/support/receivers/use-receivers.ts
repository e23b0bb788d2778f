import { afterEach } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js';
import { useTcpServers } from './tcp-servers.js';

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
  const server = useTcpServers();
  return () => server((socket) => socket.resume());
}
