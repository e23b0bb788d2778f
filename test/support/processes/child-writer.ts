import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root; child scripts import the built package (`agent-otel` -> dist/). */
export const ROOT = resolve(import.meta.dirname, '../../..');

/** Fails loudly when dist/ is missing: `npm test` builds it first (`npm run build`). */
export function requireBuild(): void {
  if (!existsSync(resolve(ROOT, 'dist/index.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
}

export interface WriterProgress {
  /** Spans the child had made when it was killed. */
  produced: number;
  /** Spans the child had flushed (every sink acknowledged them) when it was killed. */
  flushed: number;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Runs `node <script> <args...>`, reading its `produced N` / `flushed N`
 * lines, and kills it with SIGKILL as soon as `killWhen` says so (checked on
 * every line and every 5 ms). Rejects if the child exits on its own or the
 * deadline passes first.
 */
export function runUntilKilled(
  script: string,
  args: string[],
  env: Record<string, string>,
  killWhen: (progress: WriterProgress) => boolean,
  timeoutMs = 60_000,
): Promise<WriterProgress> {
  requireBuild();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [resolve(ROOT, script), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const progress: WriterProgress = { produced: 0, flushed: 0, signal: null, stderr: '' };
    let killed = false;
    let buffered = '';
    const check = (): void => {
      if (!killed && killWhen(progress)) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    const poll = setInterval(check, 5);
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer not killed within ${timeoutMs} ms: ${JSON.stringify(progress)}`));
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [what, n] = line.split(' ');
        if (what === 'produced') progress.produced = Number(n);
        if (what === 'flushed') progress.flushed = Number(n);
        check();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (progress.stderr += chunk));
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      clearTimeout(deadline);
      progress.signal = signal;
      if (killed) resolvePromise(progress);
      else reject(new Error(`writer exited by itself (${signal ?? _code}): ${progress.stderr}`));
    });
  });
}
