import { isRecord } from '../../core/json-lines.js';
import type { ModelCallHandle } from '../../live/handles.js';
import type { LiveSession } from '../../live/live-session.js';
import type { TokenUsage } from '../../model/usage.js';
import { finishReason, modelUsage } from './model-usage.js';
import { quietly } from './quietly.js';

/** What a chat call tells the run it belongs to. */
export interface ChatOwner {
  readonly session: LiveSession;
  /** The response id the model gave, as soon as it is known: the tool calls it asks for name it. */
  responseSeen(responseId: string): void;
  /** A call has started: it is in flight until it ends. */
  callStarted(call: ChatCall): void;
  /** The call has ended (it is no longer in flight). */
  callEnded(call: ChatCall): void;
}

/** A tool call the response asks for, as the model wrote it. */
interface AskedCall {
  callId: string;
  name: string;
  input?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The model writes a tool call's arguments as JSON text; kept as text when it is not JSON. */
function toolInput(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input) as unknown;
  } catch {
    return input;
  }
}

/**
 * One call of a model's `doGenerate` or `doStream`: a `chat` span when it
 * ends. The response's parts are noted as they come (all at once for
 * doGenerate, chunk by chunk for doStream) and recorded at the end: its
 * reasoning, its text and the tool calls it asks for (as the response's
 * assistant message), then the call with its usage and finish reason.
 */
export class ChatCall {
  private readonly handle: ModelCallHandle;
  private readonly started = performance.now();
  private responseId: string | undefined;
  private responseModel: string | undefined;
  private text = '';
  private reasoning = '';
  private readonly asked: AskedCall[] = [];
  private usage: TokenUsage | undefined;
  private finish: string | undefined;
  private firstChunkMs: number | undefined;
  private error: unknown;
  private ended = false;

  constructor(
    private readonly owner: ChatOwner,
    model: { model?: string; provider?: string },
  ) {
    this.handle = owner.session.startModelCall(model);
    owner.callStarted(this);
  }

  /** The response's id and model (V3 `response`, a stream's `response-metadata` part). */
  noteResponse(response: unknown): void {
    if (!isRecord(response)) return;
    const id = text(response.id);
    if (id !== undefined && this.responseId === undefined) {
      this.responseId = id;
      this.owner.responseSeen(id);
    }
    this.responseModel ??= text(response.modelId);
  }

  /** A content part (doGenerate's `content`, or a whole stream part): text, reasoning, a tool call. */
  notePart(part: unknown): void {
    if (!isRecord(part)) return;
    switch (part.type) {
      case 'text':
        this.text += typeof part.text === 'string' ? part.text : '';
        return;
      case 'text-delta':
        this.text += typeof part.delta === 'string' ? part.delta : typeof part.textDelta === 'string' ? part.textDelta : '';
        return;
      case 'reasoning':
        this.reasoning += typeof part.text === 'string' ? part.text : '';
        return;
      case 'reasoning-delta':
        this.reasoning += typeof part.delta === 'string' ? part.delta : '';
        return;
      case 'tool-call': {
        const callId = text(part.toolCallId);
        const name = text(part.toolName);
        if (callId !== undefined && name !== undefined && part.providerExecuted !== true) this.asked.push({ callId, name, input: toolInput(part.input) });
        return;
      }
      default:
    }
  }

  /** A streamed chunk arrived: the first one with content sets the time to first chunk. */
  noteChunk(part: unknown): void {
    if (this.firstChunkMs !== undefined || !isRecord(part)) return;
    if (part.type === 'stream-start' || part.type === 'response-metadata' || part.type === 'raw') return;
    this.firstChunkMs = performance.now() - this.started;
  }

  /** Usage and finish reason (doGenerate's result, a stream's `finish` part). */
  noteFinish(usage: unknown, reason: unknown): void {
    this.usage = modelUsage(usage) ?? this.usage;
    this.finish = finishReason(reason) ?? this.finish;
  }

  /** The call failed (it threw, or its stream carried an error). */
  fail(error: unknown): void {
    this.error ??= error ?? 'model call failed';
  }

  /** Records the response and ends the chat span; later calls do nothing. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.owner.callEnded(this);
    quietly('chat end', () => {
      const { session } = this.owner;
      const responseId = this.responseId;
      if (this.reasoning !== '') session.record({ type: 'reasoning', content: this.reasoning, responseId });
      if (this.text !== '' || this.asked.length > 0) {
        session.record({ type: 'message', role: 'assistant', content: this.text === '' ? undefined : this.text, responseId, toolCalls: this.asked.length > 0 ? this.asked : undefined });
      }
      this.handle.end({
        responseId,
        responseModel: this.responseModel,
        usage: this.usage,
        finishReasons: this.finish !== undefined ? [this.finish] : undefined,
        timeToFirstTokenMs: this.firstChunkMs,
        error: this.error === undefined ? undefined : errorOf(this.error),
      });
    });
  }
}

/** An error as the live API takes it: an Error, or a string describing what was thrown. */
export function errorOf(error: unknown): Error | string {
  if (error instanceof Error) return error;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
