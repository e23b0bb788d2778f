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
import { errorValue, field, text } from './lc-values.js';
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

/** A LangGraph graph (Pregel: a compiled StateGraph, createReactAgent, langchain's createAgent). */
function isGraph(serialized: unknown): boolean {
  const id = field(serialized, 'id');
  return Array.isArray(id) && id[0] === 'langgraph' && id[1] === 'pregel';
}

/** The run's name: the name LangChain gives it, else the last part of its class id. */
function runName(serialized: unknown, name: unknown, fallback: string): string {
  const id = field(serialized, 'id');
  const last: unknown = Array.isArray(id) ? id[id.length - 1] : undefined;
  return text(name) ?? text(field(serialized, 'name')) ?? text(last) ?? fallback;
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
    const parent = parentRunId === undefined ? undefined : this.runs.get(parentRunId);
    if (parent === undefined || isGraph(serialized)) {
      this.startSession(runId, parent, runName(serialized, name, 'chain'), 'session');
      return;
    }
    this.add(runId, { kind: 'chain', scope: parent.scope, toolCallId: parent.toolCallId });
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
    scope.models.set(runId, scope.session.startModelCall({ model: requestModel(metadata, extraParams), provider: providerName(field(metadata, 'ls_provider')) }));
    scope.firstToken.set(runId, { startedAt: performance.now() });
  }

  /** A streamed token: the first one gives the call's time to first token. */
  modelToken(runId: string): void {
    const first = this.runs.get(runId)?.scope.firstToken.get(runId);
    if (first !== undefined && first.ms === undefined) first.ms = performance.now() - first.startedAt;
  }

  modelEnd(output: unknown, runId: string): void {
    const entry = this.runs.get(runId);
    const handle = entry?.scope.models.get(runId);
    if (entry === undefined || handle === undefined) return;
    const { scope } = entry;
    const result = readChatResult(output);
    const { responseId } = result;
    // The response's parts first, named by its id, so that they are this chat span's output.
    if (result.reasoning !== undefined) scope.session.record({ type: 'reasoning', content: result.reasoning, responseId });
    if (result.content !== undefined || result.toolCalls.length > 0) {
      scope.session.record({ type: 'message', role: 'assistant', content: result.content, responseId, toolCalls: result.toolCalls.length > 0 ? result.toolCalls : undefined });
    }
    if (responseId !== undefined) for (const call of result.toolCalls) scope.askedBy.set(call.callId, responseId);
    const timeToFirstTokenMs = scope.firstToken.get(runId)?.ms;
    handle.end({ responseId, responseModel: result.responseModel, usage: result.usage, finishReasons: result.finishReasons, timeToFirstTokenMs });
    scope.models.delete(runId);
    scope.firstToken.delete(runId);
    this.finishCall(runId, entry);
  }

  modelError(error: unknown, runId: string): void {
    const entry = this.runs.get(runId);
    const handle = entry?.scope.models.get(runId);
    if (entry === undefined || handle === undefined) return;
    this.note(entry, runStop(error));
    handle.end({ error: errorValue(error) });
    entry.scope.models.delete(runId);
    entry.scope.firstToken.delete(runId);
    this.finishCall(runId, entry, error);
  }

  toolStart(serialized: unknown, input: unknown, runId: string, parentRunId: string | undefined, name: unknown, toolCallId: unknown): void {
    const scope = this.scopeFor(runId, parentRunId, serialized, name, 'tool');
    const callId = text(toolCallId);
    const responseId = callId === undefined ? undefined : scope.askedBy.get(callId);
    const handle = scope.session.startToolCall(runName(serialized, name, 'tool'), toolInput(input), { callId, responseId });
    scope.tools.set(runId, handle);
    this.runs.set(runId, { kind: 'tool', scope, toolCallId: handle.callId });
  }

  toolEnd(output: unknown, runId: string): void {
    const entry = this.runs.get(runId);
    const handle = entry?.scope.tools.get(runId);
    if (entry === undefined || handle === undefined) return;
    const outcome = toolOutcome(output);
    handle.end(outcome.success ? { success: true, output: outcome.output } : { success: false, output: outcome.output, error: typeof outcome.output === 'string' ? outcome.output : 'the tool reported an error', errorType: 'tool_error' });
    entry.scope.tools.delete(runId);
    entry.scope.askedBy.delete(handle.callId);
    this.finishCall(runId, entry);
  }

  toolError(error: unknown, runId: string): void {
    const entry = this.runs.get(runId);
    const handle = entry?.scope.tools.get(runId);
    if (entry === undefined || handle === undefined) return;
    const stop = runStop(error);
    this.note(entry, stop);
    const errorType = stop === 'cancelled' ? 'cancelled' : stop === 'interrupt' ? 'interrupted' : 'tool_error';
    handle.end({ success: false, error: errorValue(error), errorType });
    entry.scope.tools.delete(runId);
    entry.scope.askedBy.delete(handle.callId);
    this.finishCall(runId, entry, error);
  }

  /** A run that only passes its place on (a retriever): known, so that the runs inside it are placed. */
  passThroughStart(runId: string, parentRunId: string | undefined): void {
    const parent = parentRunId === undefined ? undefined : this.runs.get(parentRunId);
    if (parent !== undefined) this.add(runId, { kind: 'chain', scope: parent.scope, toolCallId: parent.toolCallId });
  }

  passThroughEnd(runId: string): void {
    const entry = this.runs.get(runId);
    if (entry?.kind === 'chain') this.forget(runId, entry);
  }

  /** The session a model or tool run belongs to; one of its own when it runs outside any traced run (a bare `model.invoke()`). */
  private scopeFor(runId: string, parentRunId: string | undefined, serialized: unknown, name: unknown, kind: 'model' | 'tool'): SessionScope {
    const parent = parentRunId === undefined ? undefined : this.runs.get(parentRunId);
    if (parent !== undefined) {
      this.add(runId, { kind, scope: parent.scope, toolCallId: parent.toolCallId });
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

  private add(runId: string, entry: RunEntry): void {
    this.runs.set(runId, entry);
    entry.scope.runs.add(runId);
  }

  private forget(runId: string, entry: RunEntry | undefined): void {
    this.runs.delete(runId);
    entry?.scope.runs.delete(runId);
  }
}
