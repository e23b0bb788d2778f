import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './library.mjs';

export const CLI = join(REPO, 'dist/cli/main.js');

/**
 * `agent-otel watch <inputs> --out <out> --state <state> --json <args>` as its
 * own process, as users run it. `ready` resolves with the backfill's `ready`
 * event; `stop()` sends SIGTERM and resolves with the exit code and the
 * `stopped` event. Every JSON event printed is kept in `events`.
 *
 * @param {{ inputs: string[], out: string, state: string, args?: string[], env?: Record<string, string> }} options
 */
export function startWatchProcess({ inputs, out, state, args = [], env = {} }) {
  const child = spawn(process.execPath, [CLI, 'watch', ...inputs, '--out', out, '--state', state, '--json', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** @type {any[]} */
  const events = [];
  let stderr = '';
  let carry = '';
  /** @type {(event: any) => void} */
  let onReady = () => undefined;
  /** @type {(error: Error) => void} */
  let onFail = () => undefined;
  const ready = new Promise((resolve, reject) => {
    onReady = resolve;
    onFail = reject;
  });
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line);
      events.push(event);
      if (event.type === 'ready') onReady(event);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  /** @type {Promise<number | null>} */
  const exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  void exit.then((code) => onFail(new Error(`agent-otel watch exited (${code}) before it was ready:\n${stderr.slice(-2000)}`)));
  return {
    pid: /** @type {number} */ (child.pid),
    events,
    ready,
    stderr: () => stderr,
    /** @returns {Promise<{ code: number | null, stopped: any }>} */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exit;
      clearTimeout(timer);
      return { code, stopped: events.find((e) => e.type === 'stopped') };
    },
  };
}
