import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { noUsage, type ExpectedCall, type ExpectedRun, type ExpectedSession, type ExpectedUsage } from './real-expected.js';

/**
 * Aider's markdown logs read plainly, line by line with their own regular
 * expressions (not the adapter's): sessions by their header, the `> Tokens:`
 * reports with their figures as written, the edits and shell commands Aider
 * reports, and the LLM history's request and response times.
 */

export const CHAT = '.aider.chat.history.md';
export const LLM = '.aider.llm.history';

/** `3.2k` -> 3200, `10k` -> 10000, `222` -> 222. */
export function figure(text: string): number {
  if (text.endsWith('k')) return Math.round(Number(text.slice(0, -1)) * 1000);
  if (text.endsWith('M')) return Math.round(Number(text.slice(0, -1)) * 1e6);
  return Number(text);
}

/** A local time without zone, read in the zone of this process (`TZ`). */
export function local(text: string): number {
  const [date, time] = text.split(/[ T]/) as [string, string];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, s] = time.split(':').map(Number) as [number, number, number];
  return new Date(y, mo - 1, d, h, mi, s).getTime();
}

export interface AiderReport {
  line: number;
  sent: string;
  received: string;
  cacheWrite?: string;
  cacheHit?: string;
  cost?: number;
  sessionCost?: number;
}

export interface AiderSessionRaw {
  id: string;
  start: number;
  headerLine: number;
  /** The session's lines, with their 1-based line numbers. */
  lines: { line: number; text: string }[];
  reports: AiderReport[];
  calls: ExpectedCall[];
  /** `> litellm.<Error>:` lines: each one request that failed. */
  errors: number;
}

export interface LlmBlock {
  start: number;
  end: number;
  answered: boolean;
}

/** The request/response blocks of an LLM history: answered when the response block holds text. */
export function llmBlocks(file: string): LlmBlock[] {
  if (!existsSync(file)) return [];
  const blocks: LlmBlock[] = [];
  let inResponse = false;
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    const request = /^TO LLM (\S+)/.exec(text);
    const response = /^LLM RESPONSE (\S+)/.exec(text);
    if (request) {
      blocks.push({ start: local(request[1]!), end: NaN, answered: false });
      inResponse = false;
    } else if (response) {
      blocks[blocks.length - 1]!.end = local(response[1]!);
      inResponse = true;
    } else if (inResponse && text.trim() !== '') blocks[blocks.length - 1]!.answered = true;
  }
  return blocks;
}

/** The sessions of a chat history. */
export function aiderSessions(dir: string): AiderSessionRaw[] {
  const lines = readFileSync(join(dir, CHAT), 'utf8').split('\n');
  const sessions: AiderSessionRaw[] = [];
  lines.forEach((text, i) => {
    const header = /^# aider chat started at (.+)$/.exec(text);
    if (header) {
      const time = header[1]!.trim();
      sessions.push({ id: `aider:${basename(dir)}:${time.replace(' ', 'T')}`, start: local(time), headerLine: i + 1, lines: [], reports: [], calls: [], errors: 0 });
    } else sessions[sessions.length - 1]?.lines.push({ line: i + 1, text });
  });
  for (const s of sessions) {
    const counts = new Map<string, number>();
    const call = (name: string, success: boolean): void => {
      const n = counts.get(name) ?? 0;
      counts.set(name, n + 1);
      s.calls.push({ id: `${name}#${n}`, name, success, durationMs: 0, source: 'none', interrupted: false });
    };
    let shellAccepted = false;
    for (const { line, text } of s.lines) {
      const quoted = text.startsWith('> ') && text.endsWith('  ') ? text.slice(2).trim() : undefined;
      const tokens = quoted && /^Tokens: (\S+) sent(?:, (\S+) cache write)?(?:, (\S+) cache hit)?, (\S+) received\.(?: Cost: \$(\S+) message, \$(\S+) session\.)?$/.exec(quoted);
      const cost = quoted && /^Cost: \$(\S+) message, \$(\S+) session\.$/.exec(quoted);
      if (tokens) {
        const report: AiderReport = { line, sent: tokens[1]!, received: tokens[4]!, ...(tokens[2] ? { cacheWrite: tokens[2] } : {}), ...(tokens[3] ? { cacheHit: tokens[3] } : {}) };
        if (tokens[5]) Object.assign(report, { cost: Number(tokens[5]), sessionCost: Number(tokens[6]) });
        s.reports.push(report);
      } else if (cost) Object.assign(s.reports[s.reports.length - 1]!, { cost: Number(cost[1]), sessionCost: Number(cost[2]) });
      else if (quoted?.startsWith('Applied edit to ')) call('edit', true);
      else if (quoted?.startsWith('Skipping edits to ') || quoted === 'The LLM did not conform to the edit format.') call('edit', false);
      else if (quoted && /^Run shell commands?\?/.test(quoted)) {
        shellAccepted = /: y/.test(quoted);
        if (!shellAccepted) call('shell', false);
      } else if (quoted?.startsWith('Running ') && shellAccepted) call('shell', true);
      else if (quoted?.startsWith('litellm.')) s.errors++;
      else if (/^#### (\/run |!)/.test(text)) call('shell', true);
      if (text.startsWith('#### ')) shellAccepted = false;
    }
  }
  return sessions;
}

/** Model calls of a session: one per token report, plus each failed request (the LLM history's empty responses, else the error lines). */
export function aiderUsage(session: AiderSessionRaw, failed: number): ExpectedUsage {
  const usage = noUsage();
  usage.responses = session.reports.length + failed;
  for (const r of session.reports) {
    usage.input += figure(r.sent);
    usage.output += figure(r.received);
    usage.cacheRead += r.cacheHit ? figure(r.cacheHit) : 0;
    usage.cacheCreation += r.cacheWrite ? figure(r.cacheWrite) : 0;
  }
  return usage;
}

/** The blocks of the LLM history within each session's time range. */
export function blocksOf(sessions: readonly AiderSessionRaw[], blocks: readonly LlmBlock[]): LlmBlock[][] {
  return sessions.map((s, i) => blocks.filter((b) => b.start >= s.start && (i + 1 >= sessions.length || b.start < sessions[i + 1]!.start)));
}

export function aiderExpectations(root: string): ExpectedRun {
  const sessions: ExpectedSession[] = [];
  for (const dir of repoDirs(root)) {
    const raw = aiderSessions(dir);
    const blocks = blocksOf(raw, llmBlocks(join(dir, LLM)));
    raw.forEach((s, i) => {
      const failed = existsSync(join(dir, LLM)) ? blocks[i]!.filter((b) => !b.answered).length : s.errors;
      sessions.push({ agent: 'aider', id: s.id, file: join(dir, CHAT), calls: s.calls, usage: aiderUsage(s, failed) });
    });
  }
  return { sessions, reports: [] };
}

/** The folders under `root` (itself included) that hold a chat history. */
function repoDirs(root: string): string[] {
  if (existsSync(join(root, CHAT))) return [root];
  const dirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory());
  return dirs.map((d) => d.name).sort().flatMap((name) => repoDirs(join(root, name)));
}
