import type { AgentTelemetry } from '../../live/agent-telemetry.js';
import type { SessionEnd } from '../../live/handles.js';
import type { RecordedEvent } from '../../live/recorded-event.js';
import type { RunFrame } from '../run-context.js';
import { readGenerationSpan, readResponseSpan } from './model-span.js';
import { endSession, now, recordIn, startAgentSession, type AgentSession, type ToolLink } from './run-sessions.js';
import { spanErrorText, spanFields, spanOutcome, spanTime, type SdkSpan } from './sdk-span.js';
import { readSdkUsage } from './sdk-usage.js';
import { TurnRecords } from './turn-records.js';

/** One run of the runner (a `task` span; the trace itself when the run opens none). */
interface Run {
  /** The session of the run's first agent: it lasts as long as the run. */
  session?: AgentSession;
  /** The tool call the run was started by (an agent used as a tool). */
  readonly link?: ToolLink;
  /** The last handoff: the next agent's session nests under it. */
  handoff?: ToolLink;
  /**
   * The sessions of the agents handed off to, in order, each with how its
   * agent span ended. They end with the run, the last first: each one's
   * span holds the agents it handed off to.
   */
  readonly handedOff: { session: AgentSession; end?: SessionEnd }[];
}

interface Node {
  readonly id: string;
  readonly type: string;
  readonly parent: Node | undefined;
  readonly start: number;
  /** The session recording this span and those below it. */
  session?: AgentSession;
  /** True when the session ends with this span (an agent after a handoff, or outside any run). */
  ownsSession?: boolean;
  /** A function span under which a run or an agent started (an agent used as a tool). */
  launched?: boolean;
  run?: Run;
  turn?: TurnRecords;
}

/**
 * Turns the spans of one trace of the OpenAI Agents SDK into agent-otel
 * sessions, as they start and end:
 * - a run (`task` span) is a session, named after its first agent (`agent`
 *   span); a later agent of the run (after a handoff) is a subagent under the
 *   handoff's tool call; a run started by a tool (an agent used as a tool) is a
 *   subagent under that tool call;
 * - a `response` or `generation` span is a model call, a `function` span a
 *   tool call, a `handoff` span a tool call and a handoff event; a `turn` span
 *   holds its records until it ends (TurnRecords);
 * - guardrail, custom, MCP listing and speech spans are not recorded.
 */
export class TraceTranslator {
  private readonly nodes = new Map<string, Node>();
  /** The run of agents that open no `task` span. */
  private readonly traceRun: Run = { handedOff: [] };
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
    const data = spanFields(span);
    if (parent?.turn !== undefined && (node.type === 'function' || node.type === 'handoff')) parent.turn.toolStarted(start);
    switch (node.type) {
      case 'task':
        node.run = { link: this.launchingCall(parent), handedOff: [] };
        break;
      case 'agent':
        this.agentStarted(node, typeof data.name === 'string' && data.name.length > 0 ? data.name : 'agent');
        break;
      case 'turn':
        node.turn = new TurnRecords(start);
        break;
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
        this.emit(node, { type: 'model.call', startTime: node.start, time: end, ...facts, error: spanErrorText(span) });
        break;
      }
      case 'function':
        this.toolCall(node, span, typeof data.name === 'string' && data.name.length > 0 ? data.name : 'unknown', parseArguments(data.input), nonEmpty(data.output), end, node.launched === true);
        break;
      case 'handoff': {
        const from = typeof data.from_agent === 'string' ? data.from_agent : undefined;
        const to = typeof data.to_agent === 'string' ? data.to_agent : undefined;
        const owner = this.toolCall(node, span, 'handoff', { from_agent: from, to_agent: to }, undefined, end, true);
        if (owner !== undefined) {
          this.emit(node, { type: 'handoff', time: end, from, to, callId: span.spanId });
          const run = this.runOf(node.parent);
          if (run !== undefined) run.handoff = { session: owner, callId: span.spanId };
        }
        break;
      }
      case 'turn':
        node.turn?.flush(this.ownerOf(node), end, readSdkUsage(data.usage), spanErrorText(span));
        break;
      case 'agent': {
        const run = this.runOf(node.parent);
        const handedOff = run?.handedOff.find((h) => h.session === node.session);
        if (handedOff !== undefined) handedOff.end = spanOutcome(span);
        else if (node.ownsSession && node.session !== undefined) endSession(node.session, spanOutcome(span));
        // A run that opens no task span ends with the trace, which the SDK does not end when the run throws.
        if (span.error !== null && run === this.traceRun) this.endRun(this.traceRun, span);
        break;
      }
      case 'task':
        if (node.run !== undefined) this.endRun(node.run, span, data.name);
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
    for (const { session, end } of this.traceRun.handedOff.reverse()) if (!session.live.isEnded) endSession(session, end ?? { outcome: 'ok' });
    if (this.traceRun.session !== undefined && !this.traceRun.session.live.isEnded) endSession(this.traceRun.session, { outcome: 'ok' });
    this.finished = true;
  }

  private agentStarted(node: Node, name: string): void {
    const run = this.runOf(node.parent);
    if (run !== undefined && run.session === undefined) {
      run.session = startAgentSession(this.telemetry, name, run.link, this.traceId);
      node.session = run.session;
      return;
    }
    // A later agent of a run nests under the handoff to it (else under the run's first agent).
    const link = run !== undefined ? (run.handoff ?? { session: run.session! }) : this.launchingCall(node.parent);
    node.session = startAgentSession(this.telemetry, name, link, this.traceId);
    node.ownsSession = true;
    run?.handedOff.push({ session: node.session });
  }

  private endRun(run: Run, span: SdkSpan, name?: unknown): void {
    const outcome = spanOutcome(span);
    for (const { session, end } of run.handedOff.reverse()) if (!session.live.isEnded) endSession(session, end ?? outcome);
    run.handedOff.length = 0;
    // A run that failed before any agent started still leaves its session, with the error.
    if (run.session === undefined && outcome.outcome !== 'ok') run.session = startAgentSession(this.telemetry, typeof name === 'string' && name.length > 0 ? name : 'agent', run.link, this.traceId);
    if (run.session !== undefined && !run.session.live.isEnded) endSession(run.session, outcome);
  }

  /**
   * Records a tool call that ran from the node's start to `end`; returns the
   * session it was recorded in. A call that started agents is a `sub_agent`
   * call: its span waits for their totals.
   */
  private toolCall(node: Node, span: SdkSpan, name: string, input: unknown, output: unknown, end: number, startsAgents: boolean): AgentSession | undefined {
    const error = spanErrorText(span);
    const callId = span.spanId;
    const owner = this.emit(node, { type: 'tool.call', time: node.start, callId, name, input, ...(startsAgents ? { kind: 'sub_agent' as const } : {}) });
    this.emit(node, { type: 'tool.result', time: end, callId, name, success: error === undefined, output, error, errorType: error === undefined ? undefined : 'tool_error' }, node.start);
    return owner;
  }

  /** Records `event` in the node's session: held by the node's turn until it ends, else now. */
  private emit(node: Node, event: RecordedEvent, start = node.start): AgentSession | undefined {
    const owner = this.ownerOf(node);
    if (owner === undefined) return undefined;
    if (node.parent?.turn !== undefined) node.parent.turn.add(owner, event, start);
    else recordIn(owner, event);
    return owner;
  }

  private ownerOf(node: Node | undefined): AgentSession | undefined {
    for (let n = node; n !== undefined; n = n.parent) if (n.session !== undefined) return n.session;
    return undefined;
  }

  /** The run a span belongs to: its task's, else the trace's; none inside a tool call that opened no task. */
  private runOf(node: Node | undefined): Run | undefined {
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

/** A function call's arguments: the JSON the model wrote, parsed when it parses. */
function parseArguments(value: unknown): unknown {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function nonEmpty(value: unknown): unknown {
  return value === '' ? undefined : value;
}
