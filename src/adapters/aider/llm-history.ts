import type { ReadContext } from '../adapter.js';
import { readLines } from '../../core/line-reader.js';
import { LLM_REQUEST, LLM_RESPONSE, localTime } from './schema.js';

/** One request of `.aider.llm.history`: sent at `start`, answered (or failed) at `end`. */
export interface LlmExchange {
  start: number;
  end?: number;
  /** False when the response block is empty: the request failed (rate limit, error, interrupt). */
  answered: boolean;
  line: number;
}

/** The requests of an LLM history file, in order; lines that are not block headers are content. */
export async function readLlmHistory(file: string, ctx: ReadContext): Promise<LlmExchange[]> {
  const exchanges: LlmExchange[] = [];
  let current: LlmExchange | undefined;
  let inResponse = false;
  for await (const line of readLines(file, { maxLineBytes: ctx.maxLineBytes })) {
    if ('overlong' in line) {
      if (inResponse && current) current.answered = true;
      continue;
    }
    const request = LLM_REQUEST.exec(line.text);
    if (request) {
      const start = localTime(request[1]!);
      if (start === undefined) {
        ctx.warn({ code: 'schema', file, line: line.line, message: `not a valid time in "${line.text.slice(0, 40)}"; block skipped` });
        current = undefined;
      } else {
        current = { start, answered: false, line: line.line };
        exchanges.push(current);
      }
      inResponse = false;
      continue;
    }
    const response = LLM_RESPONSE.exec(line.text);
    if (response) {
      if (current) current.end = localTime(response[1]!);
      inResponse = true;
      continue;
    }
    if (inResponse && current && line.text.trim() !== '') current.answered = true;
  }
  return exchanges;
}

/**
 * Hands out the exchanges of a session in order: each call written in the chat
 * history takes the next answered exchange, after the failed ones before it.
 * Only exchanges within the session's time range are used.
 */
export class Exchanges {
  private next = 0;

  constructor(private readonly all: readonly LlmExchange[]) {}

  /** The failed exchanges before the next answered one, and that one (undefined when none is left in range). */
  take(from: number, until: number | undefined): { failed: LlmExchange[]; answered?: LlmExchange } {
    const failed: LlmExchange[] = [];
    while (this.next < this.all.length) {
      const exchange = this.all[this.next]!;
      if (exchange.start < from) {
        this.next++;
        continue;
      }
      if (until !== undefined && exchange.start >= until) break;
      this.next++;
      if (!exchange.answered) failed.push(exchange);
      else return { failed, answered: exchange };
    }
    return { failed };
  }

  /** The next exchange of the session when it is an unanswered one (a request that failed), else undefined. */
  takeFailed(from: number, until: number | undefined): LlmExchange | undefined {
    while (this.next < this.all.length && this.all[this.next]!.start < from) this.next++;
    const exchange = this.all[this.next];
    if (!exchange || exchange.answered || (until !== undefined && exchange.start >= until)) return undefined;
    this.next++;
    return exchange;
  }

  /** The failed exchanges left in the session's range, at its end. */
  rest(from: number, until: number | undefined): LlmExchange[] {
    const out: LlmExchange[] = [];
    while (this.next < this.all.length) {
      const exchange = this.all[this.next]!;
      if (until !== undefined && exchange.start >= until) break;
      this.next++;
      if (exchange.start >= from && !exchange.answered) out.push(exchange);
    }
    return out;
  }
}
