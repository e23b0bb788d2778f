import { resolvePriceTable, type PriceTable } from '../cost/price-table.js';
import { CostTally } from '../spans/cost-tally.js';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { walkInputs } from '../adapters/walk.js';
import { Diagnostics, type Warning, type WarningSink } from '../core/diagnostics.js';
import { WatchBusyError } from '../core/errors.js';
import { mapLimited } from '../core/limiter.js';
import { acquireLockFile } from '../replay/lock-file.js';
import { SourceWatcher } from './source-watcher.js';
import type { SenderContext, TrackedUnit } from './unit-tracker.js';
import { UnitRunner } from './unit-runner.js';
import { UnitRegistry } from './unit-registry.js';
import { UsualPlaces } from './usual-places.js';
import type { WatchEvent, WatchStats } from './watch-events.js';
import { DEFAULT_SESSION_IDLE_MS, type WatchOptions } from './watch-options.js';
import { WatchState } from './watch-state.js';

/** Units mapped at once during the backfill. */
const BACKFILL_CONCURRENCY = 4;

/** How often the folders of an open session are listed again for files no event announced. */
const RESCAN_MS = 2000;

/**
 * The engine of `agent-otel watch`: a backfill of what is there, then, on
 * every change the SourceWatcher reports, the units concerned mapped again
 * and what is new sent. One piece of work runs at a time.
 */
export class SessionWatch {
  private readonly touched = new Set<string>();
  private readonly reported = new Set<string>();
  private readonly diagnostics: Diagnostics;
  private readonly warn: WarningSink;
  private readonly idleMs: number;
  private state!: WatchState;
  private registry!: UnitRegistry;
  private readonly places: UsualPlaces | undefined;
  private runner!: UnitRunner;
  private watcher!: SourceWatcher;
  private release: (() => Promise<void>) | undefined;
  private work: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly cost = new CostTally();
  /** Read once, before any work: a prices file that cannot be used fails the start. */
  private readonly prices: PriceTable;

  constructor(private readonly options: WatchOptions) {
    this.idleMs = options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
    // Each warning once: mapping a unit again reports the same bad line again.
    this.diagnostics = new Diagnostics(1000, options.onWarning);
    this.warn = (w: Warning) => {
      const key = `${w.code}\0${w.file ?? ''}\0${w.line ?? ''}\0${w.message}`;
      if (this.reported.has(key)) return;
      this.reported.add(key);
      this.diagnostics.warn(w);
    };
    this.prices = resolvePriceTable(options.prices ?? options.mapper?.prices, options.mapper?.env ?? options.env ?? process.env);
    this.places = options.all ? new UsualPlaces(options.env ?? process.env) : undefined;
  }

  stats(): WatchStats {
    const units = this.registry?.units ?? new Map<string, TrackedUnit>();
    const open = [...units.values()].filter((u) => !u.entry.final).length;
    const counts = this.runner?.counts ?? { spans: 0, resent: 0, failed: 0 };
    return { units: units.size, open, ...counts, warnings: this.diagnostics.total, cost: this.cost.summary() };
  }

  /** Backfills, then follows; resolves when the backfill is done or cut short by `options.signal`. */
  async start(): Promise<void> {
    const { options } = this;
    const stateDir = resolve(options.stateDir);
    this.state = await WatchState.open(stateDir, this.warn);
    const lock = join(stateDir, 'watch.lock');
    this.release = await acquireLockFile(lock);
    if (!this.release) throw new WatchBusyError(stateDir, `lock ${lock}`);
    this.registry = new UnitRegistry(this.state, { format: options.format, adapters: options.adapters }, this.warn);
    const sender: SenderContext = {
      exporter: options.exporter,
      flush: options.flush ?? (() => options.exporter.forceFlush?.() ?? Promise.resolve()),
      state: this.state,
      mapper: { ...options.mapper, prices: this.prices },
      cost: this.cost,
      maxLineBytes: options.maxLineBytes,
      warn: this.warn,
    };
    this.runner = new UnitRunner(sender, this.registry, options.settleMs ?? 100, (e) => this.emit(e), this.warn);
    const started = Date.now();
    // Subscribed before the backfill lists the files, so nothing written meanwhile is missed.
    this.watcher = new SourceWatcher((paths) => this.onPaths(paths), { poll: options.poll, pollIntervalMs: options.pollIntervalMs, warn: this.warn });
    const inputs = [...options.inputs.map((p) => resolve(p)), ...(this.places?.fresh(true) ?? [])];
    for (const input of inputs) await this.watcher.add(input);
    const files = await walkInputs(inputs, this.warn);
    // The backfill is the first step of the work queue: changes seen meanwhile are followed after it.
    const backfill = this.work.then(async () => {
      await this.registry.claim(files);
      this.registry.sayPlanWarnings(Infinity);
      // Units are independent: a few are mapped at once, so one's reading overlaps another's waiting on the disk.
      await mapLimited([...this.registry.units.values()], BACKFILL_CONCURRENCY, async (tracked) => {
        if (!options.signal?.aborted) await this.runner.backfill(tracked, options.since, this.idleMs);
      });
      await this.state.save();
    });
    this.work = backfill.catch(() => undefined);
    await backfill;
    if (options.signal?.aborted) return;
    this.emit({ type: 'ready', units: this.registry.units.size, files: files.length, spans: this.runner.counts.spans, millis: Date.now() - started });
    this.timer = setInterval(() => this.enqueue(() => this.heartbeat()), Math.min(1000, Math.max(50, this.idleMs / 4)));
    this.timer.unref();
  }

  /** Stops following: the work under way ends, the state is saved. The exporter is the caller's to shut down. */
  async stop(): Promise<WatchStats> {
    if (!this.stopped) {
      this.stopped = true;
      if (this.timer) clearInterval(this.timer);
      if (this.settleTimer) clearTimeout(this.settleTimer);
      await this.watcher?.close();
      await this.work;
      // Only a watch that holds the lock writes the state (one that found it taken leaves it alone).
      if (this.release) await this.state.save().catch((error: unknown) => this.warn({ code: 'state_unwritable', message: String(error) }));
      await this.release?.();
    }
    return this.stats();
  }

  private emit(event: WatchEvent): void {
    this.options.onEvent?.(event);
  }

  private enqueue(task: () => Promise<void>): void {
    this.work = this.work.then(task).catch((error: unknown) => this.warn({ code: 'watch_error', message: `watch step failed: ${String(error)}` }));
  }

  private onPaths(paths: string[]): void {
    if (this.stopped) return;
    for (const path of paths) this.touched.add(path);
    // Changes that come together are mapped together.
    this.followAt(this.options.settleMs ?? 100);
  }

  private followAt(delayMs: number): void {
    this.settleTimer ??= setTimeout(
      () => {
        this.settleTimer = undefined;
        this.enqueue(() => this.follow());
      },
      Math.max(0, delayMs),
    );
  }

  /** The paths reported since the last step: new files claimed, changed units mapped again. */
  private async follow(): Promise<void> {
    if (this.stopped) return;
    const paths = [...this.touched];
    this.touched.clear();
    const now = Date.now();
    const dirty = new Set<TrackedUnit>();
    const fresh: string[] = [];
    for (const path of paths) {
      const tracked = this.registry.unitOf(path);
      if (tracked) {
        dirty.add(tracked);
        continue;
      }
      const info = await stat(path).catch(() => undefined);
      if (info?.isDirectory()) {
        fresh.push(...(await walkInputs([path], this.warn).catch(() => [])));
        await this.watcher.pollNewFolder(path);
      } else if (info?.isFile()) fresh.push(path);
    }
    for (const tracked of await this.registry.claim(fresh)) dirty.add(tracked);
    let later = Infinity;
    for (const tracked of dirty) {
      tracked.changedAt ??= now;
      // A unit is mapped whole each time it changes: one whose mapping takes long waits as long again
      // before the next, so a large session being written costs at most half a core.
      if (tracked.notBefore !== undefined && tracked.notBefore > now) {
        later = Math.min(later, tracked.notBefore);
        for (const file of tracked.unit.files) this.touched.add(file);
        continue;
      }
      await this.runner.update(tracked);
    }
    await this.state.save();
    if (later !== Infinity) this.followAt(later - Date.now());
  }

  /** Every second: sessions gone idle are closed, open units checked for missed changes, new usual places looked for. */
  private async heartbeat(): Promise<void> {
    if (this.stopped) return;
    const now = Date.now();
    let changed = false;
    const missed: string[] = [];
    for (const tracked of this.registry.units.values()) {
      if (tracked.entry.final) continue;
      if (now - tracked.entry.lastChange >= this.idleMs) {
        await this.runner.run(tracked, true);
        changed = true;
        continue;
      }
      // An open session's files and folders are looked at directly too, in case an event was missed.
      for (const file of tracked.unit.files) {
        const info = await stat(file).catch(() => undefined);
        if (info?.mtimeMs !== tracked.entry.files[file]?.mtimeMs) missed.push(file);
      }
      if (now - (tracked.scannedAt ?? 0) >= RESCAN_MS) {
        tracked.scannedAt = now;
        missed.push(...(await this.registry.unseenNear(tracked)));
      }
    }
    missed.push(...(await this.registry.waiting.due()));
    // What planning said of a file set is said once the set has stayed so for a session's idle time.
    this.registry.sayPlanWarnings(now - this.idleMs);
    if (missed.length > 0) this.onPaths(missed);
    if (this.places) {
      for (const path of this.places.fresh()) {
        this.emit({ type: 'location', path });
        await this.watcher.add(path);
        this.onPaths([path]);
      }
    }
    if (changed) await this.state.save();
  }
}
