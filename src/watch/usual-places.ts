import { findLocations } from '../adapters/locations.js';

/** How often `--all` looks for usual places that did not exist before. */
const CHECK_MS = 10_000;

/**
 * The usual places of the supported agents (with `--all`): those that exist
 * now, then, every ten seconds, those that appeared since (an agent installed
 * after watch started).
 */
export class UsualPlaces {
  private readonly seen = new Set<string>();
  private lastCheck = 0;

  constructor(private readonly env: Record<string, string | undefined>) {}

  /** The places that exist and were not returned before; [] when checked less than ten seconds ago (unless `now`). */
  fresh(now = false): string[] {
    if (!now && Date.now() - this.lastCheck < CHECK_MS) return [];
    this.lastCheck = Date.now();
    const found = findLocations(this.env)
      .map((l) => l.path)
      .filter((p) => !this.seen.has(p));
    for (const path of found) this.seen.add(path);
    return found;
  }
}
