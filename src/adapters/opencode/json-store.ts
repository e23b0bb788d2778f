import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { WarningSink } from '../../core/diagnostics.js';
import { readJsonDocument } from '../json-document.js';
import { OpenCodeMessage, OpenCodePart, OpenCodeSession } from './schema.js';
import { byMessageCreation, bySessionCreation, compare, type OpenCodeStore, type Stored } from './store.js';

/**
 * OpenCode's JSON file storage (`~/.local/share/opencode/storage`): one small
 * JSON document per session, message and part, each read whole. `sessionFiles`
 * are the session documents to read (those the user pointed at).
 */
export class JsonStore implements OpenCodeStore {
  constructor(
    private readonly root: string,
    private readonly sessionFiles: string[],
    private readonly warn: WarningSink,
  ) {}

  async sessions(): Promise<Array<Stored<OpenCodeSession>>> {
    const out: Array<Stored<OpenCodeSession>> = [];
    for (const file of this.sessionFiles) {
      const value = await readJsonDocument(file, OpenCodeSession, this.warn);
      if (value) out.push({ value, source: { file, line: 0 } });
    }
    return out.sort(bySessionCreation);
  }

  async messages(sessionId: string): Promise<Array<Stored<OpenCodeMessage>>> {
    const out = await this.readAll(join(this.root, 'message', sessionId), OpenCodeMessage);
    return out.sort(byMessageCreation);
  }

  async parts(messageId: string): Promise<Array<Stored<OpenCodePart>>> {
    const out = await this.readAll(join(this.root, 'part', messageId), OpenCodePart);
    return out.sort((a, b) => compare(a.value.id, b.value.id));
  }

  close(): void {}

  private async readAll<S extends z.ZodType>(dir: string, schema: S): Promise<Array<Stored<z.infer<S>>>> {
    const names = await readdir(dir).catch(() => [] as string[]);
    const out: Array<Stored<z.infer<S>>> = [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      const file = join(dir, name);
      const value = await readJsonDocument(file, schema, this.warn);
      if (value !== undefined) out.push({ value, source: { file, line: 0 } });
    }
    return out;
  }
}
