import type { AgentEvent } from '../../model/events.js';
import type { ReadContext, SourceUnit } from '../adapter.js';
import { storeEvents } from './convert.js';
import { JsonStore } from './json-store.js';
import { storageRoot, type OpenCodeHints } from './plan.js';
import { SqliteStore } from './sqlite-store.js';
import type { OpenCodeStore } from './store.js';

/**
 * Opens the unit's store (the JSON storage root, or each SQLite database) and
 * reads its sessions. A unit without hints (planned elsewhere) is a JSON
 * storage when its first file sits in one.
 */
export async function* readOpenCode(unit: SourceUnit<OpenCodeHints>, ctx: ReadContext): AsyncIterable<AgentEvent> {
  const first = unit.files[0];
  if (first === undefined) return;
  const hints = unit.hints;
  const root = hints?.kind === 'json' ? hints.root : storageRoot(first)?.root;
  const stores: OpenCodeStore[] = [];
  if (root !== undefined) stores.push(new JsonStore(root, unit.files, ctx.warn));
  else {
    for (const file of unit.files) {
      const store = await SqliteStore.open(file, ctx.warn);
      if (store) stores.push(store);
    }
  }
  for (const store of stores) {
    try {
      yield* storeEvents(store, ctx.warn, ctx.sessionsRead);
    } finally {
      store.close();
    }
  }
}
