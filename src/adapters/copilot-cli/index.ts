import { basename, dirname, extname } from 'node:path';
import type { AgentEvent } from '../../model/events.js';
import type { Adapter, Probe, ReadContext, SourceUnit } from '../adapter.js';
import { isRecord, readJsonLines } from '../json-lines.js';
import { CopilotConverter } from './convert.js';
import { COPILOT_AGENT } from './meta.js';
import { usageKeys } from './usage-keys.js';

const TYPE = /^(session|user|assistant|tool|subagent|hook|permission|system|skill|abort)(\.|$)/;

/** A Copilot CLI event envelope: a dotted `type`, a `data` object, an `id` and the `parentId` chain. */
function isCopilotEvent(value: unknown): boolean {
  if (!isRecord(value) || typeof value.type !== 'string' || !isRecord(value.data)) return false;
  if (value.type === 'session.start' && ('copilotVersion' in value.data || value.data.producer === 'copilot-agent')) {
    return true;
  }
  return TYPE.test(value.type) && typeof value.id === 'string' && 'parentId' in value;
}

/** The session id a file's location implies: `session-state/<id>/events.jsonl`, else the file name. */
function sessionIdFromPath(file: string): string {
  return basename(file) === 'events.jsonl' ? basename(dirname(file)) : basename(file, extname(file));
}

/**
 * GitHub Copilot CLI session event logs. The file is streamed once to find
 * which responses have `assistant.usage` records, then once to convert.
 */
export const copilotCliAdapter: Adapter = {
  format: 'copilot-cli',
  agent: COPILOT_AGENT,
  description: 'GitHub Copilot CLI session events (~/.copilot/session-state/<id>/events.jsonl)',

  detect(probe: Probe): boolean {
    const first = probe.lines.find((l) => l !== undefined);
    return isCopilotEvent(first);
  },

  async *read(unit: SourceUnit, ctx: ReadContext): AsyncIterable<AgentEvent> {
    for (const file of unit.files) {
      const keys = await usageKeys(file, ctx.maxLineBytes);
      const converter = new CopilotConverter(file, sessionIdFromPath(file), keys, ctx.warn);
      for await (const { value, line } of readJsonLines(file, ctx.warn, { maxLineBytes: ctx.maxLineBytes })) {
        yield* converter.record(value, line);
      }
      yield* converter.finish();
    }
  },
};
