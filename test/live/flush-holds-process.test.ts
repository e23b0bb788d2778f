import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTimed } from '../support/processes/timed-child.js';
import { useOtlpReceivers } from '../support/receivers/use-receivers.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { spansInFolder } from '../support/faults/fault-counts.js';

const tempDir = useTempDirs();
const receiver = useOtlpReceivers();

const SPANS = 50;

describe('forceFlush() awaited at the top level of a live program', () => {
  it('keeps the process alive until a slow collector has answered, then the program goes on', async () => {
    const otlp = await receiver();
    // Every request is answered after a second: the only thing left in the process is the wait for that answer.
    otlp.script(...Array.from({ length: 8 }, () => ({ delayMs: 1000 })));
    const dir = join(tempDir(), 'out');
    const run = await runTimed('test/reliability/children/flush-and-end.mjs', [String(SPANS)], {
      AGENT_OTEL_JSONL_PATH: dir,
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    });
    // An await that never settles ends an ES module with exit code 13, before `flushed` is printed.
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const sinks = JSON.parse(/^flushed (.*)$/m.exec(run.stdout)?.[1] ?? 'null') as Record<string, { exported: number; pending: number }> | null;
    expect(sinks?.otlp).toMatchObject({ exported: SPANS, pending: 0 });
    expect(new Set(otlp.acceptedSpans().map((span) => span.spanId)).size).toBe(SPANS);
    expect(spansInFolder(dir)).toHaveLength(SPANS);
  });
});
