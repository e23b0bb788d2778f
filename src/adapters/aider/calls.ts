import type { AgentEvent, EventOf } from '../../model/events.js';
import { Exchanges, type LlmExchange } from './llm-history.js';
import { COST, tokenFigure } from './schema.js';
import type { AiderSession } from './session.js';

/**
 * The model calls of a chat history: each `> Tokens:` report is one, with the
 * times of the next answered request of the LLM history; each failed request
 * is one that failed. A report waits for its cost line (written apart when the
 * report has both cache writes and hits) before it is emitted.
 */
export class ModelCalls {
  private readonly exchanges: Exchanges;
  private pending: EventOf<'model.call'> | undefined;

  constructor(
    llm: readonly LlmExchange[],
    /** Called when a call's request is not (yet) in the LLM history. */
    private readonly missing: () => void,
  ) {
    this.exchanges = new Exchanges(llm);
  }

  /** A token report; `reply` yields the model's reply text as a message of the call. */
  *report(s: AiderSession, tokens: RegExpExecArray, line: number, reply: (responseId: string) => Iterable<AgentEvent>): Generator<AgentEvent> {
    yield* this.flush();
    const { failed, answered } = this.exchanges.take(s.start, s.until);
    for (const exchange of failed) yield* this.failed(s, exchange, line);
    if (answered) s.now = answered.end ?? answered.start;
    else this.missing();
    const responseId = `${s.id}/call-${++s.reports}`;
    yield* s.ensureStarted();
    yield* reply(responseId);
    const [sent, write, hit, received] = [tokens[1], tokens[2], tokens[3], tokens[4]].map((t) => (t === undefined ? undefined : tokenFigure(t)));
    const figures = [sent, write, hit, received].filter((f) => f !== undefined);
    this.pending = {
      ...s.base(line),
      type: 'model.call',
      responseId,
      ...(answered ? { startTime: answered.start } : {}),
      ...(s.meta.model ? { requestModel: s.meta.model } : {}),
      usage: {
        ...(sent ? { input: sent.value } : {}),
        ...(received ? { output: received.value } : {}),
        ...(hit ? { cacheRead: hit.value } : {}),
        ...(write ? { cacheCreation: write.value } : {}),
        inputIncludesCache: true,
      },
      ...(figures.some((f) => !f.exact) ? { usageInexact: true } : {}),
    };
    const inline = tokens[5] ? COST.exec(tokens[5].trim()) : null;
    if (inline) yield* this.cost(s, inline);
  }

  /** A cost line: the message cost of the waiting report (rounded by Aider to two significant digits), and the session's. */
  *cost(s: AiderSession, cost: RegExpExecArray): Generator<AgentEvent> {
    if (!this.pending) return;
    this.pending.costUsd = Number(cost[1]);
    this.pending.usageInexact = true;
    s.sessionCost = Number(cost[2]);
    yield* this.flush();
  }

  get waiting(): boolean {
    return this.pending !== undefined;
  }

  *flush(): Generator<AgentEvent> {
    const call = this.pending;
    this.pending = undefined;
    if (call) yield call;
  }

  /** A request Aider reports failed (a `litellm` error line): with its request's times when the LLM history has it. */
  *failedRequest(s: AiderSession, error: string, line: number): Generator<AgentEvent> {
    const exchange = this.exchanges.takeFailed(s.start, s.until);
    if (!exchange) this.missing();
    yield* this.failed(s, exchange, line, error);
  }

  /** The failed requests of the LLM history no error line reported, at the session's end. */
  *rest(s: AiderSession): Generator<AgentEvent> {
    for (const exchange of this.exchanges.rest(s.start, s.until)) yield* this.failed(s, exchange, exchange.line);
  }

  private *failed(s: AiderSession, exchange: LlmExchange | undefined, line: number, error = 'the request got no response'): Generator<AgentEvent> {
    yield* s.ensureStarted();
    if (exchange) s.now = exchange.end ?? exchange.start;
    yield {
      ...s.base(line),
      type: 'model.call',
      ...(exchange ? { startTime: exchange.start } : {}),
      ...(s.meta.model ? { requestModel: s.meta.model } : {}),
      error,
    };
  }
}
