import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aiderAdapter } from '../../src/adapters/aider/index.js';
import { adapters } from '../../src/adapters/registry.js';
import type { AgentEvent } from '../../src/model/events.js';
import { collectEvents, usageOf, expandPaths, inSession, ofType, probeFile, starts } from '../support/runs/collect-events.js';
import { aiderExpectations, aiderSessions, blocksOf, CHAT, figure, LLM, llmBlocks, local } from '../support/expectations/real-aider.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const ROOT = join(FIXTURES, 'aider');
const REPO = join(ROOT, 'calc');
const tempDir = useTempDirs();


describe('aider: detection', () => {
  it('claims the chat and LLM histories by their first line, not the input history', async () => {
    const files = await expandPaths([ROOT]);
    const claimed: string[] = [];
    for (const file of files) if (aiderAdapter.detect(probeFile(file))) claimed.push(file);
    expect(claimed.sort()).toEqual([join(REPO, CHAT), join(REPO, LLM)]);
    for (const file of claimed) {
      const probe = probeFile(file);
      expect(adapters.find((a) => a.detect(probe))?.format).toBe('aider');
    }
  });

  it('claims no fixture of another format', async () => {
    const others = (await expandPaths([FIXTURES])).filter((f) => !f.startsWith(ROOT));
    for (const file of others) expect(aiderAdapter.detect(probeFile(file)), file).toBe(false);
  });
});

describe('aider: a chat history with its LLM history', async () => {
  const { events, warnings } = await collectEvents(aiderAdapter, [ROOT]);
  const raw = aiderSessions(REPO);
  const expected = aiderExpectations(ROOT);
  const blocks = blocksOf(raw, llmBlocks(join(REPO, LLM)));

  it('has a session per header, named after the repository folder and the header time', () => {
    expect(starts(events).map((s) => s.sessionId)).toEqual(raw.map((s) => s.id));
    expect(starts(events).map((s) => s.time)).toEqual(raw.map((s) => s.start));
    expect(raw).toHaveLength(2);
    expect(warnings).toEqual([]);
  });

  it('reads the local header time in the zone of the process, and flags every time inexact', () => {
    const header = /^# aider chat started at (.+)$/m.exec(readFileSync(join(REPO, CHAT), 'utf8'))![1]!;
    const [d, t] = header.split(' ');
    expect(starts(events)[0]!.time).toBe(new Date(`${d}T${t}`).getTime());
    expect(events.every((e) => e.timeExact === false)).toBe(true);
  });

  it('takes version and model from the banner; a later model is a state change', () => {
    expect(starts(events).map((s) => [s.meta.agentVersion, s.meta.model])).toEqual([
      ['0.86.1', 'anthropic/claude-sonnet-4-20250514'],
      ['0.86.1', 'ollama_chat/qwen2.5-coder:14b'],
    ]);
  });

  it.each(expected.sessions.map((s, i) => [s.id, s, i] as const))('%s: tokens as written, one call per report and per failed request', (id, session, i) => {
    const own = inSession(events, id);
    expect(usageOf(own)).toEqual(session.usage);
    const reports = raw[i]!.reports;
    const answered = ofType(own, 'model.call').filter((c) => c.error === undefined);
    expect(answered.map((c) => [c.usage?.input, c.usage?.output])).toEqual(reports.map((r) => [figure(r.sent), figure(r.received)]));
    expect(answered.map((c) => c.usageInexact === true)).toEqual(reports.map((r) => /k|M/.test(r.sent + r.received) || r.cost !== undefined));
  });

  it('each report takes the times of the next answered request of the LLM history; a failed request is a failed call', () => {
    const calls = ofType(events, 'model.call');
    const want = blocks.flat().map((b) => [b.start, b.end, b.answered]);
    expect(calls.map((c) => [c.startTime, c.time, c.error === undefined])).toEqual(want);
    expect(calls.find((c) => c.error)!.error).toMatch(/^litellm\.RateLimitError/);
  });

  it('keeps the cost of each message, and the session total as the reported cost', () => {
    const reports = raw[0]!.reports;
    const calls = ofType(inSession(events, raw[0]!.id), 'model.call').filter((c) => c.error === undefined);
    expect(calls.map((c) => c.costUsd)).toEqual(reports.map((r) => r.cost));
    expect(ofType(events, 'session.end')).toEqual([expect.objectContaining({ sessionId: raw[0]!.id, reportedCostUsd: reports.at(-1)!.sessionCost })]);
    expect(reports.map((r) => r.cost)).toEqual([0.0094, 0.0021, 0.05]);
  });

  it.each(expected.sessions.map((s) => [s.id, s] as const))('%s: edits and shell commands with their outcomes', (id, session) => {
    const results = ofType(inSession(events, id), 'tool.result');
    expect(results.map((r) => [r.callId, r.name, r.success])).toEqual(session.calls.map((c) => [c.id, c.name, c.success]));
    expect(ofType(inSession(events, id), 'tool.call')).toEqual([]);
  });

  it('says why an edit or a command failed: refused, or not in the edit format', () => {
    const failed = ofType(events, 'tool.result').filter((r) => !r.success);
    expect(failed.map((r) => [r.name, r.errorType])).toEqual([
      ['shell', 'denied'],
      ['edit', 'denied'],
      ['edit', 'edit_format'],
    ]);
    expect(failed[2]!.error).toContain('SearchReplaceNoExactMatch');
    expect(ofType(events, 'tool.result').find((r) => r.name === 'shell')!.output).toBe('python -m pytest');
  });

  it('tells user turns from headings and quotes in the reply; joins the lines of one turn', () => {
    const users = ofType(events, 'message').filter((m) => m.role === 'user').map((m) => m.content);
    const typed = raw.flatMap((s) => s.lines.filter((l) => /^#### (?!Why)/.test(l.text) && !/^####\s*$/.test(l.text.trim())));
    expect(users).toContain('run the tests\n\nand show me the output');
    expect(users).not.toContain('Why');
    expect(users).toHaveLength(typed.length - 1);
    const reply = ofType(events, 'message').find((m) => m.role === 'assistant')!;
    expect(reply.content).toContain('#### Why\n> Dividing by zero raises');
  });

  it('keeps commits as events on the session', () => {
    expect(ofType(events, 'lifecycle').filter((l) => l.name === 'vcs.commit').map((l) => l.data)).toEqual([
      { commit: '1a2b3c4', message: 'fix: guard against division by zero' },
    ]);
  });
});

describe('aider: without an LLM history, and with damage', () => {
  it('without the LLM history: the same calls and tokens, at the header time, failures from the error lines', async () => {
    const dir = join(tempDir(), 'calc');
    mkdirSync(dir);
    copyFileSync(join(REPO, CHAT), join(dir, CHAT));
    const { events } = await collectEvents(aiderAdapter, [dir]);
    const expected = aiderExpectations(dir);
    for (const s of expected.sessions) expect(usageOf(inSession(events, s.id))).toEqual(s.usage);
    expect(ofType(events, 'model.call').every((c) => c.startTime === undefined)).toBe(true);
    expect(ofType(events, 'model.call')[0]!.time).toBe(local('2026-01-10 09:00:00'));
  });

  it('a header with an impossible time and text before the first header: warnings naming file and line, the rest converts', async () => {
    const dir = join(tempDir(), 'calc');
    mkdirSync(dir);
    const text = readFileSync(join(REPO, CHAT), 'utf8').replace('# aider chat started at 2026-01-10 14:30:00', '# aider chat started at 2026-13-40 99:99:99');
    const written = `stray text\n${text}`;
    writeFileSync(join(dir, CHAT), written);
    copyFileSync(join(REPO, LLM), join(dir, LLM));
    const bad = written.split('\n').findIndex((l) => l.includes('2026-13-40')) + 1;
    const { events, warnings } = await collectEvents(aiderAdapter, [dir], { skipDetect: true });
    expect(warnings.map((w) => [w.code, w.file, w.line])).toEqual([
      ['schema', join(dir, CHAT), 1],
      ['schema', join(dir, CHAT), bad],
    ]);
    // The first session converts as before; the lines under the bad header belong to no session.
    const clean = await collectEvents(aiderAdapter, [REPO]);
    const first = starts(clean.events)[0]!.sessionId;
    const strip = (es: AgentEvent[]) => es.filter((e) => e.sessionId === first).map(({ source: _s, ...e }) => e);
    expect(starts(events).map((s) => s.sessionId)).toEqual([first]);
    expect(strip(events)).toEqual(strip(clean.events));
  });
});
