import type { AgentEvent, EventOf } from '../../model/events.js';
import type { TokenUsage } from '../../model/usage.js';
import { definedFields, optNumber } from '../optional-fields.js';
import { tokenCount } from '../token-counts.js';
import type { KimiUsage } from './schema.js';

type Base = Pick<AgentEvent, 'sessionId' | 'time' | 'timeExact' | 'source'>;

/** Kimi's usage as a canonical one: `inputOther` leaves out the cache reads and writes. */
export function kimiUsage(usage: KimiUsage): TokenUsage {
  return {
    ...definedFields({
      input: tokenCount(usage.inputOther),
      output: tokenCount(usage.output),
      cacheRead: tokenCount(usage.inputCacheRead),
      cacheCreation: tokenCount(usage.inputCacheCreation),
    }),
    inputIncludesCache: false,
  };
}

/** A loop step: one model call, from `step.begin` to `step.end`, with the requests (retries) it took. */
interface OpenStep {
  uuid: string;
  start: number;
  requests: number;
  provider?: string;
  model?: string;
}

/** The end of a step whose usage may still come in the `usage.record` that follows it. */
interface EndedStep {
  call: EventOf<'model.call'>;
}

/**
 * The model calls of one agent: each loop step is one `model.call` (a chat
 * span) from its `step.begin` to its `step.end`. A step that never ends (the
 * turn was cancelled, the process stopped) is a call that failed.
 */
export class Steps {
  private open: OpenStep | undefined;
  private ended: EndedStep | undefined;
  /** The last step.end had usage: the `turn` usage.record after it repeats it. */
  private repeated = false;

  begin(uuid: string, time: number): void {
    this.open = { uuid, start: time, requests: 0 };
    this.repeated = false;
  }

  /** An `llm.request` of the open step (a retry when there was one before). */
  request(provider: string | undefined, model: string | undefined): void {
    if (!this.open) return;
    this.open.requests++;
    this.open.provider ??= provider;
    this.open.model ??= model;
  }

  get openUuid(): string | undefined {
    return this.open?.uuid;
  }

  /** The step's model call; held when the step.end has no usage (the next usage.record may carry it). */
  end(
    uuid: string,
    base: Base,
    fields: { usage?: KimiUsage; finishReason?: string; firstTokenMs?: number },
  ): EventOf<'model.call'> | undefined {
    const step = this.open?.uuid === uuid ? this.open : undefined;
    if (step) this.open = undefined;
    const call: EventOf<'model.call'> = {
      ...base,
      type: 'model.call',
      responseId: uuid,
      ...this.requestFields(step),
      ...(fields.usage ? { usage: kimiUsage(fields.usage) } : {}),
      ...(fields.finishReason ? { finishReasons: [fields.finishReason] } : {}),
      ...optNumber('timeToFirstTokenMs', fields.firstTokenMs),
    };
    this.repeated = call.usage !== undefined;
    if (call.usage) return call;
    this.ended = { call };
    return undefined;
  }

  /**
   * A `usage.record`: the held step's usage when the step ended without one,
   * nothing when it repeats the usage its step.end had, else a model call of
   * its own (`session` scope: compaction, titles, requests outside the loop).
   */
  usage(scope: string | undefined, model: string | undefined, usage: KimiUsage, base: Base): EventOf<'model.call'>[] {
    const own: EventOf<'model.call'> = { ...base, type: 'model.call', ...(model ? { requestModel: model } : {}), usage: kimiUsage(usage) };
    if (scope === 'session') return [...this.flushHeld(), own];
    const held = this.ended;
    this.ended = undefined;
    if (held) return [{ ...held.call, usage: kimiUsage(usage) }];
    if (this.repeated) {
      this.repeated = false;
      return [];
    }
    return [own];
  }

  /** The held call, before any record that is not its usage. */
  flushHeld(): EventOf<'model.call'>[] {
    const held = this.ended;
    this.ended = undefined;
    return held ? [held.call] : [];
  }

  /** The open step as a failed call: the turn ended (cancelled, failed) before the model answered. */
  abandon(base: Base, why: string): EventOf<'model.call'>[] {
    const step = this.open;
    if (!step) return [];
    this.open = undefined;
    const tries = step.requests > 1 ? ` after ${step.requests} requests` : '';
    return [{ ...base, type: 'model.call', responseId: step.uuid, ...this.requestFields(step), error: `${why}${tries}` }];
  }

  private requestFields(step: OpenStep | undefined): Partial<EventOf<'model.call'>> {
    if (!step) return {};
    return {
      startTime: step.start,
      ...(step.provider ? { provider: step.provider } : {}),
      ...(step.model ? { requestModel: step.model } : {}),
      ...(step.requests > 1 ? { retries: step.requests - 1 } : {}),
    };
  }
}
