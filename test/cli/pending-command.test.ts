import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentTelemetry } from '../../src/live/agent-telemetry.js';
import { cli } from '../support/runs/cli.js';
import { useOtlpReceivers } from '../support/receivers/use-receivers.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { spanIdsOfJsonl } from '../support/spans/trace-lines.js';

const tempDir = useTempDirs();
const receiver = useOtlpReceivers();
const NOTE = 'is now "agent-otel pending deliver"';

function pendingSpanIds(dir: string): string[] {
  const pending = join(dir, 'pending');
  return readdirSync(pending)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => spanIdsOfJsonl(readFileSync(join(pending, f), 'utf8')));
}

/** A JSONL output whose pending/ folder holds the spans of one live session a down collector refused; returns their ids. */
async function pendingOutput(calls: number): Promise<{ dir: string; spanIds: string[] }> {
  const dir = tempDir();
  const down = await receiver();
  down.script(...Array.from({ length: 20 }, () => ({ status: 500 })));
  const telemetry = new AgentTelemetry({
    flushOnExit: false,
    env: { AGENT_OTEL_JSONL_PATH: dir },
    otlp: { url: `${down.url}/v1/traces`, timeoutMillis: 300 },
    pending: { deliverOnStart: false },
  });
  const session = telemetry.startSession({ sessionId: 'pending-cli' });
  for (let i = 0; i < calls; i++) session.startToolCall('Bash', { i }, { callId: `c${i}` }).end({ success: true });
  session.end();
  await telemetry.shutdown();
  const spanIds = pendingSpanIds(dir).sort();
  expect(spanIds).toHaveLength(calls + 1);
  return { dir, spanIds };
}

describe('agent-otel pending', () => {
  it('pending deliver sends the pending folder of --out and removes what was accepted; a second run sends nothing', async () => {
    const { dir, spanIds } = await pendingOutput(5);
    const target = await receiver();
    const one = await cli(['pending', 'deliver', '--out', dir, '--endpoint', target.url]);
    expect(one.code).toBe(0);
    expect(one.stderr).not.toContain(NOTE);
    expect(one.stdout).toMatch(/pending .*: 1 of 1 file\(s\) delivered and removed, 0 left/);
    expect(target.acceptedSpans().map((s) => s.spanId).sort()).toEqual(spanIds);
    expect(pendingSpanIds(dir)).toEqual([]);
    const two = await cli(['pending', 'deliver', '--out', dir, '--endpoint', target.url, '--json']);
    expect(two.code).toBe(0);
    expect(JSON.parse(two.stdout)).toMatchObject({ files: 0, removed: 0 });
    expect(target.acceptedSpans()).toHaveLength(spanIds.length);
  });

  it('replay --pending still delivers, with one note naming the new spelling', async () => {
    const { dir, spanIds } = await pendingOutput(3);
    const target = await receiver();
    const old = await cli(['replay', '--pending', '--out', dir, '--endpoint', target.url, '--quiet']);
    expect(old.code).toBe(0);
    expect(old.stderr.split(NOTE)).toHaveLength(2);
    expect(target.acceptedSpans().map((s) => s.spanId).sort()).toEqual(spanIds);
  });

  it('pending --help lists deliver; pending deliver --help documents each of its options', async () => {
    const group = await cli(['pending', '--help']);
    expect(group.code).toBe(0);
    expect(group.stdout).toMatch(/^ {2}deliver +\S/m);
    const deliver = await cli(['pending', 'deliver', '--help']);
    expect(deliver.code).toBe(0);
    for (const flag of ['--out', '--endpoint', '--header', '--concurrency', '--max-batch-bytes', '--no-gzip', '--json', '--quiet', '--verbose']) {
      expect(deliver.stdout).toContain(flag);
    }
    const all = await cli(['--help']);
    expect(all.stdout).toMatch(/^ {2}pending +\S/m);
  });

  it.each([
    [['pending'], /"pending" needs a command/],
    [['pending', 'send'], /unknown command "pending send"/],
    [['pending', 'deliver', 'some.jsonl'], /pending deliver takes no files/],
    [['pending', 'deliver', '--dry-run'], /Unknown option '--dry-run'[\s\S]*agent-otel pending deliver --help/],
    [['pending', 'deliver', '--concurrency', '0'], /--concurrency takes a whole number above 0/],
    [['pending', 'deliver', '--endpoint', 'not a url'], /--endpoint is not a valid URL/],
  ])('refuses %j with exit code 2', async (args, message) => {
    const result = await cli(args, { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('names a missing --out as not found', async () => {
    const result = await cli(['pending', 'deliver', '--out', join(tempDir(), 'nonexistent')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('AGENT_OTEL_INPUT_NOT_FOUND');
  });
});
