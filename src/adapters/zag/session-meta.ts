import type { SessionMeta } from '../../model/session.js';
import { providerName } from './providers.js';
import type { ZagIndexEntry, ZagLine, ZagSessionStarted } from './schema.js';

/**
 * The session's metadata from its first record (ideally `session_started`) and,
 * when there is one, its `index.json` entry. The line wins over the index where
 * both know a field: it is the older, append-only record.
 */
export function zagSessionMeta(
  line: ZagLine,
  started: ZagSessionStarted | undefined,
  entry: ZagIndexEntry | undefined,
): SessionMeta {
  const rawProvider = line.provider ?? entry?.provider ?? undefined;
  const attributes: Record<string, unknown> = {};
  const put = (key: string, value: unknown): void => {
    if (value !== undefined && value !== null) attributes[key] = value;
  };
  put('zag.provider', rawProvider);
  put('zag.provider_session_id', line.provider_session_id ?? entry?.provider_session_id);
  put('zag.completeness', line.completeness ?? entry?.completeness);
  put('zag.source_kind', line.source_kind);
  put('zag.resumed', started?.resumed);
  put('zag.backfilled', started?.backfilled ?? entry?.backfilled);
  put('zag.started_at', entry?.started_at);
  put('zag.ended_at', entry?.ended_at);

  const meta: SessionMeta = { agent: 'zag' };
  const provider = providerName(rawProvider);
  if (provider) meta.provider = provider;
  const model = started?.model;
  if (model) meta.model = model;
  const cwd = started?.cwd ?? entry?.workspace_path;
  if (cwd) meta.cwd = cwd;
  const command = started?.command ?? entry?.command;
  if (command) meta.command = command;
  if (Object.keys(attributes).length > 0) meta.attributes = attributes;
  return meta;
}
