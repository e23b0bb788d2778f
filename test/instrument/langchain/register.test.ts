import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/processes/child-writer.js';
import { runTimed } from '../../support/processes/timed-child.js';
import { useTempDirs } from '../../support/isolation/temp-dirs.js';
import { readJsonlSpans } from '../../support/spans/jsonl-spans.js';
import type { NormalizedSpan } from '../../support/spans/otlp-normalize.js';

const tempDir = useTempDirs();
const APPS = 'test/instrument/langchain/apps';

/** Runs one app under `node --import dist/register.js` (the built package), writing JSONL to a temp file; its spans. */
async function runApp(app: string): Promise<NormalizedSpan[]> {
  const out = join(tempDir(), 'spans.jsonl');
  const run = await runTimed(`${APPS}/${app}`, [], {
    NODE_OPTIONS: `--import=${resolve(ROOT, 'dist/register.js')}`,
    AGENT_OTEL_JSONL_PATH: out,
    OTEL_EXPORTER_OTLP_ENDPOINT: '',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
    OTEL_SERVICE_NAME: 'lc-app',
  });
  expect(run.stderr).not.toMatch(/AgentOtelWarning|Error/);
  expect(run.code).toBe(0);
  return readJsonlSpans(out);
}

const op = (span: NormalizedSpan) => span.attributes['gen_ai.operation.name'];

/** One session of one chat span, named `name`, in one trace. */
function expectOneRun(spans: NormalizedSpan[], name: string): void {
  const roots = spans.filter((s) => op(s) === 'invoke_agent');
  const chats = spans.filter((s) => op(s) === 'chat');
  expect(roots.map((r) => r.name)).toEqual([`invoke_agent ${name}`]);
  expect(chats).toHaveLength(1);
  expect(chats[0]!.parentSpanId).toBe(roots[0]!.spanId);
  expect(chats[0]!.traceId).toBe(roots[0]!.traceId);
}

describe('LangChain hook: node --import agent-otel/register', () => {
  it('traces a LangGraph graph of an ES module app that has no agent-otel code', async () => {
    expectOneRun(await runApp('graph-esm.mjs'), 'esm_graph');
  });

  it('traces an ES module app that loads only @langchain/core/runnables by name', async () => {
    expectOneRun(await runApp('runnables-esm.mjs'), 'esm_lambda');
  });

  it('traces a CommonJS app', async () => {
    expectOneRun(await runApp('chain-cjs.cjs'), 'cjs_chain');
  });

  it('traces each run once when the app also calls instrument()', async () => {
    expectOneRun(await runApp('both-esm.mjs'), 'both_graph');
  });
});
