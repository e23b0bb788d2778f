/**
 * LangChain's callbacks turned into live sessions, model calls and tool
 * calls. Runs are found by LangChain's run ids, their place by the parent
 * run id: the outermost run is a session; a LangGraph graph run inside
 * another run is a subagent session under the tool call (or the session)
 * it runs in; chat model runs are chat spans, tool runs execute_tool spans;
 * every other run (graph nodes, RunnableSequence steps, prompts, parsers)
 * only passes its place on to the runs inside it. Two runs at once have two
 * root run ids, so two sessions, two traces.
 */
import type { AgentTelemetry } from '../../live/agent-telemetry.js';
import type { TelemetrySource } from '../sdk-hook.js';
import { startRunSession } from '../run-context.js';
import { newInput, providerName, requestModel, type NewMessage } from './chat-request.js';
import { readChatResult } from './chat-result.js';
import { errorValue, field, isGraph, runName, text } from './lc-values.js';
import { runStop } from './run-errors.js';
import { SessionScope } from './session-scope.js';
import { toolInput, toolOutcome } from './tool-outcome.js';

/** The `agent` of every session (with the session id, it makes the trace id); the run's name is its `gen_ai.agent.name`. */
export const LANGCHAIN_AGENT = 'langchain';

type RunKind = 'session' | 'chain' | 'model' | 'tool';

interface RunEntry {
  readonly kind: RunKind;
  readonly scope: SessionScope;
  /** The tool call this run executes inside, in its own session (a subgraph started here nests under it). */
  readonly toolCallId?: string;
}

export class RunTracker {
  private readonly runs = new Map<string, RunEntry>();

  constructor(private telemetry: TelemetrySource) {}

  /** Where runs started from now on are recorded (instrument() given another telemetry). */
  useTelemetry(telemetry: TelemetrySource): void {
    this.telemetry = telemetry;
  }

  /** Runs in flight (for tests: nothing is kept once runs end). */
  get size(): number {
    return this.runs.size;
  }

  chainStart(serialized: unknown, runId: string, parentRunId: string | undefined, name: unknown): void {
    const parent = this.parent(parentRunId);
    if (parent === undefined || isGraph(serialized)) {
      this.startSession(runId, parent, runName(serialized, name, 'chain'), 'session');
      return;
    }
    this.inherit(runId, parent, 'chain');
  }

  chainEnd(runId: string): void {
    const entry = this.runs.get(runId);
    if (entry?.kind === 'session') this.endScope(entry.scope, 'ok');
    else this.forget(runId, entry);
  }

  chainError(error: unknown, runId: string): void {
    const entry = this.runs.get(runId);
    if (entry === undefined) return;
    const stop = runStop(error);
    this.note(entry, stop);
    if (entry.kind === 'session') this.endScope(entry.scope, stop, error);
    else this.forget(runId, entry);
  }

  modelStart(serialized: unknown, messages: unknown, runId: string, parentRunId: string | undefined, extraParams: unknown, metadata: unknown, name: unknown): void {
    const scope = this.scopeFor(runId, parentRunId, serialized, name, 'model');
    const input: NewMessage[] = Array.isArray(messages) && messages.every((m) => typeof m === 'string') ? messages.map((content: string) => ({ role: 'user', content })) : newInput(messages);
    for (const m of input) scope.session.message(m.role, m.content, m.messageId);
    scope.startModel(runId, { model: requestModel(metadata, extraParams), provider: providerName(field(metadata, 'ls_provider')) });
  }

  /** A streamed token: the first one gives the call's time to first token. */
  modelToken(runId: string): void {
    this.runs.get(runId)?.scope.modelToken(runId);
  }

  modelEnd(output: unknown, runId: string): void {
    const entry = this.runs.get(runId);
    if (entry?.scope.endModel(runId, readChatResult(output))) this.finishCall(runId, entry);
  }

  modelError(error: unknown, runId: string): void {
    const entry = this.runs.get(runId);
    if (entry === undefined) return;
    this.note(entry, runStop(error));
    if (entry.scope.endModel(runId, { error: errorValue(error) })) this.finishCall(runId, entry, error);
  }

  toolStart(serialized: unknown, input: unknown, runId: string, parentRunId: string | undefined, name: unknown, toolCallId: unknown): void {
    const scope = this.scopeFor(runId, parentRunId, serialized, name, 'tool');
    const callId = scope.startTool(runId, runName(serialized, name, 'tool'), toolInput(input), text(toolCallId));
    this.runs.set(runId, { kind: 'tool', scope, toolCallId: callId });
  }

  toolEnd(output: unknown, runId: string): void {
    const entry = this.runs.get(runId);
    const outcome = toolOutcome(output);
    const end = outcome.success
      ? { success: true, output: outcome.output }
      : { success: false, output: outcome.output, error: typeof outcome.output === 'string' ? outcome.output : 'the tool reported an error', errorType: 'tool_error' };
    if (entry?.scope.endTool(runId, end)) this.finishCall(runId, entry);
  }

  toolError(error: unknown, runId: string): void {
    const entry = this.runs.get(runId);
    if (entry === undefined) return;
    const stop = runStop(error);
    this.note(entry, stop);
    const errorType = stop === 'cancelled' ? 'cancelled' : stop === 'interrupt' ? 'interrupted' : 'tool_error';
    if (entry.scope.endTool(runId, { success: false, error: errorValue(error), errorType })) this.finishCall(runId, entry, error);
  }

  /** A run that only passes its place on (a retriever): known, so that the runs inside it are placed. */
  passThroughStart(runId: string, parentRunId: string | undefined): void {
    const parent = this.parent(parentRunId);
    if (parent !== undefined) this.inherit(runId, parent, 'chain');
  }

  passThroughEnd(runId: string): void {
    const entry = this.runs.get(runId);
    if (entry?.kind === 'chain') this.forget(runId, entry);
  }

  /** The session a model or tool run belongs to; one of its own when it runs outside any traced run (a bare `model.invoke()`). */
  private scopeFor(runId: string, parentRunId: string | undefined, serialized: unknown, name: unknown, kind: 'model' | 'tool'): SessionScope {
    const parent = this.parent(parentRunId);
    if (parent !== undefined) {
      this.inherit(runId, parent, kind);
      return parent.scope;
    }
    return this.startSession(runId, undefined, runName(serialized, name, kind), kind);
  }

  private startSession(runId: string, parent: RunEntry | undefined, agentName: string, kind: RunKind): SessionScope {
    const telemetry: AgentTelemetry = parent?.scope.telemetry ?? this.telemetry();
    const options = { sessionId: runId, agentName };
    const session =
      parent === undefined
        ? startRunSession(telemetry, LANGCHAIN_AGENT, options)
        : telemetry.startSession({ ...options, agent: LANGCHAIN_AGENT, parent: { agent: LANGCHAIN_AGENT, sessionId: parent.scope.session.sessionId, toolCallId: parent.toolCallId } });
    const scope = new SessionScope(session, telemetry, runId, parent?.scope);
    this.add(runId, { kind, scope });
    return scope;
  }

  /** After a model or tool run: a session of its own ends with it. */
  private finishCall(runId: string, entry: RunEntry, error?: unknown): void {
    if (entry.scope.rootRunId === runId) this.endScope(entry.scope, error === undefined ? 'ok' : runStop(error), error);
    else this.forget(runId, entry);
  }

  /** A cancel or a pause inside a session decides how the session ends, whatever reaches its root. */
  private note(entry: RunEntry, stop: ReturnType<typeof runStop>): void {
    if (stop === 'cancelled') entry.scope.cancelled = true;
    if (stop === 'interrupt' && entry.kind !== 'session') entry.scope.paused = true;
  }

  private endScope(scope: SessionScope, how: Parameters<SessionScope['end']>[0], error?: unknown): void {
    for (const id of scope.end(how, error)) this.runs.delete(id);
  }

  private parent(parentRunId: string | undefined): RunEntry | undefined {
    return parentRunId === undefined ? undefined : this.runs.get(parentRunId);
  }

  /** A run in its parent's session, inside the same tool call. */
  private inherit(runId: string, parent: RunEntry, kind: RunKind): void {
    this.add(runId, { kind, scope: parent.scope, toolCallId: parent.toolCallId });
  }

  private add(runId: string, entry: RunEntry): void {
    this.runs.set(runId, entry);
    entry.scope.runs.add(runId);
  }

  private forget(runId: string, entry: RunEntry | undefined): void {
    this.runs.delete(runId);
    entry?.scope.runs.delete(runId);
  }
}
