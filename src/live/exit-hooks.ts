import { diag } from '@opentelemetry/api';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Runs `flush` once when the process is about to exit: on `beforeExit` (the
 * event loop ran dry) and on SIGINT / SIGTERM. After a signal, when no other
 * listener handles it, the signal is raised again so the process still ends
 * the way it would have without us. Returns a function that removes the hooks.
 */
export function onProcessExit(flush: () => Promise<void>, timeoutMillis = 5000): () => void {
  let running: Promise<void> | undefined;
  const runOnce = (): Promise<void> => {
    running ??= Promise.race([
      flush().catch((error: unknown) => diag.error('agent-otel: flush on exit failed', error)),
      new Promise<void>((resolve) => setTimeout(resolve, timeoutMillis).unref()),
    ]);
    return running;
  };
  const onBeforeExit = () => {
    void runOnce();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    const othersListen = process.listenerCount(signal) > 1;
    void runOnce().then(() => {
      if (othersListen) return;
      remove();
      process.kill(process.pid, signal);
    });
  };
  process.once('beforeExit', onBeforeExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  const remove = () => {
    process.off('beforeExit', onBeforeExit);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  return remove;
}
