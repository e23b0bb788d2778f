import type { WarningSink } from '../core/diagnostics.js';
import type { FileMark } from './file-horizon.js';
import type { UnitRegistry } from './unit-registry.js';
import { changesOf, mapAndSend, markUnit, type SenderContext, type TrackedUnit } from './unit-tracker.js';
import type { WatchEvent } from './watch-events.js';

const WHAT = { replaced: 'was replaced by another file', truncated: 'was cut short', deleted: 'was deleted' } as const;

/**
 * Maps units and keeps the counts: spans sent and sent again, failures, the
 * lag from a change to its spans. A unit whose mapping took long is not mapped
 * again before as long again has passed (`notBefore`), since it is mapped whole.
 */
export class UnitRunner {
  readonly counts = { spans: 0, resent: 0, failed: 0, lagMs: undefined as number | undefined };

  constructor(
    private readonly sender: SenderContext,
    private readonly registry: UnitRegistry,
    private readonly settleMs: number,
    private readonly emit: (event: WatchEvent) => void,
    private readonly warn: WarningSink,
  ) {}

  /**
   * Maps a unit found at the start: skipped when nothing changed since the
   * state, or left out (but followed) when its files are older than `since`;
   * a unit idle for `idleMs` already is mapped as over.
   */
  async backfill(tracked: TrackedUnit, since: number | undefined, idleMs: number): Promise<void> {
    const marks = await markUnit(tracked.unit, false);
    const newest = Math.max(0, ...Object.values(marks).map((m) => m.mtimeMs));
    const known = Object.keys(tracked.entry.files).length > 0;
    if (!known && since !== undefined && newest < since) {
      // If it grows, it is mapped whole.
      tracked.entry.files = marks;
      tracked.entry.final = true;
      return;
    }
    if (tracked.entry.final && changesOf(tracked.entry, marks).size === 0) return;
    tracked.entry.lastChange = Math.max(tracked.entry.lastChange, newest);
    await this.run(tracked, Date.now() - tracked.entry.lastChange >= idleMs, marks);
  }

  /** A unit whose files were reported: mapped again if they changed; replaced, cut or deleted files said once. */
  async update(tracked: TrackedUnit): Promise<void> {
    const marks = await markUnit(tracked.unit, false);
    const changes = changesOf(tracked.entry, marks);
    if (changes.size === 0) return;
    for (const [path, change] of changes) {
      if (change !== 'replaced' && change !== 'truncated' && change !== 'deleted') continue;
      this.emit({ type: 'file', path, change });
      this.warn({
        code: `file_${change}`,
        file: path,
        message: `${WHAT[change]} while watched; what was sent from it stays sent, what it holds now is read from its start`,
      });
      if (change === 'deleted') this.registry.forget(tracked, path);
    }
    tracked.entry.lastChange = Date.now();
    await this.run(tracked, false, marks);
  }

  /** Maps a unit and sends what is new; `final` sends its roots and open calls too; `marks` if just taken. */
  async run(tracked: TrackedUnit, final: boolean, marks?: Record<string, FileMark>): Promise<void> {
    const began = Date.now();
    const report = await mapAndSend(tracked, this.sender, final, marks);
    const took = Date.now() - began;
    tracked.notBefore = took > this.settleMs ? Date.now() + took : undefined;
    this.counts.spans += report.sent;
    this.counts.resent += report.resent;
    this.counts.failed += report.failed;
    const lagMs = tracked.changedAt !== undefined && report.sent > 0 ? Date.now() - tracked.changedAt : undefined;
    if (report.failed === 0) tracked.changedAt = undefined;
    if (lagMs !== undefined) this.counts.lagMs = lagMs;
    if (report.sent > 0) this.emit({ type: 'spans', unit: tracked.unit.label, sent: report.sent, resent: report.resent, ...(lagMs !== undefined ? { lagMs } : {}) });
    if (tracked.entry.final) {
      this.emit({ type: 'session-over', unit: tracked.unit.label, reason: final ? 'idle' : 'ended' });
      tracked.ledger = undefined;
    }
  }
}
