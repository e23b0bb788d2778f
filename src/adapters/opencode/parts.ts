import type { AgentEvent, SourceRef } from '../../model/events.js';
import { isRecord } from '../../core/json-lines.js';
import type { OpenCodePart } from './schema.js';

interface Base {
  sessionId: string;
  time: number;
  timeExact?: false;
  source: SourceRef;
}

/**
 * Parts that are neither text, reasoning, tools nor steps: patches,
 * snapshots, files, agents, subtasks, retries, compaction. Each is kept as
 * an event; a type OpenCode added later becomes `unknown`.
 */
export function otherPartEvents(part: OpenCodePart, base: Base): AgentEvent[] {
  switch (part.type) {
    case 'compaction':
      return [{ ...base, type: 'compaction', trigger: part.auto === false ? 'manual' : 'auto' }];
    case 'retry':
      return [
        {
          ...base,
          type: 'lifecycle',
          name: 'retry',
          level: 'warning',
          message: retryMessage(part.error),
          data: { attempt: part.attempt },
        },
      ];
    case 'patch':
      return [{ ...base, type: 'lifecycle', name: 'patch', level: 'info', data: { files: part.files } }];
    case 'snapshot':
      return [{ ...base, type: 'lifecycle', name: part.type, level: 'debug' }];
    case 'file':
    case 'agent':
    case 'subtask':
      return [{ ...base, type: 'lifecycle', name: part.type, level: 'info', data: describe(part) }];
    default:
      return [{ ...base, type: 'unknown', kind: `part.${part.type}`, data: part }];
  }
}

function retryMessage(error: unknown): string | undefined {
  if (!isRecord(error)) return undefined;
  const data = error.data;
  if (isRecord(data) && typeof data.message === 'string') return data.message;
  return typeof error.name === 'string' ? error.name : undefined;
}

/** The identifying fields of a file / agent / subtask part, without its content. */
function describe(part: OpenCodePart): Record<string, unknown> {
  const keep = ['filename', 'mime', 'name', 'agent', 'description'];
  return Object.fromEntries(Object.entries(part).filter(([k]) => keep.includes(k)));
}
