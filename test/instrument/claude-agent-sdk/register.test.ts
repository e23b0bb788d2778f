import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../support/isolation/temp-dirs.js';
import { readJsonlSpans } from '../../support/spans/jsonl-spans.js';
import { expectedChats, expectedTools } from './recorded-expectations.js';
import { FAKE_CLI, streamMessages, streamPath } from './recorded-runs.js';
import { runWithRegister } from '../../support/processes/run-with-register.js';

const tempDir = useTempDirs();

describe('Claude Agent SDK through node --import agent-otel/register', () => {
  for (const mode of ['plain', 'instrument'] as const) {
    it(`traces the run of an app with no tracing code${mode === 'instrument' ? ', once when it also calls instrument()' : ''}`, async () => {
      const jsonl = join(tempDir(), 'spans.jsonl');
      const env = { FAKE_CLAUDE_CLI: FAKE_CLI, FAKE_CLAUDE_STREAM: streamPath('tool-run') };
      const run = await runWithRegister('test/instrument/claude-agent-sdk/recorded/register-app.mjs', [mode], jsonl, env);
      const recorded = streamMessages('tool-run');
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(`messages ${recorded.length}\n`);
      const spans = readJsonlSpans(jsonl);
      const op = (name: string) => spans.filter((s) => s.attributes['gen_ai.operation.name'] === name);
      expect(op('invoke_agent').map((s) => s.attributes['gen_ai.agent.name']).sort()).toEqual(['Explore', 'claude-code']);
      expect(op('chat').map((s) => s.attributes['gen_ai.response.id']).sort()).toEqual(expectedChats(recorded).map((c) => c.responseId).sort());
      expect(op('execute_tool').map((s) => s.attributes['gen_ai.tool.call.id']).sort()).toEqual(expectedTools(recorded).map((t) => t.callId).sort());
      expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    }, 90_000);
  }

  it('runs the example offline (its own mock CLI) and traces it', async () => {
    const jsonl = join(tempDir(), 'example.jsonl');
    const run = await runWithRegister('examples/claude-agent-sdk-agent.mjs', [], jsonl, { ANTHROPIC_API_KEY: '' });
    expect(run.code, run.stderr).toBe(0);
    const answer = /^claude: (.*)$/m.exec(run.stdout)?.[1];
    expect(answer).toMatch(/^There are \d+ \.mjs files/);
    const spans = readJsonlSpans(jsonl);
    const names = spans.map((s) => s.name).sort();
    expect(names).toEqual(['chat claude-sonnet-4-5-20250929', 'chat claude-sonnet-4-5-20250929', 'execute_tool Glob', 'invoke_agent claude-code']);
    const root = spans.find((s) => s.parentSpanId === undefined)!;
    expect(root.attributes['agent_otel.session.outcome']).toBe('ok');
    expect(root.attributes['agent_otel.session.reported.cost_usd']).toBe(Number(/\$(\d+\.\d+)/.exec(run.stdout)?.[1]));
  }, 90_000);
});
