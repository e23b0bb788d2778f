import { isRecord } from '../../core/json-lines.js';
import { ChatCall, type ChatOwner } from './chat-call.js';
import { providerName } from './provider-name.js';
import { warnOnce } from '../sdk-warnings.js';
import { quietly } from './quietly.js';

/** A language model object as ai takes it (V2 or V3): only what is traced. */
export interface LanguageModelLike {
  readonly provider?: unknown;
  readonly modelId?: unknown;
  doGenerate(options: unknown): PromiseLike<unknown>;
  doStream(options: unknown): PromiseLike<unknown>;
}

const originals = new WeakMap<object, object>();

export function isLanguageModel(value: unknown): value is LanguageModelLike {
  return isRecord(value) && typeof value.doGenerate === 'function' && typeof value.doStream === 'function';
}

/** The model the application gave, for a traced one; the value itself otherwise. */
export function untraced<T>(value: T): T {
  return (typeof value === 'object' && value !== null ? (originals.get(value) as T | undefined) : undefined) ?? value;
}

/** The model's id and provider, as the chat spans name them. */
export function modelNames(model: LanguageModelLike): { model?: string; provider?: string } {
  const modelId = typeof model.modelId === 'string' ? model.modelId : undefined;
  return { model: modelId, provider: providerName(model.provider, modelId) };
}

/**
 * The model seen through a Proxy whose `doGenerate` and `doStream` record
 * each call as a chat span of `owner`'s session; everything else (its
 * provider, id, supported URLs, specification version) reads through to the
 * model itself, and what the two calls return reaches the SDK unchanged (a
 * stream is piped through a pass-through observer). A model already traced
 * for another run is unwrapped first.
 */
export function tracedModel<M extends LanguageModelLike>(model: M, owner: ChatOwner): M {
  const target = untraced(model);
  // A Proxy must return a frozen property's own value: such a model is left as it is.
  if (fixed(target, 'doGenerate') || fixed(target, 'doStream')) {
    warnOnce('ai:frozen-model', 'ai: a frozen model object cannot be traced; its calls get no chat spans');
    return target;
  }
  const doGenerate = async (options: unknown): Promise<unknown> => {
    const call = new ChatCall(owner, modelNames(target));
    try {
      const result = await target.doGenerate(options);
      quietly('doGenerate', () => {
        if (!isRecord(result)) return;
        call.noteResponse(result.response);
        if (Array.isArray(result.content)) for (const part of result.content) call.notePart(part);
        call.noteFinish(result.usage, result.finishReason);
      });
      return result;
    } catch (error) {
      call.fail(error);
      throw error;
    } finally {
      call.end();
    }
  };
  const doStream = async (options: unknown): Promise<unknown> => {
    const call = new ChatCall(owner, modelNames(target));
    let result: unknown;
    try {
      result = await target.doStream(options);
    } catch (error) {
      call.fail(error);
      call.end();
      throw error;
    }
    if (!isRecord(result) || !(result.stream instanceof ReadableStream)) {
      call.end();
      return result;
    }
    return { ...result, stream: result.stream.pipeThrough(observer(call)) };
  };
  const traced = new Proxy(target, {
    get(object, property) {
      if (property === 'doGenerate') return doGenerate;
      if (property === 'doStream') return doStream;
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' && !fixed(object, property) ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
  originals.set(traced, target);
  return traced;
}

/** True for an own property a Proxy must give back as it is (non-configurable and read-only). */
function fixed(object: object, property: PropertyKey): boolean {
  const descriptor = Reflect.getOwnPropertyDescriptor(object, property);
  return descriptor !== undefined && descriptor.configurable === false && descriptor.writable === false;
}

/** Passes every stream part on as it is, noting the response's parts; the chat span ends with the stream. */
function observer(call: ChatCall): TransformStream<unknown, unknown> {
  return new TransformStream({
    transform(part, controller) {
      controller.enqueue(part);
      quietly('doStream part', () => {
        call.noteChunk(part);
        if (!isRecord(part)) return;
        if (part.type === 'response-metadata') call.noteResponse(part);
        else if (part.type === 'finish') call.noteFinish(part.usage, part.finishReason);
        else if (part.type === 'error') call.fail(part.error);
        else call.notePart(part);
      });
    },
    flush() {
      call.end();
    },
  });
}
