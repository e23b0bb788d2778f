import type { AgentEvent, EventOf } from '../../model/events.js';
import type { SessionMeta } from '../../model/session.js';
import { SyntheticToolIds } from '../synthetic-tool-ids.js';

export const AIDER_AGENT = 'aider';

/** Where an event comes from; every Aider time is local and to the second, so none is exact. */
export type Base = Pick<AgentEvent, 'sessionId' | 'time' | 'timeExact' | 'source'>;

/** One `# aider chat started at` section of the chat history. */
export class AiderSession {
  readonly meta: SessionMeta = { agent: AIDER_AGENT };
  readonly ids = new SyntheticToolIds();
  started = false;
  /** Token reports so far: the calls' numbers. */
  reports = 0;
  /** The latest time known: the header's, then each model call's end. */
  now: number;
  /** The last `$x session.` figure. */
  sessionCost: number | undefined;

  constructor(
    readonly id: string,
    readonly start: number,
    /** The next session's start: the LLM history's requests from then on are not this session's. */
    readonly until: number | undefined,
    readonly file: string,
    readonly headerLine: number,
  ) {
    this.now = start;
  }

  base(line: number): Base {
    return { sessionId: this.id, time: this.now, timeExact: false, source: { file: this.file, line } };
  }

  /** The session.start, once, before the session's first event. */
  *ensureStarted(): Generator<AgentEvent> {
    if (this.started) return;
    this.started = true;
    yield { sessionId: this.id, time: this.start, timeExact: false, source: { file: this.file, line: this.headerLine }, type: 'session.start', meta: { ...this.meta } };
  }

  /**
   * Something Aider did itself (an edit applied or refused, a shell command):
   * the log says only that it happened, so a result without a call (a span at
   * one moment, its duration unknown), with what Aider wrote as its output.
   */
  *tool(
    line: number,
    name: string,
    kind: EventOf<'tool.result'>['kind'],
    said: string,
    outcome: { success: true } | { success: false; errorType: string; error: string },
  ): Generator<AgentEvent> {
    yield* this.ensureStarted();
    yield { ...this.base(line), type: 'tool.result', callId: this.ids.fresh(name), name, kind, output: said, ...outcome };
  }
}
