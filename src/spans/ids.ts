import { hash } from 'node:crypto';

/**
 * Deterministic trace and span ids. The trace id is derived from the agent and
 * the session id, each span id from the trace id and a stable key of what the
 * span stands for, so converting the same log twice, or converting it after
 * watching it live, yields the same ids and backends de-duplicate.
 */
function digest(...parts: string[]): string {
  // Each part followed by a NUL, hashed in one call: the one-shot `hash` is several times faster than a
  // Hash object per id (ids are made for every span), and hashing the joined text gives the same digest.
  let text = '';
  for (const part of parts) text += `${part}\0`;
  return hash('sha256', text, 'hex');
}

/** The first `length` bytes of a hex digest, as hex. */
function nonZeroHex(digestHex: string, length: number): string {
  const hex = digestHex.slice(0, length * 2);
  // An all-zero id is invalid in OpenTelemetry; the chance is 2^-64 or less, but be exact.
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}

export function traceIdFor(agent: string, sessionId: string): string {
  return nonZeroHex(digest('agent-otel/trace', agent, sessionId), 16);
}

export function spanIdFor(traceId: string, key: string): string {
  return nonZeroHex(digest('agent-otel/span', traceId, key), 8);
}

/** Stable keys of the things spans stand for. */
export const spanKeys = {
  session: (sessionId: string) => `session:${sessionId}`,
  chat: (sessionId: string, responseKey: string) => `chat:${sessionId}:${responseKey}`,
  tool: (sessionId: string, callId: string) => `tool:${sessionId}:${callId}`,
};
