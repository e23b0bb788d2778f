import { AsyncLocalStorage } from 'node:async_hooks';
import type { AgentTelemetry, SessionOptions } from '../live/agent-telemetry.js';
import type { LiveSession } from '../live/live-session.js';

/** The agent run in progress in this async context, and the tool call it is executing, if any. */
export interface RunFrame {
  readonly session: LiveSession;
  readonly agent: string;
  readonly toolCallId?: string;
}

const frames = new AsyncLocalStorage<RunFrame>();

/**
 * Other places the run in progress can be read from: an SDK whose tools agent-otel does not wrap but
 * that keeps its own context (OpenAI Agents' current trace span). Asked after `withinRun`'s frame.
 */
const frameSources: (() => RunFrame | undefined)[] = [];

/** Adds a place the run in progress can be read from (see frameSources). */
export function addRunFrameSource(source: () => RunFrame | undefined): void {
  frameSources.push(source);
}

/** The run (and tool call) the current code runs inside, across awaits; undefined outside any traced run. */
export function currentRun(): RunFrame | undefined {
  const frame = frames.getStore();
  if (frame !== undefined) return frame;
  for (const source of frameSources) {
    try {
      const found = source();
      if (found !== undefined) return found;
    } catch {
      // A source that cannot tell is no run.
    }
  }
  return undefined;
}

/** Runs `fn` inside `frame`: runs started inside it nest under its session (and tool call). */
export function withinRun<T>(frame: RunFrame, fn: () => T): T {
  return frames.run(frame, fn);
}

/**
 * Starts the session of a new agent run. Inside another traced run it is a
 * subagent: its root span nests under the tool call being executed there (an
 * agent used as a tool, a subgraph, a handoff), or under that run's session.
 * `options.parent`, when given, wins.
 */
export function startRunSession(telemetry: AgentTelemetry, agent: string, options: SessionOptions = {}): LiveSession {
  const outer = currentRun();
  const parent = outer === undefined ? undefined : { agent: outer.agent, sessionId: outer.session.sessionId, toolCallId: outer.toolCallId };
  return telemetry.startSession({ ...(parent !== undefined ? { parent } : {}), ...options, agent });
}
