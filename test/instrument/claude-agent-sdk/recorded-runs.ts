import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as sdk from '@anthropic-ai/claude-agent-sdk';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { AgentTelemetry } from '../../../src/live/agent-telemetry.js';
import type { ContentOptions } from '../../../src/spans/content.js';
import { instrument } from '../../../src/instrument/instrument.js';

/**
 * The Claude Agent SDK's real `query()`, offline: its CLI is replaced by
 * test/instrument/claude-agent-sdk/recorded/fake-claude-code.mjs, which plays a recorded
 * stream of SDK messages (written by hand from the SDK's message types, see
 * that folder's README), and the runs are recorded by the instrumented SDK
 * into an in-memory exporter.
 */
const FIXTURES = new URL('./recorded/', import.meta.url);
export const FAKE_CLI = fileURLToPath(new URL('fake-claude-code.mjs', FIXTURES));

export type Stream = 'tool-run' | 'interrupted-run' | 'max-turns-run' | 'crashed-run';

export function streamPath(stream: Stream): string {
  return fileURLToPath(new URL(`${stream}.jsonl`, FIXTURES));
}

/** The messages of a recorded stream (the play instructions left out). */
export function streamMessages(stream: Stream): Record<string, unknown>[] {
  return readFileSync(streamPath(stream), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((m) => typeof m.type === 'string');
}

/** Options that point the SDK at the fake CLI playing `stream`. */
export function fakeOptions(stream: Stream, extra: sdk.Options = {}): sdk.Options {
  return { pathToClaudeCodeExecutable: FAKE_CLI, env: { ...process.env, FAKE_CLAUDE_STREAM: streamPath(stream) }, ...extra };
}

export interface Traced {
  telemetry: AgentTelemetry;
  memory: InMemorySpanExporter;
  sdk: typeof sdk;
  spans(): Promise<ReadableSpan[]>;
}

/** A telemetry into memory and the SDK instrumented for it. */
export function tracedSdk(content?: ContentOptions): Traced {
  const memory = new InMemorySpanExporter();
  const telemetry = new AgentTelemetry({ exporter: memory, flushOnExit: false, env: {}, ...(content ? { content } : {}) });
  return {
    telemetry,
    memory,
    sdk: instrument(sdk, { telemetry }),
    async spans() {
      await telemetry.forceFlush();
      return memory.getFinishedSpans();
    },
  };
}

/** Runs a query to its end; the messages as the caller got them. */
export async function collect(q: AsyncIterable<sdk.SDKMessage>): Promise<sdk.SDKMessage[]> {
  const out: sdk.SDKMessage[] = [];
  for await (const message of q) out.push(message);
  return out;
}

export const op = (span: ReadableSpan): unknown => span.attributes['gen_ai.operation.name'];
export const parentId = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;
export const byOp = (spans: readonly ReadableSpan[], name: string): ReadableSpan[] => spans.filter((s) => op(s) === name);
