import { basename, dirname } from 'node:path';
import type { AgentEvent, EventOf } from '../../model/events.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { Exchanges, type LlmExchange } from './llm-history.js';
import {
  AIDER_LINE,
  AIDER_LINE_END,
  APPLIED_EDIT,
  COMMIT,
  COST,
  EDIT_FORMAT_ERROR,
  LLM_ERROR,
  MAIN_MODEL,
  RUN_SHELL,
  RUNNING,
  SESSION_HEADER,
  SKIPPED_EDIT,
  TOKENS,
  USER_LINE,
  VERSION,
  localTime,
  tokenFigure,
} from './schema.js';
import { AiderSession } from './session.js';

type Mode = 'idle' | 'user' | 'reply';

const UNDO_HINT = /^You can use \/undo/;

/** Aider's lines that say something of their own (the others after an edit-format error explain it). */
const KNOWN = [TOKENS, COST, VERSION, MAIN_MODEL, APPLIED_EDIT, SKIPPED_EDIT, EDIT_FORMAT_ERROR, COMMIT, RUN_SHELL, RUNNING, LLM_ERROR];

/**
 * Turns the lines of `.aider.chat.history.md` into canonical events, with the
 * times of `.aider.llm.history` when there is one: each `> Tokens:` report is
 * one model call, matched in order to the answered requests of the LLM history.
 */
export class AiderConverter {
  private session: AiderSession | undefined;
  private mode: Mode = 'idle';
  private user: { lines: string[]; line: number } | undefined;
  private reply: string[] = [];
  private pending: EventOf<'model.call'> | undefined;
  /** Aider's lines since the last other line: the subject of a question (the shell commands it asks about). */
  private subject: string[] = [];
  private runsAccepted = false;
  /** Aider's explanation of edits it could not apply: its first line is quoted, the rest is plain text. */
  private editError: { line: number; lines: string[] } | undefined;
  private readonly exchanges: Exchanges;
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
    private readonly withLlmHistory = llm.length > 0,
  ) {
    this.exchanges = new Exchanges(llm);
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

  private defer(): void {
    if (this.withLlmHistory) this.deferred ??= [];
  }

  private *read(raw: string, line: number): Generator<AgentEvent> {
    const header = SESSION_HEADER.exec(raw);
    if (header) {
      yield* this.endSession();
      yield* this.startSession(header[1]!, line);
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
    if (this.editError && !user && !aider) {
      this.editError.lines.push(raw.trimEnd());
      return;
    }
    if (user) yield* this.flushEditError();
    if (user && this.mode !== 'reply') {
      yield* this.flushCall();
      if (this.mode !== 'user') this.user = { lines: [], line };
      this.runsAccepted = false;
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
    this.subject = [];
    if (raw.trim() === '') {
      if (this.mode === 'user') yield* this.flushUser();
      else if (this.mode === 'reply') this.reply.push('');
      return;
    }
    if (this.mode === 'user') yield* this.flushUser();
    yield* this.flushCall();
    this.mode = 'reply';
    this.reply.push(raw.trimEnd());
  }

  private *startSession(text: string, line: number): Generator<AgentEvent> {
    const start = localTime(text);
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
    this.mode = 'idle';
    yield* [];
  }

  private *endSession(): Generator<AgentEvent> {
    const s = this.session;
    if (!s) return;
    yield* this.flushEditError();
    yield* this.flushUser();
    yield* this.flushReply(undefined, s.headerLine);
    yield* this.flushCall();
    for (const exchange of this.exchanges.rest(s.start, s.until)) yield* this.failedCall(s, exchange, exchange.line);
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

  private *flushCall(): Generator<AgentEvent> {
    const call = this.pending;
    this.pending = undefined;
    if (call) yield call;
  }

  private *aiderLine(s: AiderSession, text: string, line: number): Generator<AgentEvent> {
    const tokens = TOKENS.exec(text);
    if (this.editError && !KNOWN.some((re) => re.test(text))) {
      this.editError.lines.push(text);
      return;
    }
    yield* this.flushEditError();
    if (tokens) {
      yield* this.flushCall();
      yield* this.modelCall(s, tokens, line);
      return;
    }
    const cost = COST.exec(text);
    if (cost && this.pending) {
      this.addCost(s, this.pending, cost);
      yield* this.flushCall();
      return;
    }
    yield* this.flushCall();
    yield* this.flushReply(undefined, line);
    yield* this.event(s, text, line);
  }

  private *modelCall(s: AiderSession, tokens: RegExpExecArray, line: number): Generator<AgentEvent> {
    const { failed, answered } = this.exchanges.take(s.start, s.until);
    for (const exchange of failed) yield* this.failedCall(s, exchange, line);
    if (answered) s.now = answered.end ?? answered.start;
    else this.defer();
    const responseId = `${s.id}/call-${++s.reports}`;
    yield* s.ensureStarted();
    yield* this.flushReply(responseId, line);
    const [sent, write, hit, received] = [tokens[1], tokens[2], tokens[3], tokens[4]].map((t) => (t === undefined ? undefined : tokenFigure(t)));
    const figures = [sent, write, hit, received].filter((f) => f !== undefined);
    const call: EventOf<'model.call'> = {
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
    this.pending = call;
    const inline = tokens[5] ? COST.exec(tokens[5].trim()) : null;
    if (inline) {
      this.addCost(s, call, inline);
      yield* this.flushCall();
    }
  }

  private addCost(s: AiderSession, call: EventOf<'model.call'>, cost: RegExpExecArray): void {
    call.costUsd = Number(cost[1]);
    // Aider rounds costs to two significant digits (`$0.0014`, `$0.01`).
    call.usageInexact = true;
    s.sessionCost = Number(cost[2]);
  }

  private *failedCall(
    s: AiderSession,
    exchange: LlmExchange | undefined,
    line: number,
    failure: { error: string } = { error: 'the request got no response' },
  ): Generator<AgentEvent> {
    yield* s.ensureStarted();
    if (exchange) s.now = exchange.end ?? exchange.start;
    yield {
      ...s.base(line),
      type: 'model.call',
      ...(exchange ? { startTime: exchange.start } : {}),
      ...(s.meta.model ? { requestModel: s.meta.model } : {}),
      error: failure.error,
    };
  }

  /** An edit Aider could not apply (the model's reply did not follow the edit format), with Aider's explanation. */
  private *flushEditError(): Generator<AgentEvent> {
    const failure = this.editError;
    this.editError = undefined;
    const s = this.session;
    if (!failure || !s) return;
    const error = failure.lines.join('\n').trim();
    yield* s.tool(failure.line, 'edit', 'file_edit', failure.lines[0] ?? '', { success: false, errorType: 'edit_format', error });
  }

  /** Aider's other lines: banner, edits, commits, shell commands, errors. */
  private *event(s: AiderSession, text: string, line: number): Generator<AgentEvent> {
    const version = VERSION.exec(text);
    const model = MAIN_MODEL.exec(text);
    if (version && !s.started) s.meta.agentVersion = version[1];
    else if (model) {
      if (!s.started) s.meta.model = model[1];
      else if (model[1] !== s.meta.model) yield { ...s.base(line), type: 'state.change', key: 'model', value: model[1] };
      s.meta.model = model[1];
    }
    if (version || model) return;
    let m: RegExpExecArray | null;
    if ((m = APPLIED_EDIT.exec(text))) yield* s.tool(line, 'edit', 'file_edit', text, { success: true });
    else if ((m = SKIPPED_EDIT.exec(text))) {
      yield* s.tool(line, 'edit', 'file_edit', text, { success: false, errorType: 'denied', error: text });
    } else if (EDIT_FORMAT_ERROR.test(text)) {
      this.editError = { line, lines: [text] };
    } else if ((m = COMMIT.exec(text))) {
      yield* s.ensureStarted();
      yield { ...s.base(line), type: 'lifecycle', name: 'vcs.commit', level: 'info', message: m[2], data: { commit: m[1], message: m[2] } };
    } else if ((m = RUN_SHELL.exec(text))) {
      const yes = /^[ya]/i.test(m[1]!.trim());
      this.runsAccepted = yes;
      const command = this.subject.join('\n');
      if (!yes) yield* s.tool(line, 'shell', 'shell', command, { success: false, errorType: 'denied', error: `declined: ${m[1]}` });
    } else if ((m = RUNNING.exec(text)) && this.runsAccepted) {
      yield* s.tool(line, 'shell', 'shell', text, { success: true });
    } else if (LLM_ERROR.test(text)) {
      // One failed request: with the LLM history's times when its next request is an unanswered one.
      const exchange = this.exchanges.takeFailed(s.start, s.until);
      if (!exchange) this.defer();
      yield* this.failedCall(s, exchange, line, { error: text.slice(0, 500) });
    }
    // The subject of a question is what Aider printed just before it, after its own reports.
    if (KNOWN.some((re) => re.test(text)) || UNDO_HINT.test(text)) this.subject = [];
    else this.subject.push(text);
  }
}
