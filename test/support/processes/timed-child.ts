import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { requireBuild, ROOT } from './child-writer.js';

export interface TimedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From the spawn to the exit (ms). */
  ms: number;
}

/**
 * Runs `node <script> <args...>` (a path from the repository root) to its end
 * and times it; killed, and rejected, after `timeoutMs`.
 */
export function runTimed(script: string, args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<TimedRun> {
  requireBuild();
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [resolve(ROOT, script), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${script} did not end within ${timeoutMs} ms`));
    }, timeoutMs);
    let ms = 0;
    child.on('exit', () => (ms = Math.round(performance.now() - started)));
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms });
    });
  });
}

/** The CLI of the built package. */
export const CLI = 'dist/cli/main.js';
