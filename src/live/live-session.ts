import { randomUUID } from 'node:crypto';
import type { AgentEvent, MessageRole, SessionOutcome } from '../model/events.js';
import type { ToolKind } from '../model/tool-kind.js';
import type { ModelCallEnd, ModelCallHandle, ToolCallEnd, ToolCallHandle } from './handles.js';

/** How a session hands its events to its telemetry (the mapper behind it). */
export interface EventSink {
  emit(event: AgentEvent): void;
  close(sessionId: string): void;
  now(): number;
}

export interface ToolCallOptions {
  callId?: string;
  kind?: ToolKind;
  /** The model response that asked for the call. */
  responseId?: string;
}

export interface ModelCallOptions {
  model?: string;
  provider?: string;
}

function message(error: string | Error): string {
  return typeof error === 'string' ? error : error.message;
}

/**
 * One agent session, recorded live. Every method is safe to call from a busy
 * agent: nothing here throws, and after `end` further calls are ignored.
 */
export class LiveSession {
  private ended = false;

  constructor(
    readonly sessionId: string,
    private readonly sink: EventSink,
  ) {}

  /** Records a user, assistant or system message (its text is kept only with content capture on). */
  message(role: MessageRole, content?: string, messageId?: string): void {
    this.emit({ type: 'message', sessionId: this.sessionId, time: this.sink.now(), role, content, messageId });
  }

  reasoning(content?: string): void {
    this.emit({ type: 'reasoning', sessionId: this.sessionId, time: this.sink.now(), content });
  }

  /** Starts a model call; `end` it when the response is complete. */
  startModelCall(options: ModelCallOptions = {}): ModelCallHandle {
    const startTime = this.sink.now();
    let done = false;
    return {
      end: (result: ModelCallEnd = {}) => {
        if (done) return;
        done = true;
        this.emit({
          type: 'model.call',
          sessionId: this.sessionId,
          time: this.sink.now(),
          startTime,
          requestModel: options.model,
          provider: options.provider,
          ...result,
          error: result.error === undefined ? undefined : message(result.error),
        });
      },
    };
  }

  /** Starts a tool call; `end` or `fail` it when it returns. */
  startToolCall(name: string, input?: unknown, options: ToolCallOptions = {}): ToolCallHandle {
    const callId = options.callId ?? randomUUID();
    this.emit({ type: 'tool.call', sessionId: this.sessionId, time: this.sink.now(), callId, name, input, kind: options.kind, responseId: options.responseId });
    let done = false;
    const end = (result: ToolCallEnd = {}) => {
      if (done) return;
      done = true;
      const failedByError = result.error !== undefined && result.success === undefined;
      this.emit({
        type: 'tool.result',
        sessionId: this.sessionId,
        time: this.sink.now(),
        callId,
        name,
        success: failedByError ? false : (result.success ?? true),
        output: result.output,
        error: result.error === undefined ? undefined : message(result.error),
        errorType: result.errorType,
        exitCode: result.exitCode,
        durationMs: result.durationMs,
      });
    };
    return { callId, end, fail: (error, errorType) => end({ success: false, error, errorType }) };
  }

  /** Records an error that is not a tool's (an API error, a crash of the loop). */
  error(error: string | Error, errorType?: string): void {
    this.emit({ type: 'error', sessionId: this.sessionId, time: this.sink.now(), message: message(error), errorType });
  }

  /** Records any other canonical event for this session (permission, compaction, ...). */
  record(event: DistributiveOmit<Exclude<AgentEvent, { type: 'session.start' | 'session.end' }>, 'sessionId' | 'time'> & { time?: number }): void {
    this.emit({ ...event, sessionId: this.sessionId, time: event.time ?? this.sink.now() } as AgentEvent);
  }

  /** Ends the session; open tool calls are marked interrupted. */
  end(result: { outcome?: SessionOutcome; reason?: string; error?: string | Error } = {}): void {
    if (this.ended) return;
    const outcome = result.outcome ?? (result.error !== undefined ? 'error' : 'ok');
    this.emit({
      type: 'session.end',
      sessionId: this.sessionId,
      time: this.sink.now(),
      outcome,
      reason: result.reason,
      error: result.error === undefined ? undefined : message(result.error),
    });
    this.ended = true;
    this.sink.close(this.sessionId);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  private emit(event: AgentEvent): void {
    if (this.ended) return;
    this.sink.emit(event);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
