import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBuild, ROOT } from '../support/processes/child-writer.js';
import { spansInFolder } from '../support/faults/fault-counts.js';
import { useOtlpReceivers } from '../support/receivers/use-receivers.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const receiver = useOtlpReceivers();

type Mode = 'exit' | 'signal' | 'app-signal' | 'register';

/** Runs the short-lived child; with a signal, sends it once the child says `ready`. */
function runChild(mode: Mode, env: Record<string, string>, signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  requireBuild();
  const preload = mode === 'register' ? ['--import', 'agent-otel/register'] : [];
  return new Promise((done, fail) => {
    const script = resolve(ROOT, 'test/reliability/children/short-lived.mjs');
    const child = spawn(process.execPath, [...preload, script, mode], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error('the child did not end within 20 s'));
    }, 20_000);
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (signal && text.includes('ready')) child.kill(signal);
    });
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      done({ code, signal: sig, stdout });
    });
  });
}

describe('a short-lived process loses nothing at exit', () => {
  it('flushes on beforeExit when it just ends: the spans are in the JSONL file and at the collector', async () => {
    const otlp = await receiver();
    const dir = tempDir();
    const result = await runChild('exit', { AGENT_OTEL_JSONL_PATH: dir, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url });
    expect(result).toMatchObject({ code: 0, signal: null });
    const onDisk = spansInFolder(dir).map((s) => s.spanId).sort();
    expect(onDisk).toHaveLength(3);
    expect(otlp.acceptedSpans().map((s) => s.spanId).sort()).toEqual(onDisk);
  });

  it.each([
    ['SIGTERM', 'signal'],
    ['SIGINT', 'signal'],
    ['SIGTERM', 'register'],
  ] as const)('on %s with signal handling on (%s) it ends the open session and call as interrupted, flushes, then dies of the signal', async (signal, mode) => {
    const otlp = await receiver();
    const dir = tempDir();
    const result = await runChild(mode, { AGENT_OTEL_JSONL_PATH: dir, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url }, signal);
    expect(result.signal).toBe(signal);
    const spans = spansInFolder(dir);
    expect(spans).toHaveLength(3);
    expect(otlp.acceptedSpans().map((s) => s.spanId).sort()).toEqual(spans.map((s) => s.spanId).sort());
    const root = spans.find((s) => s.parentSpanId === undefined)!;
    expect(root.attributes['agent_otel.session.outcome']).toBe('interrupted');
    const open = spans.find((s) => s.attributes['gen_ai.tool.call.id'] === 'open')!;
    expect(open.attributes['agent_otel.tool.interrupted']).toBe(true);
  });

  it('by default leaves SIGTERM to the application: its own handler runs, records on, and ends the process itself', async () => {
    const otlp = await receiver();
    const dir = tempDir();
    const result = await runChild('app-signal', { AGENT_OTEL_JSONL_PATH: dir, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url }, 'SIGTERM');
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.stdout).toContain('app done');
    const spans = spansInFolder(dir);
    // The root, the two calls before the signal and the one the handler recorded after it: nothing was shut down at the signal.
    expect(spans).toHaveLength(4);
    expect(spans.some((s) => s.attributes['gen_ai.tool.call.id'] === 'after-signal')).toBe(true);
    expect(otlp.acceptedSpans().map((s) => s.spanId).sort()).toEqual(spans.map((s) => s.spanId).sort());
    // The application's shutdown() ended what was still open.
    const open = spans.find((s) => s.attributes['gen_ai.tool.call.id'] === 'open')!;
    expect(open.attributes['agent_otel.tool.interrupted']).toBe(true);
  });
});
