import { basename, dirname, extname } from 'node:path';
import type { AgentEvent } from '../../model/events.js';
import type { ReadContext, SourceUnit } from '../adapter.js';
import { readJsonLines } from '../../core/json-lines.js';
import { CopilotConverter } from './convert.js';
import { usageKeys } from './usage-keys.js';

/** The session id a file's location implies: `session-state/<id>/events.jsonl`, else the file name. */
function sessionIdFromPath(file: string): string {
  return basename(file) === 'events.jsonl' ? basename(dirname(file)) : basename(file, extname(file));
}

/**
 * Streams each events file once to find which responses have
 * `assistant.usage` records, then once to convert.
 */
export async function* readCopilotCli(unit: SourceUnit, ctx: ReadContext): AsyncIterable<AgentEvent> {
  for (const file of unit.files) {
    const keys = await usageKeys(file, ctx.maxLineBytes);
    const converter = new CopilotConverter(file, sessionIdFromPath(file), keys, ctx.warn);
    for await (const { value, line } of readJsonLines(file, ctx.warn, { maxLineBytes: ctx.maxLineBytes })) {
      yield* converter.record(value, line);
    }
    yield* converter.finish();
  }
}
