import { createHash } from 'node:crypto';

/**
 * Deterministic trace and span ids. The trace id is derived from the agent and
 * the session id, each span id from the trace id and a stable key of what the
 * span stands for, so converting the same log twice, or converting it after
 * watching it live, yields the same ids and backends de-duplicate.
 */
function digest(...parts: string[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
    hash.update('\0');
  }
  return hash.digest();
}

function nonZeroHex(bytes: Buffer, length: number): string {
  const hex = bytes.subarray(0, length).toString('hex');
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
