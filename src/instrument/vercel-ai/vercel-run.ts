import type { AgentTelemetry } from '../../live/agent-telemetry.js';
import type { LiveSession } from '../../live/live-session.js';
import { startRunSession, type RunFrame } from '../run-context.js';
import { isAbortError } from './abort-error.js';
import { errorOf, type ChatCall, type ChatOwner } from './chat-call.js';
import { quietly } from './quietly.js';
import type { ToolOwner } from './traced-tools.js';

export interface RunOptions {
  /** The agent's own name (a ToolLoopAgent's `id`, a call's telemetry `functionId`). */
  agentName?: string;
  model?: string;
  provider?: string;
}

/**
 * One agent run of the AI SDK (a generateText or streamText call with tools,
 * or an agent's generate or stream): a session, nested under the tool call
 * that started it when it starts inside another traced run. It owns the
 * chat calls in flight, which it ends when the run ends without them (a
 * cancelled stream), and the id of the latest response, which the tool
 * calls it asks for name.
 */
export class VercelRun implements ChatOwner, ToolOwner {
  readonly session: LiveSession;
  readonly agent: string;
  responseId: string | undefined;
  private readonly inFlight = new Set<ChatCall>();
  private ended = false;

  constructor(telemetry: AgentTelemetry, options: RunOptions) {
    this.agent = telemetry.serviceName;
    this.session = startRunSession(telemetry, this.agent, {
      ...(options.agentName !== undefined ? { agentName: options.agentName } : {}),
      ...(options.model !== undefined ? { model: options.model } : {}),
      ...(options.provider !== undefined ? { provider: options.provider } : {}),
    });
  }

  /** The frame the run's own code runs in: runs started there nest under this one. */
  frame(): RunFrame {
    return { session: this.session, agent: this.agent };
  }

  responseSeen(responseId: string): void {
    this.responseId = responseId;
  }

  callStarted(call: ChatCall): void {
    this.inFlight.add(call);
  }

  callEnded(call: ChatCall): void {
    this.inFlight.delete(call);
  }

  /** The run is over: ok, failed with `error`, or cancelled (then `error` is the abort's reason). */
  end(outcome: 'ok' | 'error' | 'interrupted', error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    for (const call of [...this.inFlight]) {
      call.fail(outcome === 'interrupted' ? 'cancelled' : (error ?? 'the run ended before the response did'));
      call.end();
    }
    quietly('run end', () => {
      if (outcome === 'ok') this.session.end();
      else if (outcome === 'interrupted') this.session.end({ outcome, reason: 'cancelled', error: error === undefined ? undefined : errorOf(error) });
      else this.session.end({ outcome, error: errorOf(error ?? 'run failed') });
    });
  }

  /** Ends the run after what it threw: cancelled when it was aborted, else failed. */
  endWith(error: unknown, signal?: unknown): void {
    this.end(isAbortError(error, signal) ? 'interrupted' : 'error', error);
  }
}

/**
 * Calls `call` for `run` and ends the run when what it returns settles: ok
 * when the promise resolves, else after what it rejects (or throws) with.
 * Returns what `call` returned, the SDK's own promise.
 */
export function endWhenSettled(run: VercelRun, signal: unknown, call: () => unknown): unknown {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    run.endWith(error, signal);
    throw error;
  }
  if (result instanceof Promise)
    result.then(
      () => run.end('ok'),
      (error: unknown) => run.endWith(error, signal),
    );
  else run.end('ok');
  return result;
}
