import { isRecord, } from '../../core/json-lines.js';
import type { ModuleExports } from '../sdk-hook.js';
import { warnOnce } from '../sdk-warnings.js';
import { isLanguageModel, modelNames, tracedModel, untraced, type LanguageModelLike } from './traced-model.js';
import { tracedTools } from './traced-tools.js';
import type { VercelRun } from './vercel-run.js';

export type CallArgs = Record<string, unknown>;

/** True when a call's tool set has at least one tool. */
export function hasTools(tools: unknown): boolean {
  return isRecord(tools) && Object.keys(tools).length > 0;
}

/**
 * The model object a call's `model` stands for: itself, or for a string id
 * the model of the global provider (`globalThis.AI_SDK_DEFAULT_PROVIDER`,
 * else the SDK's `gateway`), resolved as ai resolves it. Undefined when it
 * cannot be resolved here (the SDK then resolves it, and its calls get no
 * chat spans).
 */
export function resolveModel(model: unknown, sdk: ModuleExports): LanguageModelLike | undefined {
  if (isLanguageModel(model)) return model;
  if (typeof model !== 'string') return undefined;
  try {
    const provider: unknown = (globalThis as { AI_SDK_DEFAULT_PROVIDER?: unknown }).AI_SDK_DEFAULT_PROVIDER ?? sdk.gateway;
    const resolved: unknown = isRecord(provider) && typeof provider.languageModel === 'function' ? (provider.languageModel as (id: string) => unknown).call(provider, model) : undefined;
    if (isLanguageModel(resolved)) return resolved;
  } catch {
    // The SDK will resolve it itself, and say what is wrong.
  }
  warnOnce(`ai:model:${model}`, `ai: the model "${model}" could not be resolved for tracing; its calls get no chat spans`);
  return undefined;
}

/** The model's id and provider for the session, from a model object or a string id. */
export function sessionModel(model: unknown, sdk: ModuleExports): { model?: string; provider?: string } {
  const resolved = typeof model === 'string' || isLanguageModel(model) ? resolveModel(model, sdk) : undefined;
  return resolved !== undefined ? modelNames(resolved) : typeof model === 'string' ? { model } : {};
}

/**
 * The arguments of a generateText / streamText call, traced for `run`: the
 * model seen through a tracing Proxy (a string id resolved first), the tools
 * with a traced `execute`, and `prepareStep` wrapped so that a model it
 * picks for a step is traced too (it is shown the application's own model,
 * not the Proxy). Everything else is passed on as it is.
 */
export function tracedArgs(args: CallArgs, run: VercelRun, sdk: ModuleExports): CallArgs {
  const traced: CallArgs = { ...args };
  const model = resolveModel(args.model, sdk);
  if (model !== undefined) traced.model = tracedModel(model, run);
  if (args.tools !== undefined) traced.tools = tracedTools(args.tools, run);
  const prepareStep = args.prepareStep ?? args.experimental_prepareStep;
  if (typeof prepareStep === 'function') {
    const key = args.prepareStep !== undefined ? 'prepareStep' : 'experimental_prepareStep';
    traced[key] = async (options: unknown) => {
      const given = isRecord(options) ? { ...options, model: untraced(options.model) } : options;
      const result: unknown = await (prepareStep as (o: unknown) => unknown)(given);
      if (!isRecord(result) || result.model === undefined) return result;
      const stepModel = resolveModel(result.model, sdk);
      return stepModel === undefined ? result : { ...result, model: tracedModel(stepModel, run) };
    };
  }
  return traced;
}
