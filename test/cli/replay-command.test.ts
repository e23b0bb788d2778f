import { cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/runs/cli.js';
import { replayCommand } from '../../src/cli/commands/replay.js';
import { UsageError } from '../../src/core/errors.js';
import { useReplayReceivers } from '../support/receivers/replay-receiver.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { makeTraceLines } from '../support/spans/trace-lines.js';

const tempDir = useTempDirs();
const SESSION_LOG = resolve(import.meta.dirname, '../../examples/sessions/claude-code/-home-dev-todo-api/7d0c2e1a-5b9f-4c1e-9a51-3f4be2a1c901.jsonl');
const receiver = useReplayReceivers();

/** Runs `agent-otel replay <args...>` in-process. */
function run(args: string[], env: Record<string, string> = {}, cwd = tempDir()) {
  return cli(['replay', ...args], { env, cwd });
}

function inputFile() {
  const data = makeTraceLines({ traces: 2, spansPerTrace: 3, spansPerLine: 2 });
  const dir = tempDir();
  const file = join(dir, 'in.jsonl');
  writeFileSync(file, data.lines.map((l) => `${l}\n`).join(''));
  return { ...data, dir, file };
}

describe('agent-otel replay', () => {
  it('sends to --endpoint with --header, prints a summary, checkpoints next to the input', async () => {
    const input = inputFile();
    const r = await receiver();
    const result = await run([input.file, '--endpoint', r.url, '--header', 'x-token=abc', '--gzip', '--concurrency', '2']);
    expect(result.code).toBe(0);
    expect(r.acceptedSpanIds().sort()).toEqual(input.spans.map((s) => s.spanId).sort());
    expect(r.received[0]!.headers['x-token']).toBe('abc');
    expect(r.received[0]!.headers['content-encoding']).toBe('gzip');
    expect(result.stdout).toContain(`${input.spans.length} spans`);
    expect(existsSync(join(input.dir, '.in.jsonl.agent-otel-replay.checkpoint.json'))).toBe(true);
    // Run again: the checkpoint says everything is there.
    const again = await run([input.file, '--endpoint', r.url]);
    expect(again.code).toBe(0);
    expect(r.received).toHaveLength(1);
  });

  it('takes OTEL_EXPORTER_OTLP_ENDPOINT (+ /v1/traces) and OTEL_EXPORTER_OTLP_HEADERS from the environment', async () => {
    const input = inputFile();
    const r = await receiver();
    const base = r.url.replace(/\/v1\/traces$/, '');
    const result = await run([input.file, '--no-checkpoint'], {
      OTEL_EXPORTER_OTLP_ENDPOINT: `${base}/`,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=k%3D1,x-other=2',
    });
    expect(result.code).toBe(0);
    expect(r.received[0]!.headers['x-api-key']).toBe('k=1');
    expect(r.received[0]!.headers['content-encoding']).toBeUndefined(); // a loopback endpoint: no gzip by default
    expect(existsSync(join(input.dir, '.in.jsonl.agent-otel-replay.checkpoint.json'))).toBe(false);
  });

  it('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as is; compression=gzip turns gzip on, even to a loopback endpoint', async () => {
    const input = inputFile();
    const r = await receiver();
    const result = await run([input.file, '--no-checkpoint'], {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: r.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
    });
    expect(result.code).toBe(0);
    expect(r.received[0]!.headers['content-encoding']).toBe('gzip');
  });

  it('does not send environment headers to an endpoint given with --endpoint', async () => {
    const input = inputFile();
    const r = await receiver();
    await run([input.file, '--endpoint', r.url, '--no-checkpoint'], { OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20env-secret' });
    expect(r.received[0]!.headers['authorization']).toBeUndefined();
  });

  it('--dry-run sends nothing and prints what it would do', async () => {
    const input = inputFile();
    const r = await receiver();
    const result = await run([input.file, '--endpoint', r.url, '--dry-run', '--json']);
    expect(result.code).toBe(0);
    expect(r.received).toHaveLength(0);
    const summary = JSON.parse(result.stdout) as { dryRun: boolean; spans: number };
    expect(summary).toMatchObject({ dryRun: true, spans: input.spans.length });
  });

  it('exit code 1 and no header value in the output when the endpoint refuses', async () => {
    const input = inputFile();
    const r = await receiver(() => ({ status: 403, body: 'forbidden' }));
    const result = await run([input.file, '--endpoint', r.url, '--header', 'authorization=Bearer s3cr3t-value']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HTTP 403');
    expect(result.stderr).toContain('AGENT_OTEL_REPLAY_STOPPED');
    expect(`${result.stdout}${result.stderr}`).not.toContain('s3cr3t-value');
  });

  it.each([
    [[], /no input/],
    [['x.jsonl', '--concurrency', '0'], /--concurrency takes a whole number/],
    [['x.jsonl', '--max-batch-bytes', '1e6'], /--max-batch-bytes takes a whole number/],
    [['x.jsonl', '--endpoint', 'not a url'], /--endpoint is not a valid URL/],
  ])('usage error for %j', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain(`[${new UsageError('').code}]`);
  });

  it('a refused line exits 1 and is named (file:line); the rerun, healthy now, sends it and exits 0', async () => {
    const input = inputFile();
    let healthy = false;
    const r = await receiver((q) => (healthy || q.index !== 0 ? {} : { status: 400, body: 'bad span' }));
    const first = await run([input.file, '--endpoint', r.url, '--max-batch-bytes', '1024', '--concurrency', '1']);
    expect(first.code).toBe(1);
    const refusedIds = r.received[0]!.spanIds;
    // The first line's spans: the first request held line 1 (each line is over 1024 bytes, so alone).
    const lineOne = input.lines[0]!;
    expect(refusedIds.every((id) => lineOne.includes(id))).toBe(true);
    expect(first.stdout).toContain(`refused lines ${input.file}:1`);
    expect(first.stdout).toContain('run the same replay again');
    healthy = true;
    const before = r.received.length;
    const second = await run([input.file, '--endpoint', r.url, '--max-batch-bytes', '1024']);
    expect(second.code).toBe(0);
    expect(r.received.slice(before).flatMap((q) => q.spanIds).sort()).toEqual([...refusedIds].sort());
    expect(second.stdout).toContain(`delivered ${refusedIds.length} spans;`);
  });

  it.each([
    [
      'an agent session log',
      () => {
        const dir = tempDir();
        cpSync(SESSION_LOG, join(dir, 'session.jsonl'));
        return [join(dir, 'session.jsonl')];
      },
      'AGENT_OTEL_NO_TRACE_DATA',
    ],
    [
      'a folder without JSONL files',
      () => {
        const dir = join(tempDir(), 'empty');
        mkdirSync(dir);
        return [dir];
      },
      'AGENT_OTEL_NO_TRACE_DATA',
    ],
    ['--pending with an --out that does not exist', () => ['--pending', '--out', join(tempDir(), 'nonexistent')], 'AGENT_OTEL_INPUT_NOT_FOUND'],
  ])('exits 1 when there is nothing to do because the input is wrong: %s', async (_name, args, code) => {
    const r = await receiver();
    const argv = args();
    const result = await run([...argv, '--endpoint', r.url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`[${code}]`);
    expect(r.received).toHaveLength(0);
    // Nothing left behind next to the input: no checkpoint, no lock.
    const input = argv[0]!;
    if (existsSync(input)) expect(readdirSync(statSync(input).isDirectory() ? input : dirname(input)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('never prints the credentials of the endpoint URL', async () => {
    const input = inputFile();
    const r = await receiver();
    const base = new URL(r.url);
    const endpoint = `http://agent:pa55-TOKEN-1@${base.host}${base.pathname}?api_key=KEY-TOKEN-2&tenant=blue`;
    for (const format of [[], ['--json']]) {
      const result = await run([input.file, '--endpoint', endpoint, '--no-checkpoint', ...format]);
      expect(result.code).toBe(0);
      expect(`${result.stdout}${result.stderr}`).not.toContain('TOKEN');
      expect(result.stdout).toContain(`http://${base.host}${base.pathname}?api_key=***&tenant=blue`);
    }
  });

  it('escapes terminal control sequences of a bad line in its warning', async () => {
    const input = inputFile();
    writeFileSync(input.file, 'x\u001b]0;pwned\u0007\u001b[2J\n', { flag: 'a' });
    const r = await receiver();
    const result = await run([input.file, '--endpoint', r.url]);
    expect(result.stderr).toContain(`warning: ${input.file}:${input.lines.length + 1}: not valid JSON`);
    expect(result.stderr).toContain('\\u001b]0;pwned\\u0007');
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('documents every option in --help', () => {
    for (const name of Object.keys(replayCommand.options)) {
      const flag = replayCommand.options[name]?.type === 'boolean' && name === 'gzip' ? '--no-gzip' : `--${name}`;
      expect(replayCommand.help).toContain(flag);
    }
    expect(replayCommand.help).toContain('--no-checkpoint');
    expect(replayCommand.help).toContain('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  });
});
