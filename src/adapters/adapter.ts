import type { AgentEvent } from '../model/events.js';
import type { WarningSink } from '../core/diagnostics.js';

/** The source formats agent-otel reads itself (see `builtinAdapters`). */
export type BuiltinFormat =
  | 'zag'
  | 'codetether'
  | 'kaizen'
  | 'event-store'
  | 'claude-code'
  | 'codex'
  | 'gemini-cli'
  | 'copilot-cli'
  | 'opencode'
  | 'kimi-code'
  | 'aider'
  | 'cline'
  | 'roo-code';

/** A format's name: a built-in one, or the name a user adapter gives itself. */
export type FormatName = BuiltinFormat | (string & {});

/** What an adapter sees of a file when asked whether it can read it. */
export interface Probe {
  /** Absolute path. */
  path: string;
  /** The file's first bytes (up to 64 KiB), as UTF-8. */
  head: string;
  /** The first complete lines of `head` parsed as JSON (undefined where a line is not JSON). */
  lines: unknown[];
  /** The whole head parsed as one JSON document, when it is complete JSON. */
  document?: unknown;
}

/**
 * A unit of reading: the files that make up one or more sessions (a rotated
 * file set, an events file with its session record, a transcript with its
 * subagent files).
 */
export interface SourceUnit<H = unknown> {
  format: FormatName;
  /** A short label for reports (usually the main file or folder). */
  label: string;
  files: string[];
  /** Adapter-specific facts gathered while planning (each adapter types its own, in its plan.ts). */
  hints?: H;
}

export interface ReadContext {
  warn: WarningSink;
  /** Options passed through from the caller. */
  maxLineBytes?: number;
  /**
   * Told, while reading goes on, that the unit holds no more records of these
   * sessions (a session and its subagents): the caller may end them now
   * instead of at the end of the unit. An adapter whose unit holds many
   * sessions (an OpenCode database) calls it, so that memory holds only the
   * sessions still being read.
   */
  sessionsRead?: (sessionIds: readonly string[]) => void;
}

/**
 * A source format. Adapters only read: they turn records into canonical
 * events and never build spans themselves. `H` is the type of the hints its
 * `plan` puts on a unit for its `read`. docs/adding-an-adapter.md walks through
 * writing one; pass it to `convert({ adapters: [...] })`.
 */
export interface Adapter<H = unknown> {
  readonly format: FormatName;
  /** The agent name used as `service.name` when the records do not say. */
  readonly agent: string;
  /** Short description for `--help` and reports. */
  readonly description: string;
  /**
   * True when the format is text, not JSON, JSON Lines or SQLite (a markdown log): only then are files
   * that do not look like data shown to `detect`.
   */
  readonly text?: boolean;
  /** True when the file is in this format. Decided by content; the path may only break ties. */
  detect(probe: Probe): boolean;
  /**
   * Groups the files this adapter claimed into read units. The default is
   * one unit per file.
   */
  plan?(files: string[], warn: WarningSink): Promise<SourceUnit<H>[]>;
  /** Streams the canonical events of a unit, in source order. */
  read(unit: SourceUnit<H>, ctx: ReadContext): AsyncIterable<AgentEvent>;
}
