import type { WarningSink } from '../../core/diagnostics.js';
import type { AgentEvent } from '../../model/events.js';
import { SessionConverter } from '../../adapters/claude-code/convert.js';
import { SessionState } from '../../adapters/claude-code/session-state.js';
import type { LiveSession, SessionEnd } from '../../live/live-session.js';
import { warnOnce } from '../sdk-warnings.js';

/** Where the adapter's warnings name the records (they come from a stream, not a file). */
const SOURCE = 'claude-agent-sdk';

const warn: WarningSink = (w) => warnOnce(`claude-agent-sdk:${w.code}`, `claude-agent-sdk: ${w.message}`);

/**
 * One session's messages (the main agent's, or one subagent's), read record by
 * record by the Claude Code adapter's converter, and recorded in its live
 * session as they come. A response's `chat` span is recorded when the
 * response is complete: at the next response, the next prompt, or the end.
 */
export class Transcript {
  private readonly converter: SessionConverter;
  private records = 0;

  constructor(
    readonly session: LiveSession,
    startedAt: number,
  ) {
    this.converter = new SessionConverter(new SessionState(session.sessionId, SOURCE, startedAt, warn));
  }

  /** Reads one transcript record (see sdk-records.ts) and records its events. */
  read(record: Record<string, unknown>): void {
    this.put(this.converter.record(record, ++this.records));
  }

  /** Records what is still open (the last response) and ends the session. */
  end(result: SessionEnd): void {
    this.put(this.converter.finish());
    this.session.end(result);
  }

  private put(events: AgentEvent[]): void {
    for (const event of events) {
      if (event.type === 'session.start' || event.type === 'session.end') continue;
      const { sessionId: _session, source: _source, ...rest } = event;
      this.session.record(rest);
    }
  }
}
