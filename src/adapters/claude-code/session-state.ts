import type { CompactionEvent } from '../../model/events.js';
import { parseIsoTimestamp } from '../../model/time.js';
import type { WarningSink } from '../../core/diagnostics.js';
import type { ClaudeUsage } from './schema.js';

/** An API response being read: its lines share `message.id` and may be interleaved with tool results. */
export interface OpenResponse {
  id: string;
  /** When the request went out, as far as the transcript tells (see `startTime` in assistant.ts). */
  startTime?: number;
  /** Time, exactness and line of the response's latest line: the response ends there. */
  time: number;
  timeExact?: false;
  line: number;
  model?: string;
  /** Usage of the latest line (each line repeats the response's usage, the last one is the most complete). */
  usage?: ClaudeUsage | null;
  stopReason?: string | null;
}

/** The time given to one record, and whether it was its own. */
export interface At {
  time: number;
  timeExact?: false;
}

/**
 * What a session's conversion remembers between records: the clock, the open
 * response and the open tool calls. Memory grows with the number of responses
 * and tool calls (ids only), never with content.
 */
export class SessionState {
  /** Responses already emitted (a repeated message id must not count its usage twice). */
  readonly emittedResponses = new Set<string>();
  /** Every tool call id seen; the open ones also sit in `openTools` until their result. */
  readonly toolCalls = new Set<string>();
  readonly openTools = new Map<string, { name: string; time: number }>();
  response: OpenResponse | undefined;
  /** Time of the latest user record (a prompt or a tool result): what triggers the next request. */
  lastUserTime: number | undefined;
  /** Response id of the latest assistant line. */
  lastResponseId: string | undefined;
  /** End of the latest emitted response. */
  lastResponseEnd: number | undefined;
  /** A compact_boundary waiting for the summary record that usually follows it. */
  pendingCompaction: CompactionEvent | undefined;
  private last: number;

  constructor(
    readonly sessionId: string,
    readonly file: string,
    /** The session's earliest time: given to records before the first timed one. */
    firstTime: number,
    readonly warn: WarningSink,
  ) {
    this.last = firstTime;
  }

  /**
   * The time of a record: its own timestamp, else (`timeExact: false`) the
   * fallback given, else the previous record's.
   */
  at(raw: unknown, fallback?: unknown): At {
    const own = parseIsoTimestamp(raw);
    if (own !== undefined) {
      this.last = own;
      return { time: own };
    }
    const borrowed = parseIsoTimestamp(fallback);
    if (borrowed !== undefined) this.last = borrowed;
    return { time: this.last, timeExact: false };
  }

  /** The fields every event of this session carries. */
  base(line: number, at: At): { sessionId: string; time: number; timeExact?: false; source: { file: string; line: number } } {
    return {
      sessionId: this.sessionId,
      time: at.time,
      ...(at.timeExact === false ? { timeExact: false as const } : {}),
      source: { file: this.file, line },
    };
  }
}
