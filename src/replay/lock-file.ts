import { open, readFile, rm, stat } from 'node:fs/promises';

/** A lock older than this is taken over even if its process seems alive (pid reuse). */
const LOCK_STALE_MS = 15 * 60_000;
/** A lock file still without its pid this long after its creation was left by a writer that died at once. */
const UNWRITTEN_STALE_MS = 10_000;

/** Whether a process with this id runs (EPERM: it does, as another user). */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes a lock: the file `path`, created exclusively (0600) and holding our
 * pid, so that two processes (or two calls in one process) starting together
 * do not work on the same thing twice. A lock whose process is gone, that
 * holds no pid, or that is older than 15 minutes is taken over; one just
 * created, still empty because its pid is not written yet, is not. Resolves
 * with a release function, or undefined when someone else holds the lock.
 */
export async function acquireLockFile(path: string): Promise<(() => Promise<void>) | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [owner, info] = await Promise.all([readFile(path, 'utf8').catch(() => ''), stat(path).catch(() => undefined)]);
      if (!info) continue; // released meanwhile: try again
      const text = owner.trim();
      const pid = Number(text);
      const age = Date.now() - info.mtimeMs;
      const dead = !Number.isSafeInteger(pid) || pid <= 0 || !isAlive(pid);
      const stale = age > LOCK_STALE_MS || (text === '' ? age > UNWRITTEN_STALE_MS : dead);
      if (!stale || pid === process.pid) return undefined;
      await rm(path, { force: true });
    }
  }
  return undefined;
}
