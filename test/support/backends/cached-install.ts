import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What the backend install scripts (scripts/build-backends.sh, scripts/install-phoenix.sh) have in common
 * for the tests: a cache folder outside the repository, a lock so that one test process installs while the
 * others wait, running the script with its log kept for the failure message, and the loud skip (or, on CI,
 * the failure) when the backend cannot be had.
 */

/** `$XDG_CACHE_HOME/agent-otel/<name>` (or `~/.cache/...`), unless `override` (an environment variable's value) is set. */
export function cacheDir(name: string, override: string | undefined): string {
  return override ?? join(process.env.XDG_CACHE_HOME ?? join(process.env.HOME ?? tmpdir(), '.cache'), 'agent-otel', name);
}

const LOCK_STALE_MS = 30 * 60_000;

/** Test files run in parallel processes: one installs into `dir`, the others wait for its lock. */
export async function withDirLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = join(dir, '.build.lock');
  await mkdir(dir, { recursive: true });
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await stat(lock).then((s) => s.mtimeMs, () => Date.now()));
      if (age > LOCK_STALE_MS) await rm(lock, { recursive: true, force: true });
      else await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

export interface ScriptRun {
  code: number | null;
  /** The script's last line of output: the cache folder it filled. */
  dir: string | undefined;
  /** The last lines of its log (stderr), for messages. */
  logTail: string;
}

/** Runs `bash <script>` from `cwd`, stdout captured, stderr to a temporary log file read back at the end. */
export function runInstallScript(script: string, cwd: string): Promise<ScriptRun> {
  const logFile = join(tmpdir(), `agent-otel-${basename(script, '.sh')}-${process.pid}.log`);
  const fd = openSync(logFile, 'w');
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', [script], { cwd, stdio: ['ignore', 'pipe', fd] });
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      closeSync(fd);
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      rmSync(logFile, { force: true });
      const dir = stdout.trim().split('\n').at(-1);
      resolvePromise({ code, dir: dir === '' ? undefined : dir, logTail: log.trim().split('\n').slice(-30).join('\n') });
    });
  });
}

/** True when `command ...args` runs and exits 0 (e.g. `go version`). */
export function hasCommand(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/**
 * For a missing backend in a `beforeAll`: with CI set, throws (the backend is required there); elsewhere
 * prints a loud banner with the reason and how to install it, and returns undefined so the suite skips.
 */
export function skipLoudly(suite: string, what: string, reason: string, fix: string): undefined {
  if (process.env.CI) throw new Error(`${suite}: ${what} required on CI: ${reason}`);
  const bar = '!'.repeat(78);
  console.error(`\n${bar}\n!! SKIPPING ${suite}: ${what} not available.\n!! ${reason.split('\n').join('\n!! ')}\n!! ${fix}\n${bar}\n`);
  return undefined;
}
