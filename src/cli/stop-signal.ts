/** The stop of a long-running command: SIGINT, SIGTERM, or an abort of the caller's signal. */
export interface StopListener {
  /** Resolves at the first SIGINT or SIGTERM, or when the caller's signal aborts. */
  stopped: Promise<void>;
  /** Aborted at the same moment, for work to cut short (a backfill). */
  signal: AbortSignal;
  /** Removes every listener; for when the command is over, stopped or not. */
  close(): void;
}

/**
 * Listens for the stop of a command (a signal, or `signal` aborting for
 * callers that run the CLI in process). A second signal while the command is
 * finishing ends the process at once.
 */
export function listenForStop(signal?: AbortSignal): StopListener {
  const force = () => process.exit(130);
  const stopping = new AbortController();
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      stopping.abort();
      resolve();
    };
  });
  if (signal?.aborted) stop();
  else {
    signal?.addEventListener('abort', stop, { once: true });
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
  return {
    stopped,
    signal: stopping.signal,
    close() {
      for (const listener of [stop, force]) {
        process.off('SIGINT', listener);
        process.off('SIGTERM', listener);
      }
      signal?.removeEventListener('abort', stop);
    },
  };
}
