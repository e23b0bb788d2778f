import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { requireBuild, ROOT } from '../../support/processes/child-writer.js';

export interface AppRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node --import <built>/register.js <script> <args>` (a path from the
 * repository root), its spans to the JSONL file `jsonl` only (no OTLP), to
 * its end; killed, and rejected, after a minute.
 */
export function runWithRegister(script: string, args: string[], jsonl: string, env: Record<string, string> = {}): Promise<AppRun> {
  requireBuild();
  const register = pathToFileURL(resolve(ROOT, 'dist/register.js')).href;
  const childEnv = { ...process.env, AGENT_OTEL_JSONL_PATH: jsonl, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '', ...env };
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', register, resolve(ROOT, script), ...args], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${script} did not end within 60 s: ${stderr}`));
    }, 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
