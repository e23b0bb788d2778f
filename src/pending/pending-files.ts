import { readdirSync, statSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { nextSequence, rotatedFileName } from '../exporters/jsonl/file-names.js';
import { layoutOf } from '../exporters/jsonl/output-target.js';
import type { JsonlLayout } from '../exporters/jsonl/jsonl-options.js';
import { acquireLockFile, isAlive } from '../replay/lock-file.js';

/**
 * The pending folder: `pending/` inside the JSONL output folder. Each batch
 * the OTLP leg accepts is written there as its own OTLP/JSON Lines file before
 * it is sent, named like the JSONL output (`agent-otel-<time>-<pid>-<seq>.jsonl`)
 * plus `.inflight` while it is being sent. A delivered batch's file is
 * removed; an undelivered one loses the `.inflight` suffix and is pending.
 * An `.inflight` file whose writer process is gone (killed) is pending too.
 */
export const PENDING_DIR = 'pending';
export const INFLIGHT_SUFFIX = '.inflight';
/** A journal file being written (renamed to `.inflight` once whole). */
export const TEMP_SUFFIX = '.tmp';
/** Where files with spans the endpoint refused for good are moved (kept for a look, never sent again). */
export const REFUSED_DIR = 'refused';
/** The replay checkpoint of deliveries from this folder (hidden: never taken as input). */
export const CHECKPOINT_FILE = '.agent-otel-replay.checkpoint.json';
const LOCK_FILE = '.deliver.lock';

const NAME = /^agent-otel-\d{8}T\d{6}Z-(\d+)-\d+\.jsonl(\.inflight)?$/;
/** A journal file its writer never finished (never sent, and not in the JSONL either: the journal is written first). */
const TEMP_NAME = /^agent-otel-\d{8}T\d{6}Z-(\d+)-\d+\.jsonl\.inflight\.tmp$/;

/**
 * The pending folder of a JSONL output path: `pending/` in it when it is a
 * folder, next to it when it is a file. Decided at once, as the JSONL
 * exporter decides (a path that cannot be looked at counts as new).
 */
export function pendingDirFor(jsonlPath: string, layout?: JsonlLayout): string {
  let existing: ReturnType<typeof statSync> | undefined;
  if (layout === undefined) {
    try {
      existing = statSync(jsonlPath);
    } catch {
      existing = undefined;
    }
  }
  const resolved = layout ?? layoutOf(jsonlPath, existing);
  return join(resolved === 'directory' ? jsonlPath : dirname(jsonlPath), PENDING_DIR);
}

/** A new journal file name of this process (in flight). */
export function inflightName(): string {
  return `${rotatedFileName(new Date(), process.pid, nextSequence())}${INFLIGHT_SUFFIX}`;
}

/** The names (pending form) of the files in the pending folder now; none when it does not exist. */
export function pendingNamesNow(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir).filter((name) => NAME.test(name)).map(pendingName));
  } catch {
    return new Set();
  }
}

/** The name a file takes once its batch is known to be undelivered. */
export function pendingName(path: string): string {
  return path.endsWith(INFLIGHT_SUFFIX) ? path.slice(0, -INFLIGHT_SUFFIX.length) : path;
}

export interface DeliverableFiles {
  /** Pending files, oldest first. */
  files: string[];
  /** `.inflight` files of processes still running (their batches may still be delivered): left alone. */
  inflight: number;
}

/**
 * Lists the pending files, claiming the `.inflight` files of writers that are
 * gone (renamed to pending, so that no one else claims them); `only`, when
 * given, limits it to those names (pending form). Only call this while
 * holding the delivery lock.
 */
export async function listDeliverable(dir: string, only?: ReadonlySet<string>): Promise<DeliverableFiles> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const out: DeliverableFiles = { files: [], inflight: 0 };
  for (const name of names.sort()) {
    const unfinished = TEMP_NAME.exec(name);
    if (unfinished && !isAlive(Number(unfinished[1]))) await rm(join(dir, name), { force: true }).catch(() => undefined);
    const match = NAME.exec(name);
    if (!match) continue;
    const path = join(dir, name);
    if (only && !only.has(pendingName(name))) continue;
    if (match[2] === undefined) {
      out.files.push(path);
    } else if (isAlive(Number(match[1]))) {
      out.inflight++;
    } else {
      await rename(path, pendingName(path)).then(
        () => out.files.push(pendingName(path)),
        () => undefined,
      );
    }
  }
  out.files.sort();
  return out;
}

/**
 * Takes the folder's delivery lock (see acquireLockFile), so that two
 * processes starting together do not deliver the same files twice. Resolves
 * with a release function, or undefined when another delivery holds the lock.
 */
export function acquireDeliveryLock(dir: string): Promise<(() => Promise<void>) | undefined> {
  return acquireLockFile(join(dir, LOCK_FILE));
}
