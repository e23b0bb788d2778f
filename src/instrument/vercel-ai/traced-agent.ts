import { isRecord } from '../../core/json-lines.js';
import { withinRun } from '../run-context.js';
import type { ModuleExports, TelemetrySource } from '../sdk-hook.js';
import { warnOnce } from '../sdk-warnings.js';
import { isTraced, markTraced } from '../traced-exports.js';
import { sessionModel, type CallArgs } from './call-args.js';
import { quietly } from './quietly.js';
import { withRunEnd } from './run-end-transform.js';
import { recordPrompt } from './run-prompt.js';
import { argsFor } from './traced-calls.js';
import { endWhenSettled, VercelRun } from './vercel-run.js';

type Method = (this: unknown, params: unknown) => unknown;
type AgentLike = { settings?: unknown; id?: unknown };

/**
 * The agent as its generate / stream see it for one run: an object whose
 * prototype is the agent, with settings of its own. ai 6's ToolLoopAgent
 * hands its settings to the application's `prepareCall` first: there the
 * settings stay as they are and a `prepareCall` of ours traces what comes
 * out of it. ai 5's Agent (no prepareCall) spreads its settings straight
 * into generateText / streamText: there the settings themselves are traced.
 * Both keep their settings in a plain `settings` property; an agent without
 * one is run as it is, its model and tool calls untraced.
 */
function agentForRun(agent: AgentLike, params: unknown, run: VercelRun, sdk: ModuleExports): object {
  const settings = agent.settings;
  if (!isRecord(settings)) {
    warnOnce('ai:agent-settings', 'ai: an agent without `settings` (not a ToolLoopAgent of a known version): its model and tool calls are not traced');
    return agent;
  }
  if (typeof (agent as Record<string, unknown>).prepareCall !== 'function') {
    const call = isRecord(params) ? params : {};
    recordPrompt(run.session, { system: settings.system, prompt: call.prompt, messages: call.messages });
    return Object.create(agent, { settings: { value: argsFor(settings, run, sdk), writable: true, configurable: true, enumerable: true } }) as object;
  }
  const prepareCall = settings.prepareCall;
  const traced = {
    ...settings,
    prepareCall: async (args: unknown) => {
      const prepared: unknown = typeof prepareCall === 'function' ? ((await (prepareCall as (a: unknown) => unknown).call(settings, args)) ?? args) : args;
      if (!isRecord(prepared)) return prepared;
      recordPrompt(run.session, { system: prepared.instructions, prompt: prepared.prompt, messages: prepared.messages });
      return argsFor(prepared, run, sdk);
    },
  };
  return Object.create(agent, { settings: { value: traced, writable: true, configurable: true, enumerable: true } }) as object;
}

function startAgentRun(agent: AgentLike, telemetry: TelemetrySource, sdk: ModuleExports): VercelRun | undefined {
  let run: VercelRun | undefined;
  quietly('agent run start', () => {
    const settings = isRecord(agent.settings) ? agent.settings : {};
    const agentName = typeof agent.id === 'string' && agent.id !== '' ? agent.id : undefined;
    run = new VercelRun(telemetry(), { agentName, ...sessionModel(settings.model, sdk) });
  });
  return run;
}

/** An agent's generate: each call a run, ended with its promise. */
function tracedGenerate(original: Method, telemetry: TelemetrySource, sdk: ModuleExports): Method {
  return markTraced(function generate(this: unknown, params: unknown) {
    const agent = this as AgentLike;
    const run = startAgentRun(agent, telemetry, sdk);
    if (run === undefined) return original.call(this, params);
    return endWhenSettled(run, isRecord(params) ? params.abortSignal : undefined, () => withinRun(run.frame(), () => original.call(agentForRun(agent, params, run, sdk), params)));
  });
}

/** An agent's stream: each call a run, ended with its stream (or when the call itself rejects). */
function tracedStream(original: Method, telemetry: TelemetrySource, sdk: ModuleExports): Method {
  return markTraced(function stream(this: unknown, params: unknown) {
    const agent = this as AgentLike;
    const run = isRecord(params) ? startAgentRun(agent, telemetry, sdk) : undefined;
    if (run === undefined || !isRecord(params)) return original.call(this, params);
    const given: CallArgs = { ...params, experimental_transform: withRunEnd(params.experimental_transform, run) };
    let result: unknown;
    try {
      result = withinRun(run.frame(), () => original.call(agentForRun(agent, given, run, sdk), given));
    } catch (error) {
      run.endWith(error, params.abortSignal);
      throw error;
    }
    // ai 6's stream is async (a promise of the result), ai 5's gives the result itself.
    if (result instanceof Promise) result.then(undefined, (error: unknown) => run.endWith(error, params.abortSignal));
    return result;
  });
}

/**
 * Traces the runs of an agent class (ToolLoopAgent; Experimental_Agent is
 * the same class): its prototype's generate and stream, changed in place
 * and once, so that every agent, made before or after, is traced.
 */
export function traceAgentClass(agentClass: unknown, telemetry: TelemetrySource, sdk: ModuleExports): void {
  const prototype: unknown = typeof agentClass === 'function' ? (agentClass as { prototype?: unknown }).prototype : undefined;
  if (!isRecord(prototype)) return;
  if (typeof prototype.generate === 'function' && !isTraced(prototype.generate)) prototype.generate = tracedGenerate(prototype.generate as Method, telemetry, sdk);
  if (typeof prototype.stream === 'function' && !isTraced(prototype.stream)) prototype.stream = tracedStream(prototype.stream as Method, telemetry, sdk);
}
