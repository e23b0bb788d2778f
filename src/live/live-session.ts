import { randomUUID } from 'node:crypto';
import { MessageRole, type AgentEvent } from '../model/events.js';
import { ModelCallEndArgument, ModelCallOptionsArgument, OptionalText, SessionEndArgument, ToolCallEndArgument, ToolCallOptionsArgument, ToolName } from './arguments.js';
import { checkArgument, checkValue, errorText, type Reject } from './check-fields.js';
import { checkRecordedEvent, type RecordedEvent } from './recorded-event.js';
import type { ModelCallEnd, ModelCallHandle, ModelCallOptions, SessionEnd, ToolCallEnd, ToolCallHandle, ToolCallOptions } from './handles.js';

export type { ModelCallOptions, SessionEnd, ToolCallOptions } from './handles.js';

/** How a session hands its events to its telemetry (the mapper behind it). */
export interface EventSink {
  emit(event: AgentEvent): void;
  close(sessionId: string): void;
  now(): number;
  /** Counts a call, or a part of one, that was rejected or repaired, with the reason. */
  reject: Reject;
}

/**
 * One agent session, recorded live. Every method is safe to call from a busy
 * agent: arguments are checked where they come in (a bad part is left out or
 * repaired, and counted in `stats().rejected`), nothing here throws, and after
 * `end` further calls are ignored.
 */
export class LiveSession {
  private ended = false;
  private readonly reject: Reject;

  constructor(
    readonly sessionId: string,
    private readonly sink: EventSink,
  ) {
    this.reject = sink.reject;
  }

  /** Records a user, assistant or system message (its text is kept only with content capture on). A message with an unknown role is not recorded. */
  message(role: MessageRole, content?: string, messageId?: string): void {
    if (this.ended) return;
    try {
      const checkedRole = checkValue(MessageRole, role, 'message role (not recorded)', this.reject);
      if (checkedRole === undefined) return;
      this.emit({
        type: 'message',
        sessionId: this.sessionId,
        time: this.sink.now(),
        role: checkedRole,
        content: checkValue(OptionalText, content, 'message content', this.reject),
        messageId: checkValue(OptionalText, messageId, 'message messageId', this.reject),
      });
    } catch (error) {
      this.failed('message', error);
    }
  }

  reasoning(content?: string): void {
    if (this.ended) return;
    try {
      this.emit({ type: 'reasoning', sessionId: this.sessionId, time: this.sink.now(), content: checkValue(OptionalText, content, 'reasoning content', this.reject) });
    } catch (error) {
      this.failed('reasoning', error);
    }
  }

  /** Starts a model call; `end` it when the response is complete. */
  startModelCall(options?: ModelCallOptions): ModelCallHandle {
    const startTime = this.sink.now();
    const { model, provider } = checkArgument(ModelCallOptionsArgument, options, 'startModelCall options', this.reject);
    let done = false;
    return {
      end: (result?: ModelCallEnd) => {
        if (done || this.ended) return;
        done = true;
        try {
          const r = checkArgument(ModelCallEndArgument, result, 'model call end', this.reject);
          // Field by field, in one order: every event of a kind has the same shape (fast in the mapper).
          this.emit({
            type: 'model.call',
            sessionId: this.sessionId,
            time: this.sink.now(),
            startTime,
            requestModel: model,
            provider,
            responseId: r.responseId,
            responseModel: r.responseModel,
            usage: r.usage,
            finishReasons: r.finishReasons,
            costUsd: r.costUsd,
            timeToFirstTokenMs: r.timeToFirstTokenMs,
            retries: r.retries,
            contextUsed: r.contextUsed,
            contextMax: r.contextMax,
            content: r.content,
            error: errorText(r.error, 'model call end error', this.reject),
          });
        } catch (error) {
          this.failed('model call end', error);
        }
      },
    };
  }

  /** Starts a tool call; `end` or `fail` it when it returns. A bad name is recorded as `unknown`. */
  startToolCall(name: string, input?: unknown, options?: ToolCallOptions): ToolCallHandle {
    const checked = checkArgument(ToolCallOptionsArgument, options, 'startToolCall options', this.reject);
    const callId = checked.callId ?? randomUUID();
    const toolName = checkValue(ToolName, name, 'startToolCall name', this.reject) ?? 'unknown';
    if (!this.ended) {
      try {
        this.emit({ type: 'tool.call', sessionId: this.sessionId, time: this.sink.now(), callId, name: toolName, input, kind: checked.kind, responseId: checked.responseId });
      } catch (error) {
        this.failed('startToolCall', error);
      }
    }
    let done = false;
    const finish = (result: unknown, where: string) => {
      if (done || this.ended) return;
      done = true;
      try {
        const r = checkArgument(ToolCallEndArgument, result, where, this.reject);
        const message = errorText(r.error, `${where} error`, this.reject);
        this.emit({
          type: 'tool.result',
          sessionId: this.sessionId,
          time: this.sink.now(),
          callId,
          name: toolName,
          // An error with no `success` is a failure.
          success: r.success ?? message === undefined,
          output: r.output,
          error: message,
          errorType: r.errorType,
          exitCode: r.exitCode,
          durationMs: r.durationMs,
        });
      } catch (error) {
        this.failed(where, error);
      }
    };
    return {
      callId,
      end: (result?: ToolCallEnd) => finish(result, 'tool call end'),
      fail: (error: string | Error, errorType?: string) => {
        if (error === undefined) this.reject('tool call fail: no error given');
        finish({ success: false, error, errorType: checkValue(OptionalText, errorType, 'tool call fail errorType', this.reject) }, 'tool call fail');
      },
    };
  }

  /** Records an error that is not a tool's (an API error, a crash of the loop). */
  error(error: string | Error, errorType?: string): void {
    if (this.ended) return;
    try {
      this.emit({
        type: 'error',
        sessionId: this.sessionId,
        time: this.sink.now(),
        message: errorText(error ?? this.missing('error: no error given'), 'error', this.reject) ?? 'unknown error',
        errorType: checkValue(OptionalText, errorType, 'error errorType', this.reject),
      });
    } catch (error) {
      this.failed('error', error);
    }
  }

  /** Records any other canonical event for this session (permission, compaction, ...); one that does not fit its kind's schema is not recorded. */
  record(event: RecordedEvent): void {
    if (this.ended) return;
    try {
      const checked = checkRecordedEvent(event, this.sessionId, this.sink.now, this.reject);
      if (checked) this.emit(checked);
    } catch (error) {
      this.failed('record', error);
    }
  }

  /** Ends the session; open tool calls are marked interrupted. */
  end(result?: SessionEnd): void {
    if (this.ended) return;
    const { outcome, reason, error, reportedUsage, reportedCostUsd } = checkArgument(SessionEndArgument, result, 'session end', this.reject);
    const message = errorText(error, 'session end error', this.reject);
    try {
      this.emit({
        type: 'session.end',
        sessionId: this.sessionId,
        time: this.sink.now(),
        outcome: outcome ?? (message !== undefined ? 'error' : 'ok'),
        reason,
        error: message,
        reportedUsage,
        reportedCostUsd,
      });
    } catch (error) {
      this.failed('session end', error);
    }
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

  /** Reports an argument that is required and missing; undefined, so that the caller's default applies. */
  private missing(reason: string): undefined {
    this.reject(reason);
    return undefined;
  }

  /** Something the checks did not foresee threw: the call is counted, never rethrown. */
  private failed(where: string, error: unknown): void {
    let text: string;
    try {
      text = error instanceof Error ? error.message : String(error);
    } catch {
      text = 'unreadable error';
    }
    this.reject(`${where}: ${text.slice(0, 200)}; not recorded`);
  }
}

