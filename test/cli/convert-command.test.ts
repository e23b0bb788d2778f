import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../support/runs/cli.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';
import { bySpanId, startOtlpReceiver, type OtlpReceiver } from '../support/receivers/otlp-receiver.js';
import { rawJsonLines } from '../support/expectations/raw-lines.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const EXAMPLES = resolve(import.meta.dirname, '../../examples/sessions');
const receivers: OtlpReceiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

/** Tool calls in the example sessions, counted from the raw lines (Claude tool_use blocks + Codex function calls). */
function exampleToolCalls(): { ids: Set<string>; failed: number } {
  const ids = new Set<string>();
  let failed = 0;
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.jsonl') ? [join(dir, e.name)] : []));
  for (const file of walk(EXAMPLES)) {
    for (const { value } of rawJsonLines(file)) {
      const content = (value.message as { content?: unknown } | undefined)?.content;
      if (Array.isArray(content)) {
        for (const block of content as Record<string, unknown>[]) {
          if (block.type === 'tool_use') ids.add(String(block.id));
          if (block.type === 'tool_result' && block.is_error === true) failed++;
        }
      }
      const payload = value.payload as Record<string, unknown> | undefined;
      if (payload?.type === 'function_call') ids.add(String(payload.call_id));
      if (payload?.type === 'function_call_output') {
        const meta = (JSON.parse(String(payload.output)) as { metadata: { exit_code: number } }).metadata;
        if (meta.exit_code !== 0) failed++;
      }
    }
  }
  return { ids, failed };
}

describe('agent-otel convert', () => {
  it('converts the examples into a JSONL folder and prints a summary that matches the input', async () => {
    const out = join(tempDir(), 'traces');
    const run = await cli(['convert', EXAMPLES, '--out', out]);
    expect(run.code).toBe(0);
    const { ids, failed } = exampleToolCalls();
    expect(run.stdout).toMatch(new RegExp(`tool calls\\s+${ids.size} \\(${failed} failed`));
    const spans = readJsonlSpans(out);
    const tools = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool');
    expect(new Set(tools.map((s) => String(s.attributes['gen_ai.tool.call.id'])))).toEqual(ids);
    expect(tools.filter((s) => s.attributes['agent_otel.tool.success'] === false)).toHaveLength(failed);
  });

  it('also sends to a collector with --endpoint: the receiver gets exactly the spans on disk', async () => {
    for (const protocol of ['http/protobuf', 'http/json']) {
      const otlp = await startOtlpReceiver();
      receivers.push(otlp);
      const out = join(tempDir(), 'traces.jsonl');
      const run = await cli(['convert', EXAMPLES, '--out', out, '--endpoint', otlp.url, '--protocol', protocol]);
      expect(run.code, run.stderr).toBe(0);
      expect(otlp.requests.every((r) => r.contentType.startsWith(protocol === 'http/json' ? 'application/json' : 'application/x-protobuf'))).toBe(true);
      expect(otlp.acceptedSpans().sort(bySpanId)).toEqual(readJsonlSpans(out).sort(bySpanId));
    }
  });

  it('reports a collector that refuses the spans with a non-zero exit, and still writes the file', async () => {
    const otlp = await startOtlpReceiver();
    receivers.push(otlp);
    otlp.script(...Array.from({ length: 50 }, () => ({ status: 400, body: 'bad request' })));
    const out = join(tempDir(), 'traces.jsonl');
    const run = await cli(['convert', EXAMPLES, '--out', out, '--endpoint', otlp.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not be exported/);
    expect(readJsonlSpans(out).length).toBeGreaterThan(0);
  });

  it('prints a JSON summary with --json', async () => {
    const run = await cli(['convert', EXAMPLES, '--out', join(tempDir(), 't'), '--json']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { sessions: number; toolCalls: number; outputs: string[] };
    expect(summary.toolCalls).toBe(exampleToolCalls().ids.size);
    expect(summary.outputs[0]).toMatch(/^JSONL /);
  });

  it('keeps converting past bad lines and lists them as file:line', async () => {
    const dir = tempDir();
    const src = readdirSync(join(EXAMPLES, 'codex/2026/10/15'))[0]!;
    const lines = (await import('node:fs')).readFileSync(join(EXAMPLES, 'codex/2026/10/15', src), 'utf8').split('\n');
    lines.splice(3, 0, '{"not json');
    writeFileSync(join(dir, src), lines.join('\n'));
    const run = await cli(['convert', join(dir, src), '--out', join(dir, 'out')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${join(dir, src)}:4: not valid JSON`);
    expect(run.stdout).toMatch(/tool calls\s+5 /);
  });

  it.each([
    { name: 'a missing input', args: (d: string) => ['convert', join(d, 'nope')], code: 1, message: /input not found: .*nope \[AGENT_OTEL_INPUT_NOT_FOUND\]/ },
    { name: 'no input at all', args: () => ['convert'], code: 2, message: /no input/ },
    { name: 'an unknown flag', args: () => ['convert', '--frobnicate'], code: 2, message: /frobnicate/ },
    { name: 'an unknown format', args: (d: string) => ['convert', d, '--format', 'nope', '--out', join(d, 'o')], code: 1, message: /unknown format "nope"/ },
    { name: 'no output at all', args: (d: string) => ['convert', d, '--no-jsonl'], code: 2, message: /no output|--no-jsonl/ },
    { name: 'an unknown command', args: () => ['frobnicate'], code: 2, message: /unknown command/ },
  ])('fails clearly on $name', async ({ args, code, message }) => {
    const run = await cli(args(tempDir()));
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails clearly when the output cannot be written', async () => {
    const dir = tempDir();
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'x');
    const run = await cli(['convert', EXAMPLES, '--out', join(blocker, 'traces')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot write .*traces.*\[AGENT_OTEL_OUTPUT_UNWRITABLE\]/);
  });

  it('shows the stack only with --verbose', async () => {
    const dir = tempDir();
    const quiet = await cli(['convert', join(dir, 'nope')]);
    const verbose = await cli(['convert', join(dir, 'nope'), '--verbose']);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it.each([['--help'], ['convert', '--help'], ['replay', '--help']])('prints help for %s', async (...args) => {
    const run = await cli(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: agent-otel/);
  });

  it('finds the agents in their usual places with --all', async () => {
    const home = tempDir();
    const projects = join(home, '.claude', 'projects');
    mkdirSync(projects, { recursive: true });
    const src = join(EXAMPLES, 'claude-code');
    (await import('node:fs')).cpSync(src, projects, { recursive: true });
    const run = await cli(['convert', '--all', '--out', join(home, 'out')], { env: { HOME: home } });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/found\s+Claude Code/);
    expect(run.stderr).toMatch(/missing Codex/);
    expect(run.stdout).toMatch(/claude-code 1/);
  });
});
