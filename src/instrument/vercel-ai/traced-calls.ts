import { isRecord } from '../../core/json-lines.js';
import { currentRun, withinRun } from '../run-context.js';
import type { ModuleExports, TelemetrySource } from '../sdk-hook.js';
import { markTraced } from '../traced-exports.js';
import { hasTools, sessionModel, tracedArgs, type CallArgs } from './call-args.js';
import { quietly } from './quietly.js';
import { withRunEnd } from './run-end-transform.js';
import { recordPrompt } from './run-prompt.js';
import { endWhenSettled, VercelRun } from './vercel-run.js';

type Call = (args: unknown) => unknown;

/**
 * True when a generateText / streamText call is an agent run: it has tools,
 * or it runs inside another traced run (an agent used as a tool). A lone
 * call without tools is a plain completion, left alone.
 */
function isRun(args: unknown): args is CallArgs {
  return isRecord(args) && (hasTools(args.tools) || currentRun() !== undefined);
}

/** Starts the run of a call: its session (with its model and function id) and its prompt. */
export function startCallRun(args: CallArgs, telemetry: TelemetrySource, sdk: ModuleExports): VercelRun | undefined {
  let run: VercelRun | undefined;
  quietly('run start', () => {
    const settings = isRecord(args.experimental_telemetry) ? args.experimental_telemetry : {};
    const agentName = typeof settings.functionId === 'string' && settings.functionId !== '' ? settings.functionId : undefined;
    run = new VercelRun(telemetry(), { agentName, ...sessionModel(args.model, sdk) });
    recordPrompt(run.session, args);
  });
  return run;
}

/** The call's arguments traced for the run; as they were if tracing them fails. */
export function argsFor(args: CallArgs, run: VercelRun, sdk: ModuleExports): CallArgs {
  let traced = args;
  quietly('call arguments', () => (traced = tracedArgs(args, run, sdk)));
  return traced;
}

/** generateText, each run a session: ok when its promise resolves, failed or cancelled when it rejects. The promise is the SDK's own. */
export function tracedGenerateText(original: Call, telemetry: TelemetrySource, sdk: ModuleExports): Call {
  return markTraced(function generateText(this: unknown, args: unknown) {
    const run = isRun(args) ? startCallRun(args, telemetry, sdk) : undefined;
    if (run === undefined) return original.call(this, args);
    return endWhenSettled(run, (args as CallArgs).abortSignal, () => withinRun(run.frame(), () => original.call(this, argsFor(args as CallArgs, run, sdk))));
  });
}

/** streamText, each run a session that ends with its stream (see runEndTransform). The result is the SDK's own. */
export function tracedStreamText(original: Call, telemetry: TelemetrySource, sdk: ModuleExports): Call {
  return markTraced(function streamText(this: unknown, args: unknown) {
    const run = isRun(args) ? startCallRun(args, telemetry, sdk) : undefined;
    if (run === undefined) return original.call(this, args);
    const traced = { ...argsFor(args as CallArgs, run, sdk), experimental_transform: withRunEnd((args as CallArgs).experimental_transform, run) };
    try {
      return withinRun(run.frame(), () => original.call(this, traced));
    } catch (error) {
      run.endWith(error);
      throw error;
    }
  });
}
