import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requireBuild, ROOT } from '../../support/processes/child-writer.js';
import { useTempDirs } from '../../support/isolation/temp-dirs.js';
import { readJsonlSpans } from '../../support/spans/jsonl-spans.js';
import { expectedChats, expectedTools } from './recorded-expectations.js';
import { FAKE_CLI, streamMessages, streamPath } from './recorded-runs.js';

const tempDir = useTempDirs();
const APP = resolve(ROOT, 'test/fixtures/claude-agent-sdk/register-app.mjs');

/** Runs the app with `node --import <built>/register.js`, spans to a JSONL file; its stdout. */
function runApp(jsonl: string, mode: 'plain' | 'instrument'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  requireBuild();
  const register = pathToFileURL(resolve(ROOT, 'dist/register.js')).href;
  const env: Record<string, string | undefined> = {
    ...process.env,
    AGENT_OTEL_JSONL_PATH: jsonl,
    OTEL_EXPORTER_OTLP_ENDPOINT: '',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
    OTEL_SERVICE_NAME: 'cart-fixer',
    FAKE_CLAUDE_CLI: FAKE_CLI,
    FAKE_CLAUDE_STREAM: streamPath('tool-run'),
  };
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', register, APP, mode], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the app did not end within 60 s: ${stderr}`));
    }, 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('Claude Agent SDK through node --import agent-otel/register', () => {
  for (const mode of ['plain', 'instrument'] as const) {
    it(`traces the run of an app with no tracing code${mode === 'instrument' ? ', once when it also calls instrument()' : ''}`, async () => {
      const jsonl = join(tempDir(), 'spans.jsonl');
      const run = await runApp(jsonl, mode);
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
});
