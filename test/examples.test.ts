import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readJsonlSpans } from './support/spans/jsonl-spans.js';
import { useTempDirs } from './support/isolation/temp-dirs.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const tempDir = useTempDirs();

describe('examples/live-agent.mjs', () => {
  it('runs against the built package and writes the trace it describes', async () => {
    expect(existsSync(resolve(ROOT, 'dist/index.js')), 'dist/ is built by `npm test` (npm run build)').toBe(true);
    const out = tempDir();
    const { stdout } = await run(process.execPath, ['examples/live-agent.mjs'], { cwd: ROOT, env: { ...process.env, AGENT_OTEL_JSONL_PATH: out, OTEL_EXPORTER_OTLP_ENDPOINT: '' } });
    expect(stdout).toMatch(/7 spans, 3 tool calls \(2 failed\)/);
    const spans = readJsonlSpans(out);
    expect(spans).toHaveLength(7);
    const root = spans.find((s) => s.parentSpanId === undefined)!;
    expect(root.name).toBe('invoke_agent toy-agent');
    const delegate = spans.find((s) => s.attributes['gen_ai.tool.name'] === 'delegate')!;
    const sub = spans.find((s) => s.name === 'invoke_agent summariser')!;
    expect(sub.parentSpanId).toBe(delegate.spanId);
    expect(sub.status.code).toBe(2);
    expect(spans.find((s) => s.attributes['gen_ai.tool.name'] === 'read_file')!.parentSpanId).toBe(sub.spanId);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
  });
});
