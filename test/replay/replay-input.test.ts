import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointBusyError, OutputUnwritableError } from '../../src/core/errors.js';
import { NoTraceDataError } from '../../src/replay/replay-errors.js';
import { replay } from '../../src/replay/replay.js';
import { useReplayReceivers } from '../support/receivers/replay-receiver.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { makeTraceLines } from '../support/spans/trace-lines.js';

const tempDir = useTempDirs();
const receiver = useReplayReceivers();
const SESSION_LOG = resolve(import.meta.dirname, '../../examples/sessions/claude-code/-home-dev-todo-api/7d0c2e1a-5b9f-4c1e-9a51-3f4be2a1c901.jsonl');

function traceFile(dir = tempDir()) {
  const data = makeTraceLines({ traces: 8, spansPerTrace: 4, spansPerLine: 2 });
  const file = join(dir, 'traces.jsonl');
  writeFileSync(file, data.lines.map((l) => `${l}\n`).join(''));
  return { ...data, dir, file };
}

describe('replay: one replay per checkpoint', () => {
  it('two replays of the same input at once: one sends everything once, the other stops with CheckpointBusyError', async () => {
    const input = traceFile();
    const r = await receiver(() => ({ delayMs: 20 }));
    const options = { inputs: [input.file], endpoint: r.url, checkpoint: true, maxBatchBytes: 2048, concurrency: 1 };
    const results = await Promise.allSettled([replay(options), replay(options)]);
    const fulfilled = results.filter((x) => x.status === 'fulfilled');
    const rejected = results.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(CheckpointBusyError);
    expect((rejected[0]!.reason as CheckpointBusyError).code).toBe('AGENT_OTEL_CHECKPOINT_BUSY');
    const ids = r.acceptedSpanIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(input.spans.map((s) => s.spanId).sort());
    // The lock is gone afterwards, and a later run may go.
    expect(readdirSync(input.dir).filter((n) => n.endsWith('.lock'))).toEqual([]);
    await expect(replay(options)).resolves.toMatchObject({ spans: 0 });
  });

  it('writes the checkpoint readable by its owner only (0600)', async () => {
    const input = traceFile();
    const r = await receiver();
    const checkpoint = join(input.dir, 'cp.json');
    await replay({ inputs: [input.file], endpoint: r.url, checkpoint });
    expect(statSync(checkpoint).mode & 0o777).toBe(0o600);
  });
});

describe('replay: nothing to do because the input is wrong', () => {
  it('an agent session log (no trace data) is a NoTraceDataError, again on a second run, and nothing is sent', async () => {
    const r = await receiver();
    const checkpoint = join(tempDir(), 'cp.json');
    for (let run = 0; run < 2; run++) {
      const error = await replay({ inputs: [SESSION_LOG], endpoint: r.url, checkpoint }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NoTraceDataError);
      expect((error as NoTraceDataError).code).toBe('AGENT_OTEL_NO_TRACE_DATA');
      expect((error as Error).message).toContain('agent-otel convert');
      expect((error as NoTraceDataError).summary.spans).toBe(0);
    }
    expect(r.received).toHaveLength(0);
    expect(existsSync(checkpoint)).toBe(false); // nothing worth keeping
  });

  it('a folder with no JSONL file is a NoTraceDataError', async () => {
    const dir = join(tempDir(), 'empty');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'not traces\n');
    const r = await receiver();
    const error = await replay({ inputs: [dir], endpoint: r.url, checkpoint: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoTraceDataError);
    expect((error as Error).message).toContain(dir);
    expect(existsSync(join(dir, '.agent-otel-replay.checkpoint.json'))).toBe(false);
  });

  it('a file with trace data and bad lines is not an error: the bad lines are warnings', async () => {
    const input = traceFile();
    writeFileSync(input.file, '{"resourceLogs":[]}\nnot json\n', { flag: 'a' });
    const r = await receiver();
    const summary = await replay({ inputs: [input.file], endpoint: r.url });
    expect(summary).toMatchObject({ skippedLines: 2, delivered: input.spans.length });
  });
});

describe('replay: a checkpoint that cannot be locked', () => {
  it('is an OutputUnwritableError naming the lock file, and nothing is sent', async () => {
    const input = traceFile();
    const r = await receiver();
    const checkpoint = join(input.dir, 'no-such-folder', 'cp.json');
    const error = await replay({ inputs: [input.file], endpoint: r.url, checkpoint }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputUnwritableError);
    expect((error as Error).message).toContain(`${checkpoint}.lock`);
    expect(r.received).toHaveLength(0);
  });
});
