import { randomUUID } from 'node:crypto';
import { isRecord } from '../../core/json-lines.js';
import type { AgentTelemetry, SessionOptions } from '../../live/agent-telemetry.js';
import type { LiveSession, SessionEnd } from '../../live/live-session.js';
import { warnOnce } from '../sdk-warnings.js';
import { runEnd } from './run-result.js';
import { promptRecord, transcriptRecord } from './sdk-records.js';
import { Subagents } from './subagents.js';
import { Transcript } from './transcript.js';

/** How the caller's iteration of a run stopped. */
export type RunStop = { how: 'done' } | { how: 'stopped' } | { how: 'threw'; error: unknown };

/** What the run needs from the `query()` call that started it. */
export interface RunStart {
  telemetry: AgentTelemetry;
  /** Starts the main session, in the async context `query()` was called in (a run inside a tool nests under it). */
  startSession: (options: SessionOptions) => LiveSession;
  options: Record<string, unknown>;
  now: () => number;
}

/** The session ids each telemetry has traced: a session seen again is traced as a run of its own. */
const tracedSessions = new WeakMap<AgentTelemetry, Set<string>>();

/**
 * One `query()` run, recorded as it streams: the main agent's session
 * (started at its first message, which names Claude Code's session id; its
 * root span still starts when `query()` was called, with the prompt), its
 * subagents (subagents.ts), and the outcome from the `result` message.
 * Nothing here throws: a failure is said once and the agent goes on.
 */
export class QueryRun {
  private main: Transcript | undefined;
  private readonly waiting: Record<string, unknown>[] = [];
  private readonly subagents: Subagents;
  private readonly startedAt: number;
  private lastEnd: SessionEnd | undefined;
  private interruptRequested = false;
  private ended = false;

  constructor(private readonly start: RunStart) {
    this.startedAt = start.now();
    this.subagents = new Subagents(start.telemetry, start.now);
  }

  /** The prompt the run was given as text. */
  prompted(prompt: string): void {
    this.guard(() => this.readMain(promptRecord(prompt, this.startedAt)));
  }

  /** A user message the application streamed in (`prompt` as an AsyncIterable). */
  sent(message: unknown): void {
    this.guard(() => {
      const record = transcriptRecord(message, this.start.now());
      if (record) this.readMain(record);
    });
  }

  /** `interrupt()` or `close()` was called: the turn in progress ends interrupted. */
  interrupted(): void {
    this.interruptRequested = true;
  }

  /** One message the SDK yielded. */
  observe(message: unknown): void {
    this.guard(() => {
      if (!isRecord(message)) return;
      const receivedAt = this.start.now();
      const main = this.ensureMain(message);
      if (message.type === 'result') return this.result(main, message);
      const record = transcriptRecord(message, receivedAt);
      if (!record) return;
      const parentCall = message.parent_tool_use_id;
      const transcript = typeof parentCall === 'string' ? this.subagents.of(parentCall, message, main) : main;
      if (message.type === 'user') this.subagents.endAnswered(message);
      if (message.type === 'assistant') this.subagents.noteCalls(transcript, message);
      transcript.read(record);
    });
  }

  /** The end of the caller's iteration: the sessions end with the run's outcome. */
  finish(stop: RunStop): void {
    if (this.ended) return;
    this.ended = true;
    this.guard(() => {
      const end = this.outcome(stop);
      const main = this.ensureMain({});
      this.subagents.endAll();
      main.end(end);
    });
  }

  private outcome(stop: RunStop): SessionEnd {
    if (stop.how === 'threw') {
      const signal = this.start.options.abortController;
      const aborted = isAbort(stop.error) || (isRecord(signal) && isRecord(signal.signal) && signal.signal.aborted === true);
      return aborted ? { outcome: 'interrupted', reason: 'aborted' } : { outcome: 'error', error: errorOf(stop.error) };
    }
    if (this.interruptRequested) return { ...this.lastEnd, outcome: 'interrupted', reason: 'interrupt', error: undefined };
    if (this.lastEnd) return this.lastEnd;
    return { outcome: 'interrupted', reason: stop.how === 'stopped' ? 'stopped_by_caller' : 'no_result' };
  }

  private result(main: Transcript, result: Record<string, unknown>): void {
    let end = runEnd(result);
    if (this.interruptRequested) {
      end = { ...end, outcome: 'interrupted', reason: 'interrupt', error: undefined };
      this.interruptRequested = false;
    }
    // A turn that failed in a run that goes on (streaming input) stays visible on the root span.
    if (end.outcome === 'error' && end.error !== undefined) main.session.error(String(end.error), end.reason);
    this.lastEnd = end;
  }

  private ensureMain(message: Record<string, unknown>): Transcript {
    if (this.main) return this.main;
    const session = this.start.startSession({ sessionId: this.sessionId(message), ...sessionMeta(message, this.start.options) });
    const main = new Transcript(session, this.startedAt);
    this.main = main;
    for (const record of this.waiting.splice(0)) main.read(record);
    return main;
  }

  private readMain(record: Record<string, unknown>): void {
    if (this.main) this.main.read(record);
    else this.waiting.push(record);
  }

  /**
   * Claude Code's session id, so that the run and its transcript converted
   * later share their trace; a session resumed (or traced before by this
   * telemetry) gets an id of its own, as each run has its own trace.
   */
  private sessionId(message: Record<string, unknown>): string {
    const options = this.start.options;
    const given = typeof message.session_id === 'string' && message.session_id !== '' ? message.session_id : undefined;
    const id = given ?? (typeof options.sessionId === 'string' ? options.sessionId : randomUUID());
    const resumed = (options.resume !== undefined || options.continue === true) && options.forkSession !== true;
    let seen = tracedSessions.get(this.start.telemetry);
    if (seen === undefined) tracedSessions.set(this.start.telemetry, (seen = new Set()));
    const unique = resumed || seen.has(id) ? `${id}/run-${randomUUID()}` : id;
    seen.add(unique);
    return unique;
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      warnOnce('claude-agent-sdk:failed', `claude-agent-sdk: tracing a run failed (${errorOf(error)}); the run goes on untraced in part`);
    }
  }
}

/** The session's meta: from the `system/init` message when it is the first, else from the options. */
function sessionMeta(message: Record<string, unknown>, options: Record<string, unknown>): SessionOptions {
  const init = message.type === 'system' && message.subtype === 'init';
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const model = (init ? text(message.model) : undefined) ?? text(options.model);
  const cwd = (init ? text(message.cwd) : undefined) ?? text(options.cwd);
  const version = init ? text(message.claude_code_version) : undefined;
  const agentName = text(options.agent);
  return {
    provider: 'anthropic',
    ...(model !== undefined ? { model } : {}),
    ...(cwd !== undefined ? { cwd } : {}),
    ...(version !== undefined ? { agentVersion: version } : {}),
    ...(agentName !== undefined ? { agentName } : {}),
  };
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.constructor.name === 'AbortError');
}

function errorOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    return 'unreadable error';
  }
}
