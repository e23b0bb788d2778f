import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireBuild, ROOT } from '../processes/child-writer.js';
import { CLI } from '../processes/timed-child.js';

/** One JSON line `watch --json` printed (an event, a warning, or the last `stopped`). */
export type PrintedEvent = { type: string } & Record<string, unknown>;

/** `agent-otel watch` running as a child process of the built package. */
export interface WatchChild {
  /** What it printed on stdout, one parsed `--json` line each, so far. */
  events: PrintedEvent[];
  stderr(): string;
  /** Resolves when it exits, with its exit code and the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
  /** Waits until an event satisfies `test` (checked on every event already printed too). */
  waitForEvent(test: (event: PrintedEvent) => boolean, what: string, timeoutMs?: number): Promise<PrintedEvent>;
}

/**
 * Starts `node dist/cli/main.js watch <args...> --json`; stdout is read as
 * JSON lines. The child is killed with SIGKILL if the test ends first (see
 * `stopAll`).
 */
export function startWatchChild(args: string[], env: Record<string, string> = {}): WatchChild {
  requireBuild();
  const child = spawn(process.execPath, [resolve(ROOT, CLI), 'watch', ...args, '--json'], {
    cwd: ROOT,
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child.pid!);
  const events: PrintedEvent[] = [];
  let stderr = '';
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') events.push(JSON.parse(line) as PrintedEvent);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.on('close', (code, signal) => {
      running.delete(child.pid!);
      done({ code, signal });
    });
  });
  let over = false;
  void exited.then(() => (over = true));
  return {
    events,
    stderr: () => stderr,
    exited,
    kill: (signal) => child.kill(signal),
    async waitForEvent(test, what, timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(test);
        if (found) return found;
        if (over) throw new Error(`watch exited before ${what}; stderr: ${stderr}`);
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stderr: ${stderr}`);
        await sleep(25);
      }
    },
  };
}

const running = new Set<number>();

/** Kills (SIGKILL) every watch child still running; for an afterEach. */
export function stopAll(): void {
  for (const pid of running) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}
