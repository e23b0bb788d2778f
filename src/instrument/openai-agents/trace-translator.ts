import type { AgentTelemetry } from '../../live/agent-telemetry.js';
import type { RecordedEvent } from '../../live/recorded-event.js';
import type { RunFrame } from '../run-context.js';
import { AgentRun } from './agent-run.js';
import { readGenerationSpan, readResponseSpan } from './model-span.js';
import { endSession, now, recordIn, startAgentSession, type AgentSession, type ToolLink } from './run-sessions.js';
import { spanErrorText, spanFields, spanOutcome, spanTime, type SdkSpan } from './sdk-span.js';
import { readSdkUsage } from './sdk-usage.js';
import { functionArguments, functionOutput, toolCallEvents } from './tool-call-events.js';
import { TurnRecords } from './turn-records.js';

interface Node {
  readonly id: string;
  readonly type: string;
  readonly parent: Node | undefined;
  readonly start: number;
  /** The session recording this span and those below it. */
  session?: AgentSession;
  /** True when the session ends with this span (an agent started by a tool that opened no run). */
  ownsSession?: boolean;
  /** A function span under which a run or an agent started (an agent used as a tool). */
  launched?: boolean;
  run?: AgentRun;
  turn?: TurnRecords;
}

const textOr = (value: unknown, fallback: string) => (typeof value === 'string' && value.length > 0 ? value : fallback);

/**
 * Turns the spans of one trace of the OpenAI Agents SDK into agent-otel
 * sessions, as they start and end:
 * - a run (`task` span) is a session named after its first agent (AgentRun);
 *   a run started by a tool (an agent used as a tool) is a subagent under
 *   that tool call;
 * - a `response` or `generation` span is a model call, a `function` span a
 *   tool call, a `handoff` span a tool call and a handoff event; a `turn` span
 *   holds its records until it ends (TurnRecords);
 * - guardrail, custom, MCP listing and speech spans are not recorded.
 */
export class TraceTranslator {
  private readonly nodes = new Map<string, Node>();
  /** The run of agents that open no `task` span: it ends with the trace. */
  private readonly traceRun = new AgentRun();
  /** True once the trace's top-level run has ended: nothing more is recorded. */
  finished = false;

  constructor(
    private readonly telemetry: AgentTelemetry,
    private readonly traceId: string,
  ) {}

  spanStarted(span: SdkSpan): void {
    const parent = span.parentId === null ? undefined : this.nodes.get(span.parentId);
    const start = spanTime(span.startedAt, now());
    const node: Node = { id: span.spanId, type: span.spanData.type, parent, start };
    if (parent?.turn !== undefined && (node.type === 'function' || node.type === 'handoff')) parent.turn.toolStarted(start);
    if (node.type === 'task') node.run = new AgentRun(this.launchingCall(parent));
    else if (node.type === 'turn') node.turn = new TurnRecords(start);
    else if (node.type === 'agent') {
      const name = textOr(spanFields(span).name, 'agent');
      const run = this.runOf(parent);
      if (run !== undefined) node.session = run.agentStarted(this.telemetry, name, this.traceId);
      else {
        node.session = startAgentSession(this.telemetry, name, this.launchingCall(parent), this.traceId);
        node.ownsSession = true;
      }
    }
    this.nodes.set(span.spanId, node);
  }

  spanEnded(span: SdkSpan): void {
    const node = this.nodes.get(span.spanId);
    if (node === undefined) return;
    this.nodes.delete(span.spanId);
    const end = spanTime(span.endedAt, now());
    const data = spanFields(span);
    switch (node.type) {
      case 'response':
      case 'generation': {
        const facts = node.type === 'response' ? readResponseSpan(data) : readGenerationSpan(data);
        this.emit(node, [{ type: 'model.call', startTime: node.start, time: end, ...facts, error: spanErrorText(span) }]);
        break;
      }
      case 'function': {
        const call = { callId: node.id, name: textOr(data.name, 'unknown'), input: functionArguments(data.input), output: functionOutput(data.output) };
        this.emit(node, toolCallEvents({ ...call, error: spanErrorText(span), start: node.start, end, startsAgents: node.launched === true }));
        break;
      }
      case 'handoff':
        this.handoff(node, span, data, end);
        break;
      case 'turn':
        node.turn?.flush(this.ownerOf(node), end, readSdkUsage(data.usage), spanErrorText(span));
        break;
      case 'agent': {
        const run = this.runOf(node.parent);
        run?.agentEnded(node.session, spanOutcome(span));
        if (node.ownsSession === true && node.session !== undefined) endSession(node.session, spanOutcome(span));
        // The run that opens no task span ends with the trace, which the SDK does not end when the run throws.
        if (span.error !== null && run === this.traceRun) {
          this.traceRun.end(this.telemetry, spanOutcome(span), 'agent', this.traceId);
          this.finished = true;
        }
        break;
      }
      case 'task':
        node.run?.end(this.telemetry, spanOutcome(span), textOr(data.name, 'agent'), this.traceId);
        if (node.parent === undefined) this.finished = true;
        break;
    }
  }

  /**
   * The tool call a function span stands for, as the run frame of code running inside it (a run of
   * another SDK started by the tool nests under the call); undefined for any other span.
   */
  frameFor(spanId: string): RunFrame | undefined {
    const node = this.nodes.get(spanId);
    const owner = node?.type === 'function' ? this.ownerOf(node) : undefined;
    if (node === undefined || owner === undefined) return undefined;
    node.launched = true;
    return { session: owner.live, agent: owner.agent, toolCallId: spanId };
  }

  /** The trace ended: the run that opened no task span ends with it. */
  traceEnded(): void {
    this.traceRun.end(this.telemetry, { outcome: 'ok' }, 'agent', this.traceId);
    this.finished = true;
  }

  /** A handoff: a tool call and a handoff event in the agent's session; the next agent of the run nests under it. */
  private handoff(node: Node, span: SdkSpan, data: Record<string, unknown>, end: number): void {
    const from = typeof data.from_agent === 'string' ? data.from_agent : undefined;
    const to = typeof data.to_agent === 'string' ? data.to_agent : undefined;
    const call = { callId: node.id, name: 'handoff', input: { from_agent: from, to_agent: to }, error: spanErrorText(span), start: node.start, end, startsAgents: true };
    const owner = this.emit(node, [...toolCallEvents(call), { type: 'handoff', time: end, from, to, callId: node.id }]);
    const run = this.runOf(node.parent);
    if (owner !== undefined && run !== undefined) run.handoff = { session: owner, callId: node.id };
  }

  /** Records `events` in the node's session: held by the node's turn until it ends, else now. */
  private emit(node: Node, events: RecordedEvent[]): AgentSession | undefined {
    const owner = this.ownerOf(node);
    if (owner === undefined) return undefined;
    for (const event of events) {
      if (node.parent?.turn !== undefined) node.parent.turn.add(owner, event, node.start);
      else recordIn(owner, event);
    }
    return owner;
  }

  private ownerOf(node: Node | undefined): AgentSession | undefined {
    for (let n = node; n !== undefined; n = n.parent) if (n.session !== undefined) return n.session;
    return undefined;
  }

  /** The run a span belongs to: its task's, else the trace's; none inside a tool call that opened no task. */
  private runOf(node: Node | undefined): AgentRun | undefined {
    for (let n = node; n !== undefined; n = n.parent) {
      if (n.run !== undefined) return n.run;
      if (n.type === 'function') return undefined;
    }
    return this.traceRun;
  }

  /** The tool call a run (or an agent outside any run) started under: the nearest function span above it. */
  private launchingCall(node: Node | undefined): ToolLink | undefined {
    for (let n = node; n !== undefined; n = n.parent) {
      if (n.type === 'function') {
        n.launched = true;
        const session = this.ownerOf(n);
        return session === undefined ? undefined : { session, callId: n.id };
      }
      if (n.run !== undefined) return undefined;
    }
    return undefined;
  }
}
