/**
 * Keeps the process alive until `promise` settles, and returns it as it is:
 * for work somebody awaits whose own I/O does not hold the process (unref'd
 * sockets and timers), so that a program awaiting it at the top level is not
 * ended by an empty event loop first.
 */
export function keepAliveUntil<T>(promise: Promise<T>): Promise<T> {
  const hold = setInterval(() => undefined, 60_000);
  const release = () => clearInterval(hold);
  promise.then(release, release);
  return promise;
}
