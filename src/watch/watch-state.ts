import { createHash } from 'node:crypto';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { WarningSink } from '../core/diagnostics.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { describeError } from '../core/errors.js';
import { SpanLedger } from './span-ledger.js';

const FileEntry = z.object({
  dev: z.number(),
  ino: z.number(),
  horizon: z.number().int().nonnegative(),
  mtimeMs: z.number(),
});

const UnitEntry = z.object({
  /** Every span of the unit as its files stood was sent, roots included. */
  final: z.boolean(),
  /** When its files last grew (ms since the epoch). */
  lastChange: z.number(),
  /** The files and their marks when the unit was last mapped. */
  files: z.record(z.string(), FileEntry),
});
export type UnitEntry = z.infer<typeof UnitEntry>;

const StateFile = z.object({ version: z.literal(1), units: z.record(z.string(), UnitEntry) });
const LedgerFile = z.object({ unit: z.string(), spans: z.array(z.tuple([z.string(), z.string()])) });

export const STATE_FILE = 'watch-state.json';
const LEDGERS = 'ledgers';

/**
 * What `watch` keeps between runs, in its state folder: per unit, the files
 * with their identity and horizon as last mapped (`watch-state.json`), and the
 * ledger of spans sent (`ledgers/<digest>.json`). Every file is written whole
 * (temporary file, then rename). A file that is not readable state is moved
 * aside with a warning and that part starts over.
 */
export class WatchState {
  units = new Map<string, UnitEntry>();
  private constructor(
    readonly dir: string,
    private readonly warn: WarningSink,
  ) {}

  static async open(dir: string, warn: WarningSink): Promise<WatchState> {
    const state = new WatchState(dir, warn);
    await mkdir(join(dir, LEDGERS), { recursive: true, mode: 0o700 });
    const parsed = await state.readJson(join(dir, STATE_FILE), StateFile);
    if (parsed) state.units = new Map(Object.entries(parsed.units));
    return state;
  }

  /** The ledger of a unit (empty for a unit not seen before). */
  async ledger(key: string): Promise<SpanLedger> {
    const parsed = await this.readJson(this.ledgerPath(key), LedgerFile);
    return new SpanLedger(parsed && parsed.unit === key ? parsed.spans : []);
  }

  async saveLedger(key: string, ledger: SpanLedger): Promise<void> {
    if (!ledger.changed) return;
    await writeFileAtomic(this.ledgerPath(key), JSON.stringify({ unit: key, spans: ledger.entries() }));
    ledger.changed = false;
  }

  async save(): Promise<void> {
    await writeFileAtomic(join(this.dir, STATE_FILE), `${JSON.stringify({ version: 1, units: Object.fromEntries(this.units) })}\n`);
  }

  private ledgerPath(key: string): string {
    return join(this.dir, LEDGERS, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  }

  /** Reads a state file; a missing one is undefined, a broken one is moved aside and reported. */
  private async readJson<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      this.warn({ code: 'state_unreadable', file: path, message: `watch state not readable (${describeError(error)}); starting over` });
      return undefined;
    }
    let problem: string;
    try {
      const result = schema.safeParse(JSON.parse(text));
      if (result.success) return result.data;
      problem = 'not in the expected shape';
    } catch (error) {
      problem = `not JSON (${describeError(error)})`;
    }
    const aside = `${path}.corrupt-${Date.now()}`;
    await rename(path, aside).catch(() => undefined);
    this.warn({
      code: 'state_corrupt',
      file: path,
      message: `watch state is ${problem}; moved to ${aside} and starting over: what it covered is sent again`,
    });
    return undefined;
  }
}
