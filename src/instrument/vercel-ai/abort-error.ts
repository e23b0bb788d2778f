/**
 * True for what a cancelled run or tool throws: anything once its
 * AbortSignal has fired (the SDK rethrows the signal's reason), or an
 * AbortError / TimeoutError (DOMException names for an abort and for
 * AbortSignal.timeout, which the SDK's `timeout` option uses).
 */
export function isAbortError(error: unknown, signal?: unknown): boolean {
  if (signal instanceof AbortSignal && signal.aborted) return true;
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
