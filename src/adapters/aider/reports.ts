import type { AgentEvent } from '../../model/events.js';
import type { ModelCalls } from './calls.js';
import { APPLIED_EDIT, COMMIT, COST, EDIT_FORMAT_ERROR, LLM_ERROR, MAIN_MODEL, RUN_SHELL, RUNNING, SKIPPED_EDIT, TOKENS, VERSION } from './schema.js';
import type { AiderSession } from './session.js';

const UNDO_HINT = /^You can use \/undo/;

/** Aider's lines that say something of their own (the others after an edit-format error explain it). */
const KNOWN = [TOKENS, COST, VERSION, MAIN_MODEL, APPLIED_EDIT, SKIPPED_EDIT, EDIT_FORMAT_ERROR, COMMIT, RUN_SHELL, RUNNING, LLM_ERROR];

export function isKnownReport(text: string): boolean {
  return KNOWN.some((re) => re.test(text));
}

/**
 * What Aider reports of its own work (the `> ` lines other than token
 * reports): banner, model switches, edits applied or refused, edits not in
 * the edit format, commits, shell commands declined or run, failed requests.
 */
export class AiderReports {
  /** Aider's lines since the last other line: the subject of a question (the shell commands it asks about). */
  private subject: string[] = [];
  private runsAccepted = false;
  /** Aider's explanation of edits it could not apply: its first line is quoted, the rest is plain text. */
  private editError: { line: number; lines: string[] } | undefined;

  constructor(private readonly calls: ModelCalls) {}

  /** True while an edit-format error takes the lines that explain it. */
  get explaining(): boolean {
    return this.editError !== undefined;
  }

  /** A line of the explanation being read. */
  plain(text: string): void {
    this.editError?.lines.push(text);
  }

  /** A line that is not Aider's: what Aider printed before it is no question's subject. */
  endSubject(): void {
    this.subject = [];
  }

  /** A user turn: shell commands asked about before it are done with. */
  turn(): void {
    this.runsAccepted = false;
  }

  *line(s: AiderSession, text: string, line: number): Generator<AgentEvent> {
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
    if (APPLIED_EDIT.test(text)) yield* s.tool(line, 'edit', 'file_edit', text, { success: true });
    else if (SKIPPED_EDIT.test(text)) {
      yield* s.tool(line, 'edit', 'file_edit', text, { success: false, errorType: 'denied', error: text });
    } else if (EDIT_FORMAT_ERROR.test(text)) {
      this.editError = { line, lines: [text] };
    } else if ((m = COMMIT.exec(text))) {
      yield* s.ensureStarted();
      yield { ...s.base(line), type: 'lifecycle', name: 'vcs.commit', level: 'info', message: m[2], data: { commit: m[1], message: m[2] } };
    } else if ((m = RUN_SHELL.exec(text))) {
      this.runsAccepted = /^[ya]/i.test(m[1]!.trim());
      const command = this.subject.join('\n');
      if (!this.runsAccepted) yield* s.tool(line, 'shell', 'shell', command, { success: false, errorType: 'denied', error: `declined: ${m[1]}` });
    } else if (RUNNING.test(text) && this.runsAccepted) {
      yield* s.tool(line, 'shell', 'shell', text, { success: true });
    } else if (LLM_ERROR.test(text)) {
      yield* this.calls.failedRequest(s, text.slice(0, 500), line);
    }
    // The subject of a question is what Aider printed just before it, after its own reports.
    if (isKnownReport(text) || UNDO_HINT.test(text)) this.subject = [];
    else this.subject.push(text);
  }

  /** An edit Aider could not apply (the model's reply did not follow the edit format), with Aider's explanation. */
  *flushEditError(s: AiderSession | undefined): Generator<AgentEvent> {
    const failure = this.editError;
    this.editError = undefined;
    if (!failure || !s) return;
    const error = failure.lines.join('\n').trim();
    yield* s.tool(failure.line, 'edit', 'file_edit', failure.lines[0] ?? '', { success: false, errorType: 'edit_format', error });
  }
}
