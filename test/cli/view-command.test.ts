import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/backends/backends.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { cli } from '../support/runs/cli.js';
import { convertToJsonlFile } from '../support/runs/convert-jsonl.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';

/** `agent-otel view` as a user runs it: arguments, what it prints, exit codes. Never with --open here. */
const tempDir = useTempDirs();
let jsonl: Awaited<ReturnType<typeof convertToJsonlFile>>;
beforeAll(async () => {
  jsonl = await convertToJsonlFile([join(REPO, 'test/fixtures/codex/subagents'), join(REPO, 'test/fixtures/codex/v0.104')]);
});
afterAll(() => jsonl?.cleanup());

describe('agent-otel view', () => {
  it('writes the index and a page per trace, and says where', async () => {
    const cwd = tempDir();
    const traces = new Set(readJsonlSpans(jsonl.file).map((s) => s.traceId));
    const run = await cli(['view', jsonl.file, '--out', 'out/index.html'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Wrote ${join('out', 'index.html')}: ${traces.size} traces, ${readJsonlSpans(jsonl.file).length} spans; one page each next to it\n`);
    for (const traceId of traces) expect(existsSync(join(cwd, 'out', `index-${traceId}.html`))).toBe(true);
  });

  it('writes one trace’s page with --trace, and exits 1 when there is no such trace', async () => {
    const cwd = tempDir();
    const traceId = readJsonlSpans(jsonl.file)[0]!.traceId;
    const ok = await cli(['view', jsonl.file, '--trace', traceId, '-o', 'one.html', '--quiet'], { cwd });
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, '', '']);
    expect(existsSync(join(cwd, 'one.html'))).toBe(true);
    const missing = await cli(['view', jsonl.file, '--trace', 'deadbeef', '-o', 'two.html'], { cwd });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no trace deadbeef');
    expect(existsSync(join(cwd, 'two.html'))).toBe(false);
  });

  it('is bad usage (exit 2) without input, without --out, or with both --trace and --session', async () => {
    const cwd = tempDir();
    for (const args of [['--out', 'x.html'], [jsonl.file], [jsonl.file, '--out', 'x.html', '--trace', 'a', '--session', 'b']]) {
      const run = await cli(['view', ...args], { cwd });
      expect(run.code, args.join(' ')).toBe(2);
      expect(existsSync(join(cwd, 'x.html'))).toBe(false);
    }
    const help = await cli(['view', '--help']);
    expect(help.stdout).toContain('Usage: agent-otel view');
  });
});
