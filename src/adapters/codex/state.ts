import type { AgentEvent, LifecycleEvent } from '../../model/events.js';
import { parseTimestamp } from '../../model/time.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { InheritedHistory } from './inherited.js';
import type { SessionMetaPayload } from './schema.js';
import { idFromFileName, instructionsOf, originOf, sessionMetaOf, type ThreadOrigin } from './session-meta.js';
import { ToolTracker, type Stamp } from './tools.js';
import { UsageTracker } from './usage.js';
import { ResponseOrder } from './response-order.js';

/** Events held back before `session.start` (waiting for the model in `turn_context`), at most. */
const HOLD_LIMIT = 500;

/**
 * Spawn links learned while reading a parent rollout: child thread id -> the
 * `call_id` of the `spawn_agent` call that started it. Shared by the files of
 * one read unit, parent first.
 */
export type SpawnLinks = Map<string, string>;

/** Everything known while reading one rollout file: one Codex thread, one session. */
export class RolloutState {
  readonly tools = new ToolTracker();
  readonly usage = new UsageTracker();
  readonly inherited = new InheritedHistory();
  /** Records not converted on their own (duplicates of other records, markers), by kind. */
  readonly skipped = new Map<string, number>();
  unparsedArguments = 0;

  sessionId: string | undefined;
  meta: SessionMetaPayload | undefined;
  origin: ThreadOrigin = { subagent: false };
  /** The model of the latest `turn_context`. */
  model: string | undefined;
  /** When the next model request started: the latest turn start, input or tool output since the last response. */
  requestStart: number | undefined;
  /** A compaction was emitted and no model response has come since (its other records are repeats). */
  compactionOpen = false;
  /** Keeps each response's model.call after its items. */
  readonly responses = new ResponseOrder();
  /** Context size of the latest response, for compaction's `preTokens`. */
  contextUsed: number | undefined;

  private started = false;
  private startStamp: Stamp | undefined;
  private held: AgentEvent[] = [];
  private out: AgentEvent[] = [];
  private lastTime: number | undefined;
  private warnedNoTime = false;

  constructor(
    readonly file: string,
    readonly warn: WarningSink,
    readonly links: SpawnLinks,
  ) {}

  /** Time and identity for the events of one record; a record without a timestamp reuses the previous time. */
  stamp(line: number, rawTime: unknown): Stamp {
    const id = this.sessionId ?? this.adoptFileId(line);
    const time = parseTimestamp(rawTime);
    const source = { file: this.file, line };
    if (time !== undefined) {
      this.lastTime = time;
      return { sessionId: id, time, source };
    }
    if (this.lastTime === undefined && !this.warnedNoTime) {
      this.warnedNoTime = true;
      this.warn({ code: 'no_timestamp', file: this.file, line, message: 'records before any timestamp; their time is unknown (epoch 0)' });
    }
    return { sessionId: id, time: this.lastTime ?? 0, timeExact: false, source };
  }

  private adoptFileId(line: number): string {
    const id = idFromFileName(this.file);
    this.sessionId = id;
    this.warn({ code: 'missing_session_meta', file: this.file, line, message: `no session_meta before the first record; session id ${id} taken from the file name` });
    return id;
  }

  /** The thread's own `session_meta` (or pre-envelope header). */
  setMeta(meta: SessionMetaPayload, stamp: Stamp): void {
    this.meta = meta;
    this.origin = originOf(meta);
    if (this.sessionId === undefined) {
      this.sessionId = meta.id;
    } else if (this.sessionId !== meta.id) {
      this.warn({
        code: 'session_id_mismatch',
        file: this.file,
        line: stamp.source.line,
        message: `session_meta names thread ${meta.id}, but earlier records were given ${this.sessionId}; keeping ${this.sessionId}`,
      });
    }
    this.startStamp = { ...stamp, sessionId: this.sessionId };
    if (meta.model) this.model = meta.model;
  }

  /** Input for the next request: a model.call waiting for its response's items goes out first. */
  input(): void {
    this.responses.input((e) => this.emit(e));
  }

  emit(event: AgentEvent): void {
    if (this.started) {
      this.out.push(event);
      return;
    }
    this.held.push(event);
    if (this.held.length >= HOLD_LIMIT) this.start();
  }

  /** Emits `session.start` (now that the model is known, or it is too late to wait) and what was held back. */
  start(): void {
    if (this.started) return;
    const first = this.startStamp ?? this.held[0];
    if (!first) return;
    this.started = true;
    const sessionId = this.sessionId ?? first.sessionId;
    const parentCall = this.links.get(sessionId);
    this.out.push({
      type: 'session.start',
      sessionId,
      time: first.time,
      ...(first.timeExact === false ? { timeExact: false } : {}),
      ...(first.source ? { source: first.source } : {}),
      meta: sessionMetaOf(this.meta, this.origin, this.model, parentCall),
    });
    const instructions = this.meta ? instructionsOf(this.meta) : undefined;
    if (instructions && this.startStamp) {
      this.out.push({ type: 'message', ...this.startStamp, role: 'system', content: instructions });
    }
    this.out.push(...this.held);
    this.held = [];
  }

  get isStarted(): boolean {
    return this.started;
  }

  /**
   * One compaction: Codex writes a `compacted` record and a `context_compacted`
   * event for the same compaction, so further compaction records before the next
   * model response are counted as repeats.
   */
  compaction(stamp: Stamp, content: string | undefined): void {
    if (this.compactionOpen) {
      this.skip('compaction_repeated');
      return;
    }
    this.compactionOpen = true;
    this.requestStart = stamp.time;
    this.emit({
      type: 'compaction',
      ...stamp,
      ...(content ? { content } : {}),
      ...(this.contextUsed !== undefined ? { preTokens: this.contextUsed } : {}),
    });
  }

  skip(kind: string): void {
    this.skipped.set(kind, (this.skipped.get(kind) ?? 0) + 1);
  }

  lifecycle(stamp: Stamp, name: string, fields: Omit<LifecycleEvent, 'type' | 'name' | keyof Stamp> = {}): void {
    this.emit({ type: 'lifecycle', ...stamp, name, ...fields });
  }

  /** Events ready to be yielded. */
  drain(): AgentEvent[] {
    const ready = this.out;
    this.out = [];
    return ready;
  }

  /** A stamp for the notes written at the end of the file: the last record's time. */
  endStamp(line: number): Stamp {
    return { sessionId: this.sessionId ?? idFromFileName(this.file), time: this.lastTime ?? 0, source: { file: this.file, line } };
  }

  get hasRecords(): boolean {
    return this.startStamp !== undefined || this.held.length > 0 || this.started;
  }
}
