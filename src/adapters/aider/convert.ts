import { basename, dirname } from 'node:path';
import type { AgentEvent } from '../../model/events.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { ModelCalls } from './calls.js';
import type { LlmExchange } from './llm-history.js';
import { AiderReports, isKnownReport } from './reports.js';
import { AIDER_LINE, AIDER_LINE_END, COST, SESSION_HEADER, TOKENS, USER_LINE, localTime } from './schema.js';
import { AiderSession } from './session.js';

type Mode = 'idle' | 'user' | 'reply';

/**
 * Turns the lines of `.aider.chat.history.md` into canonical events: sessions
 * by their header, the user's `#### ` turns, the model's replies, and Aider's
 * own `> ` lines (token reports: see ModelCalls; the others: AiderReports).
 */
export class AiderConverter {
  private session: AiderSession | undefined;
  private mode: Mode = 'idle';
  private user: { lines: string[]; line: number } | undefined;
  private reply: string[] = [];
  private readonly calls: ModelCalls;
  private readonly reports: AiderReports;
  private readonly repo: string;
  private readonly seen = new Map<string, number>();
  private warnedPreamble = false;
  private deferred: AgentEvent[] | undefined;

  constructor(
    private readonly file: string,
    /** Start times of the file's sessions, in order (from a first pass over the headers). */
    private readonly starts: readonly number[],
    llm: readonly LlmExchange[],
    private readonly warn: WarningSink,
    /** The chat history has an LLM history next to it (its requests give the calls their times). */
    withLlmHistory = llm.length > 0,
  ) {
    this.calls = new ModelCalls(llm, () => {
      if (withLlmHistory) this.deferred ??= [];
    });
    this.reports = new AiderReports(this.calls);
    this.repo = basename(dirname(file));
  }

  /** The events of one line of the chat history. */
  *line(raw: string, line: number): Generator<AgentEvent> {
    yield* this.gate(this.read(raw, line));
  }

  /** The end of the chat history: the last session ends, and what waited for the LLM history follows. */
  *finish(): Generator<AgentEvent> {
    yield* this.gate(this.endSession());
    const deferred = this.deferred ?? [];
    this.deferred = undefined;
    yield* deferred;
  }

  /**
   * A call whose request is not (yet) in the LLM history, and everything after
   * it, waits for the end of the chat history: a watcher that reads the chat
   * history ahead of the LLM history then takes those events as not settled.
   */
  private *gate(events: Iterable<AgentEvent>): Generator<AgentEvent> {
    for (const event of events) {
      if (this.deferred) this.deferred.push(event);
      else yield event;
    }
  }

  private *read(raw: string, line: number): Generator<AgentEvent> {
    const header = SESSION_HEADER.exec(raw);
    if (header) {
      yield* this.endSession();
      this.startSession(header[1]!, line);
      return;
    }
    const s = this.session;
    if (!s) {
      if (raw.trim() !== '' && !this.warnedPreamble) {
        this.warnedPreamble = true;
        this.warn({ code: 'schema', file: this.file, line, message: 'lines before the first "# aider chat started at" header; skipped' });
      }
      return;
    }
    const user = USER_LINE.exec(raw);
    const aider = AIDER_LINE.exec(raw);
    if (this.reports.explaining && !user && !aider) {
      this.reports.plain(raw.trimEnd());
      return;
    }
    if (user) yield* this.reports.flushEditError(s);
    if (user && this.mode !== 'reply') {
      yield* this.calls.flush();
      if (this.mode !== 'user') this.user = { lines: [], line };
      this.reports.turn();
      this.user!.lines.push((user[1] ?? '').trimEnd());
      this.mode = 'user';
      return;
    }
    const tokens = aider ? TOKENS.exec(aider[1]!.trimEnd()) : null;
    if (aider && (this.mode !== 'reply' || tokens || AIDER_LINE_END.test(raw))) {
      yield* this.flushUser();
      yield* this.aiderLine(s, aider[1]!.trim(), line);
      this.mode = 'idle';
      return;
    }
    this.reports.endSubject();
    if (raw.trim() === '') {
      if (this.mode === 'user') yield* this.flushUser();
      else if (this.mode === 'reply') this.reply.push('');
      return;
    }
    if (this.mode === 'user') yield* this.flushUser();
    yield* this.calls.flush();
    this.mode = 'reply';
    this.reply.push(raw.trimEnd());
  }

  /** One of Aider's own lines. */
  private *aiderLine(s: AiderSession, text: string, line: number): Generator<AgentEvent> {
    if (this.reports.explaining && !isKnownReport(text)) {
      this.reports.plain(text);
      return;
    }
    yield* this.reports.flushEditError(s);
    const tokens = TOKENS.exec(text);
    if (tokens) {
      yield* this.calls.report(s, tokens, line, (responseId) => this.flushReply(responseId, line));
      return;
    }
    const cost = COST.exec(text);
    if (cost && this.calls.waiting) {
      yield* this.calls.cost(s, cost);
      return;
    }
    yield* this.calls.flush();
    yield* this.flushReply(undefined, line);
    yield* this.reports.line(s, text, line);
  }

  private startSession(text: string, line: number): void {
    const start = localTime(text);
    this.mode = 'idle';
    if (start === undefined) {
      this.warn({ code: 'schema', file: this.file, line, message: `not a valid time in the session header "${text}"; session skipped` });
      this.session = undefined;
      return;
    }
    const index = this.starts.indexOf(start);
    const until = this.starts.find((t, i) => i > index && t > start);
    const key = `aider:${this.repo}:${text.replace(' ', 'T')}`;
    const count = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, count);
    this.session = new AiderSession(count > 1 ? `${key}#${count}` : key, start, until, this.file, line);
  }

  private *endSession(): Generator<AgentEvent> {
    const s = this.session;
    if (!s) return;
    yield* this.reports.flushEditError(s);
    yield* this.flushUser();
    yield* this.flushReply(undefined, s.headerLine);
    yield* this.calls.flush();
    yield* this.calls.rest(s);
    yield* s.ensureStarted();
    if (s.sessionCost !== undefined) {
      yield { ...s.base(s.headerLine), type: 'session.end', outcome: 'ok', reason: 'end of the chat history section', reportedCostUsd: s.sessionCost };
    }
    this.session = undefined;
  }

  private *flushUser(): Generator<AgentEvent> {
    const s = this.session;
    const user = this.user;
    this.user = undefined;
    if (this.mode === 'user') this.mode = 'idle';
    if (!s || !user) return;
    yield* s.ensureStarted();
    const content = user.lines.join('\n').trim();
    yield { ...s.base(user.line), type: 'message', role: 'user', content };
    const command = /^(?:\/run\s+|!)(.+)$/s.exec(content)?.[1]?.trim();
    if (command) yield* s.tool(user.line, 'shell', 'shell', command, { success: true });
  }

  private *flushReply(responseId: string | undefined, line: number): Generator<AgentEvent> {
    const s = this.session;
    const text = this.reply.join('\n').trim();
    this.reply = [];
    if (!s || text === '') return;
    yield* s.ensureStarted();
    yield { ...s.base(line), type: 'message', role: 'assistant', content: text, ...(responseId ? { responseId } : {}) };
  }
}
