import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Adapter, FormatName } from '../adapters/adapter.js';
import { claimFiles, planUnits } from '../adapters/discover.js';
import { walkInputs } from '../adapters/walk.js';
import type { Warning, WarningSink } from '../core/diagnostics.js';
import { markFile, readsAsLines } from './file-horizon.js';
import { databaseOfLog } from './sqlite-log.js';
import { unitKey, type TrackedUnit } from './unit-tracker.js';
import { WaitingFiles } from './waiting-files.js';
import type { WatchState } from './watch-state.js';

/**
 * The units watch follows and the files they are made of: files are claimed
 * by their format's adapter as they appear and the adapter's plan groups them
 * again (a subagent file joins its session's unit). What cannot be taken yet
 * waits (WaitingFiles); what planning says of a file set is said once the set
 * has stayed so for a while (`sayPlanWarnings`).
 */
export class UnitRegistry {
  readonly units = new Map<string, TrackedUnit>();
  readonly waiting: WaitingFiles;
  private readonly unitOfFile = new Map<string, string>();
  private readonly claimed = new Map<Adapter, Set<string>>();
  private readonly planWarnings = new Map<Adapter, { warnings: Warning[]; at: number }>();

  constructor(
    private readonly state: WatchState,
    private readonly options: { format?: FormatName; adapters?: readonly Adapter[] },
    private readonly warn: WarningSink,
  ) {
    this.waiting = new WaitingFiles(warn);
  }

  /** The unit a file belongs to (a database's `-wal` file: the database's), if any. */
  unitOf(path: string): TrackedUnit | undefined {
    const database = databaseOfLog(path);
    const key = this.unitOfFile.get(path) ?? (database === undefined ? undefined : this.unitOfFile.get(database));
    return key === undefined ? undefined : this.units.get(key);
  }

  /** Files claimed by their format's adapter and grouped into units; returns the units that are new or changed. */
  async claim(files: readonly string[]): Promise<Set<TrackedUnit>> {
    const fresh: string[] = [];
    // Each file's time before it is read: a write after that makes it due again if it cannot be taken now.
    const seenAt = new Map<string, number>();
    for (const file of files) {
      if (this.unitOfFile.has(file)) continue;
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) continue;
      seenAt.set(file, info.mtimeMs);
      this.waiting.delete(file);
      if (readsAsLines(file) && (await markFile(file))?.horizon === 0) {
        // Nothing to tell its format by yet; an empty file that stays empty is reported as convert does.
        this.waiting.add(file, info.mtimeMs, info.size === 0 ? { code: 'empty_file', file, message: 'empty file; nothing to convert' } : undefined);
        continue;
      }
      fresh.push(file);
    }
    const changed = new Set<TrackedUnit>();
    if (fresh.length === 0) return changed;
    // A file caught empty or half written is not reported now: it waits for its next change.
    const unclaimed = new Map<string, Warning>();
    const warn = (w: Warning) => {
      if (w.file !== undefined && (w.code === 'unrecognized' || w.code === 'empty_file')) unclaimed.set(w.file, w);
      else this.warn(w);
    };
    const { claimed } = await claimFiles(fresh, { ...this.options, warn });
    for (const [file, warning] of unclaimed) this.waiting.add(file, seenAt.get(file) ?? 0, warning);
    for (const [adapter, list] of claimed) {
      const all = this.claimed.get(adapter) ?? new Set<string>();
      for (const file of list) all.add(file);
      this.claimed.set(adapter, all);
      const said: Warning[] = [];
      const planned = await planUnits(new Map([[adapter, [...all]]]), (w) => said.push(w));
      this.planWarnings.set(adapter, { warnings: said, at: Date.now() });
      this.dropStale(adapter, new Set(planned.map(unitKey)));
      for (const unit of planned) {
        const key = unitKey(unit);
        let tracked = this.units.get(key);
        if (!tracked) {
          tracked = { key, unit, adapter, entry: this.state.units.get(key) ?? { final: false, lastChange: 0, files: {} } };
          this.units.set(key, tracked);
          this.state.units.set(key, tracked.entry);
        } else if (tracked.unit.files.join('\n') === unit.files.join('\n')) continue;
        tracked.unit = unit;
        for (const file of unit.files) this.unitOfFile.set(file, key);
        changed.add(tracked);
      }
    }
    return changed;
  }

  /**
   * Files beside an open unit's files, or in the folder named after one
   * (Claude Code's `<session>/subagents/`), that no unit has: a folder made
   * with its subfolders in one go can escape the file events, so the folders
   * of the sessions still open are listed again now and then.
   */
  async unseenNear(tracked: TrackedUnit): Promise<string[]> {
    const beside = new Set(tracked.unit.files.map((file) => dirname(file)));
    const named = new Set(tracked.unit.files.map((file) => file.replace(/\.[^./\\]+$/, '')));
    const found: string[] = [];
    for (const folder of beside) {
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) if (entry.isFile()) found.push(join(folder, entry.name));
    }
    for (const folder of named) found.push(...(await walkInputs([folder], () => undefined).catch(() => [])));
    return found.filter((file) => !this.unitOfFile.has(file) && !this.waiting.has(file));
  }

  /** A file of a unit that was deleted: the unit goes on without it. */
  forget(tracked: TrackedUnit, path: string): void {
    this.unitOfFile.delete(path);
    for (const files of this.claimed.values()) files.delete(path);
    tracked.unit = { ...tracked.unit, files: tracked.unit.files.filter((f) => f !== path) };
  }

  /**
   * What planning said of file sets unchanged since `before` (a meta file
   * without its transcript may only be waiting for it): said now, once.
   */
  sayPlanWarnings(before: number): void {
    for (const [adapter, entry] of this.planWarnings) {
      if (entry.at > before) continue;
      for (const w of entry.warnings) this.warn(w);
      this.planWarnings.delete(adapter);
    }
  }

  /**
   * Units of `adapter` the new plan no longer has: their files joined another
   * unit (a subagent file whose session file showed up). What they held back
   * is never sent; their files are mapped with the unit they joined.
   */
  private dropStale(adapter: Adapter, keys: ReadonlySet<string>): void {
    for (const [key, tracked] of this.units) {
      if (tracked.adapter !== adapter || keys.has(key)) continue;
      this.units.delete(key);
      this.state.units.delete(key);
      for (const file of tracked.unit.files) if (this.unitOfFile.get(file) === key) this.unitOfFile.delete(file);
    }
  }
}
