import type { z } from 'zod';
import type { AgentEvent } from '../../model/events.js';
import type { SessionMeta } from '../../model/session.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { parseRecord } from '../record.js';
import { Clock, exactness } from '../record-clock.js';
import { MAIN_AGENT, type SessionAgents } from './agents.js';
import { loopEvents } from './loop-events.js';
import { Metadata, ProfileFields, TurnInput, WireRecord } from './schema.js';
import { Steps } from './steps.js';
import { turnEvents } from './turn-events.js';

export const KIMI_AGENT = 'kimi-code';

export type Base = Pick<AgentEvent, 'sessionId' | 'time' | 'timeExact' | 'source'>;

/** Records that only set the session up: they fill its start, and give no event of their own before it. */
const PREAMBLE = new Set(['metadata', 'config.update', 'profile.bind', 'tools.set_active_tools', 'llm.tools_snapshot', 'plugin.session_start', 'runtime.set_binding', 'permission.set_mode']);

/** What one agent's converter shares with the read: the session's agents and the tool calls seen. */
export interface AgentContext {
  file: string;
  agentId: string;
  agents: SessionAgents;
  title?: string;
  cwd?: string;
  warn: WarningSink;
}

/** Turns the records of one agent's wire.jsonl, in order, into canonical events. */
export class KimiWireConverter {
  readonly sessionId: string;
  readonly steps = new Steps();
  /** Tool names by call id, for results (which do not repeat the name). */
  readonly toolNames = new Map<string, string>();
  /** Calls whose approval was refused: their error result is a denial. */
  readonly refused = new Set<string>();
  private readonly clock = new Clock();
  private readonly meta: SessionMeta;
  private started = false;
  private firstTime: number | undefined;

  constructor(readonly ctx: AgentContext) {
    this.sessionId = ctx.agents.sessionIdOf(ctx.agentId);
    this.meta = {
      agent: KIMI_AGENT,
      ...(ctx.cwd ? { cwd: ctx.cwd } : {}),
      ...(ctx.title && ctx.agentId === MAIN_AGENT ? { title: ctx.title } : {}),
    };
  }

  *record(value: unknown, line: number): Generator<AgentEvent> {
    const source = { file: this.ctx.file, line };
    const record = parseRecord(WireRecord, value, source, this.ctx.warn);
    if (!record) return;
    const header = record.type === 'metadata' ? parseRecord(Metadata, record, source, this.ctx.warn) : undefined;
    const stamp = this.clock.at(record.time ?? header?.created_at);
    if (!stamp) {
      this.ctx.warn({ code: 'missing_time', file: this.ctx.file, line, message: 'record has no time and none came before it; skipped' });
      return;
    }
    const base: Base = { sessionId: this.sessionId, time: stamp.time, ...exactness(stamp), source };
    if (!this.started && PREAMBLE.has(record.type)) {
      this.firstTime ??= stamp.time;
      this.fill(record, source);
      return;
    }
    if (!this.started) yield this.start(record, base);
    if (record.type !== 'usage.record') yield* this.steps.flushHeld();
    yield* this.dispatch(record, base);
  }

  /** The end of the file: a session whose records were all preamble still starts, and a held call is emitted. */
  *finish(): Generator<AgentEvent> {
    if (!this.started && this.firstTime !== undefined) {
      yield this.start(undefined, { sessionId: this.sessionId, time: this.firstTime, source: { file: this.ctx.file, line: 1 } });
    }
    yield* this.steps.flushHeld();
  }

  private *dispatch(record: WireRecord, base: Base): Generator<AgentEvent> {
    if (record.type === 'context.append_loop_event') {
      yield* loopEvents(this, record, base);
      return;
    }
    const events = turnEvents(this, record, base);
    if (events) yield* events;
    else yield { ...base, type: 'unknown', kind: record.type, data: record };
  }

  parse<S extends z.ZodType>(schema: S, value: unknown, base: Base): z.infer<S> | undefined {
    return parseRecord(schema, value, base.source ?? { file: this.ctx.file }, this.ctx.warn);
  }

  /** Model, profile and folder from the records before the first turn. */
  private fill(record: WireRecord, source: { file: string; line: number }): void {
    if (record.type !== 'config.update' && record.type !== 'profile.bind') return;
    const fields = parseRecord(ProfileFields, record, source, this.ctx.warn);
    if (!fields) return;
    if (fields.modelAlias) this.meta.model = fields.modelAlias;
    if (fields.profileName && this.ctx.agentId !== MAIN_AGENT) this.meta.agentName = fields.profileName;
    const cwd = fields.cwd ?? fields.environmentDisclosure?.cwd;
    if (cwd && !this.meta.cwd) this.meta.cwd = cwd;
  }

  private start(first: WireRecord | undefined, base: Base): AgentEvent {
    this.started = true;
    const prompt = first?.type === 'turn.prompt' ? TurnInput.safeParse(first) : undefined;
    const origin = prompt?.success ? prompt.data.origin : undefined;
    const launched = origin?.kind === 'system_trigger' && origin.name === 'subagent';
    const parent = this.ctx.agents.parentOf(this.ctx.agentId, launched);
    return {
      ...base,
      ...(this.firstTime !== undefined ? { time: this.firstTime } : {}),
      type: 'session.start',
      meta: { ...this.meta, ...(parent ? { parent } : {}) },
    };
  }
}
