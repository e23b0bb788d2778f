import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { SourceUnit } from '../adapter.js';
import type { WarningSink } from '../../core/diagnostics.js';

const KINDS = new Set(['session', 'message', 'part']);

/** `<root>/<session|message|part>/<group>/<id>.json` -> root and kind, else undefined. */
export function storageRoot(file: string): { root: string; kind: string } | undefined {
  const group = dirname(file);
  const kindDir = dirname(group);
  const kind = basename(kindDir);
  return KINDS.has(kind) && file.endsWith('.json') ? { root: dirname(kindDir), kind } : undefined;
}

/** What planning learns for reading an OpenCode unit: a database, or a JSON storage root. */
export type OpenCodeHints = { kind: 'sqlite' } | { kind: 'json'; root: string };

/**
 * One unit per SQLite database, and one per JSON storage root (the folder
 * holding `session/`, `message/` and `part/`) with the session documents to
 * read. When only message or part files were given, every session of the root
 * is read.
 */
export async function planOpenCode(files: string[], warn: WarningSink): Promise<SourceUnit<OpenCodeHints>[]> {
  const units: SourceUnit<OpenCodeHints>[] = [];
  const roots = new Map<string, string[]>();
  for (const file of files) {
    const where = storageRoot(file);
    if (!where) {
      if (file.endsWith('.json')) {
        const message = 'OpenCode document outside a storage/<session|message|part>/<id>/ folder; skipped';
        warn({ code: 'opencode_layout', file, message });
      } else units.push({ format: 'opencode', label: file, files: [file], hints: { kind: 'sqlite' } });
      continue;
    }
    const sessions = roots.get(where.root) ?? [];
    if (where.kind === 'session') sessions.push(file);
    roots.set(where.root, sessions);
  }
  for (const [root, sessions] of roots) {
    const files = sessions.length > 0 ? sessions : await allSessionFiles(root);
    if (files.length === 0) {
      warn({ code: 'no_session', file: root, message: 'OpenCode storage without session documents; skipped' });
      continue;
    }
    units.push({ format: 'opencode', label: root, files: files.sort(), hints: { kind: 'json', root } });
  }
  return units;
}

async function allSessionFiles(root: string): Promise<string[]> {
  const dir = join(root, 'session');
  const projects = await readdir(dir).catch(() => [] as string[]);
  const out: string[] = [];
  for (const project of projects) {
    const names = await readdir(join(dir, project)).catch(() => [] as string[]);
    out.push(...names.filter((n) => n.endsWith('.json')).map((n) => join(dir, project, n)));
  }
  return out;
}
