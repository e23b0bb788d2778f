import type { RecordedEvent } from '../../live/recorded-event.js';
import type { TokenUsage } from '../../model/usage.js';
import { recordIn, type AgentSession } from './run-sessions.js';

type ModelCallRecord = Extract<RecordedEvent, { type: 'model.call' }>;

interface Pending {
  readonly session: AgentSession;
  readonly event: RecordedEvent;
  /** When what it stands for started: the records are written in this order. */
  readonly start: number;
}

/**
 * What one turn of a run (one model call and the tools it asked for) records,
 * held until the turn ends: only then does the SDK say the turn's usage, which
 * is the model call's usage when the model's own span does not carry it (a
 * model that opens no span, a run that traces no sensitive data). The records
 * are then written in the order things started: the model call before the
 * tool calls it asked for.
 */
export class TurnRecords {
  private readonly pending: Pending[] = [];
  private readonly modelCalls: ModelCallRecord[] = [];
  /** When the first tool call or handoff of the turn started: the model call had ended by then. */
  private firstToolStart: number | undefined;

  constructor(private readonly started: number) {}

  toolStarted(time: number): void {
    this.firstToolStart ??= time;
  }

  add(session: AgentSession, event: RecordedEvent, start: number): void {
    if (event.type === 'model.call') this.modelCalls.push(event);
    this.pending.push({ session, event, start });
  }

  /**
   * Writes the turn's records. `usage` is the turn's; `error` the turn's error.
   * A turn whose model opened no span gets its model call from the turn: from
   * the turn's start to its first tool call (else its end), with the turn's
   * usage, failed when the turn failed before any usage was counted.
   */
  flush(owner: AgentSession | undefined, end: number, usage: TokenUsage | undefined, error: string | undefined): void {
    if (this.modelCalls.length === 0 && owner !== undefined && (usage !== undefined || error !== undefined)) {
      const call: ModelCallRecord = { type: 'model.call', startTime: this.started, time: this.firstToolStart ?? end };
      if (usage !== undefined) call.usage = usage;
      else call.error = error;
      this.pending.push({ session: owner, event: call, start: this.started });
    } else if (this.modelCalls.length === 1 && this.modelCalls[0]!.usage === undefined && usage !== undefined) {
      this.modelCalls[0]!.usage = usage;
    }
    // A stable sort: a tool call's result stays after the call.
    for (const { session, event } of this.pending.sort((a, b) => a.start - b.start)) recordIn(session, event);
    this.pending.length = 0;
  }
}
