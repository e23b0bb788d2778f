import type { Adapter, FormatName, SourceUnit } from './adapter.js';
import type { WarningSink } from '../core/diagnostics.js';
import { probeFile } from './probe.js';
import { adapterFor, withUserAdapters } from './registry.js';
import { walkInputs } from './walk.js';
import { UnknownFormatError } from '../core/errors.js';

export interface DiscoverOptions {
  /** Skip detection: every file goes to this format's adapter. */
  format?: FormatName;
  /** Adapters of the user's, tried before the built-in ones (see `withUserAdapters`). */
  adapters?: readonly Adapter[];
  warn: WarningSink;
}

export interface Discovery {
  files: number;
  units: SourceUnit[];
  /** Data files (JSON, JSON Lines, SQLite) no adapter recognised: each is also a warning. */
  unrecognized: string[];
  /** Files that are not data at all (README, images, ...): counted, not warned about. */
  ignored: number;
  /** The first of them (MAX_IGNORED_NAMES), to name them in the summary. */
  ignoredNames: string[];
}

export const MAX_IGNORED_NAMES = 100;

const SQLITE_MAGIC = 'SQLite format 3';

/** True when a file looks like data an agent could have written: JSON, JSON Lines or SQLite. */
function looksLikeData(head: string): boolean {
  const start = head.trimStart()[0];
  return start === '{' || start === '[' || head.startsWith(SQLITE_MAGIC);
}

/**
 * Finds the session files under the inputs, decides each file's format by
 * its content (or by `format`), and lets each adapter group its files into
 * read units (a session with its subagent files, a rotated file set, ...).
 */
export async function discover(inputs: readonly string[], options: DiscoverOptions): Promise<Discovery> {
  const files = await walkInputs(inputs, options.warn);
  const claims = await claimFiles(files, options);
  const units = await planUnits(claims.claimed, options.warn);
  return { files: files.length, units, unrecognized: claims.unrecognized, ignored: claims.ignored, ignoredNames: claims.ignoredNames };
}

/** The files each adapter claimed, and what no adapter did. */
export interface Claims {
  claimed: Map<Adapter, string[]>;
  unrecognized: string[];
  ignored: number;
  ignoredNames: string[];
}

/** Decides each file's format by its content (or by `options.format`). */
export async function claimFiles(files: readonly string[], options: DiscoverOptions): Promise<Claims> {
  const { warn } = options;
  const candidates = withUserAdapters(options.adapters);
  let forced: Adapter | undefined;
  if (options.format) {
    forced = adapterFor(options.format, candidates);
    if (!forced) {
      throw new UnknownFormatError(`unknown format "${options.format}"; known: ${candidates.map((a) => a.format).join(', ')}`);
    }
  }
  const claimed = new Map<Adapter, string[]>();
  const unrecognized: string[] = [];
  let ignored = 0;
  const ignoredNames: string[] = [];
  for (const file of files) {
    let adapter = forced;
    if (!adapter) {
      try {
        const probe = probeFile(file);
        if (probe.head.length === 0) {
          warn({ code: 'empty_file', file, message: 'empty file; nothing to convert' });
          continue;
        }
        const data = looksLikeData(probe.head);
        adapter = candidates.find((a) => (data || a.text === true) && safeDetect(a, probe.path, () => a.detect(probe), warn));
        if (!adapter && !data) {
          if (ignored++ < MAX_IGNORED_NAMES) ignoredNames.push(file);
          continue;
        }
      } catch (error) {
        warn({ code: 'unreadable', file, message: `cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)}); skipped` });
        continue;
      }
    }
    if (!adapter) {
      unrecognized.push(file);
      warn({ code: 'unrecognized', file, message: 'not a known agent session format; skipped (use --format to force one)' });
      continue;
    }
    const list = claimed.get(adapter) ?? [];
    list.push(file);
    claimed.set(adapter, list);
  }
  return { claimed, unrecognized, ignored, ignoredNames };
}

/** Lets each adapter group the files it claimed into read units. */
export async function planUnits(claimed: ReadonlyMap<Adapter, readonly string[]>, warn: WarningSink): Promise<SourceUnit[]> {
  const units: SourceUnit[] = [];
  for (const [adapter, list] of claimed) {
    if (adapter.plan) units.push(...(await adapter.plan([...list], warn)));
    else for (const file of list) units.push({ format: adapter.format, label: file, files: [file] });
  }
  return units;
}

function safeDetect(adapter: Adapter, file: string, detect: () => boolean, warn: WarningSink): boolean {
  try {
    return detect();
  } catch (error) {
    warn({ code: 'adapter_error', file, message: `${adapter.format} detection failed: ${String(error)}` });
    return false;
  }
}
