/**
 * Conformance over the real Aider logs in ../shared/fixtures/real/aider: every
 * expectation is computed here from the raw markdown with the test's own
 * regular expressions (test/support/expectations/real-aider.ts).
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { aiderAdapter } from '../../src/adapters/aider/index.js';
import { describeWithFixture } from '../support/fixtures/shared-fixtures.js';
import { collectEvents, usageOf, inSession, ofType, starts } from '../support/runs/collect-events.js';
import { aiderExpectations, aiderSessions, blocksOf, figure, LLM, llmBlocks } from '../support/expectations/real-aider.js';


describeWithFixture('aider conformance: the real chat and LLM histories', 'real/aider', async (root) => {
  const repo = join(root, 'simple-calculator-v0.82.2');
  const expected = aiderExpectations(root);
  const raw = aiderSessions(repo);
  const blocks = blocksOf(raw, llmBlocks(join(repo, LLM)));
  const { events, warnings, units } = await collectEvents(aiderAdapter, [root]);

  it('reads the chat history with its LLM history, one session per header, without warnings', () => {
    expect(units.map((u) => u.files.length)).toEqual([2]);
    expect(starts(events).map((s) => s.sessionId)).toEqual(expected.sessions.map((s) => s.id));
    expect(warnings).toEqual([]);
    // What the files exercise, so that a reader that finds nothing cannot pass.
    expect(raw.flatMap((s) => s.reports)).toHaveLength(20);
    expect(expected.sessions.flatMap((s) => s.calls).length).toBeGreaterThanOrEqual(15);
  });

  it.each(expected.sessions.map((s) => [s.id, s] as const))('%s: tokens as written, a call per report and per failed request', (id, session) => {
    expect(usageOf(inSession(events, id))).toEqual(session.usage);
  });

  it('every failed request of the LLM history is an error line of the chat history, and a failed call', () => {
    const failed = blocks.flat().filter((b) => !b.answered).length;
    expect(failed).toBe(raw.reduce((n, s) => n + s.errors, 0));
    expect(ofType(events, 'model.call').filter((c) => c.error !== undefined)).toHaveLength(failed);
  });

  it('the calls take the request and response times of the LLM history, in order', () => {
    const calls = ofType(events, 'model.call');
    const answered = calls.filter((c) => c.error === undefined).map((c) => [c.startTime, c.time]);
    expect(answered).toEqual(blocks.flat().filter((b) => b.answered).map((b) => [b.start, b.end]));
    const failed = calls.filter((c) => c.error !== undefined).map((c) => [c.startTime, c.time]);
    expect(failed).toEqual(blocks.flat().filter((b) => !b.answered).map((b) => [b.start, b.end]));
  });

  it('keeps rounded figures as the best known, flagged inexact, and each message cost', () => {
    const reports = raw.flatMap((s) => s.reports);
    const calls = ofType(events, 'model.call').filter((c) => c.error === undefined);
    expect(calls.map((c) => [c.usage?.input, c.usage?.output, c.costUsd])).toEqual(reports.map((r) => [figure(r.sent), figure(r.received), r.cost]));
    expect(calls.map((c) => c.usageInexact === true)).toEqual(reports.map((r) => /[kM]$/.test(r.sent) || /[kM]$/.test(r.received) || r.cost !== undefined));
    const lastCost = reports.filter((r) => r.sessionCost !== undefined).at(-1)!.sessionCost;
    expect(ofType(events, 'session.end').map((e) => e.reportedCostUsd)).toEqual([lastCost]);
  });

  it.each(expected.sessions.map((s) => [s.id, s] as const))('%s: edits and shell commands with their outcomes', (id, session) => {
    const results = ofType(inSession(events, id), 'tool.result');
    expect(results.map((r) => [r.callId, r.name, r.success])).toEqual(session.calls.map((c) => [c.id, c.name, c.success]));
  });

  it('model switches are state changes, commits are events', () => {
    const switches = raw.flatMap((s) => s.lines).filter((l) => /^> Main model: /.test(l.text)).length;
    expect(ofType(events, 'state.change').filter((e) => e.key === 'model')).toHaveLength(switches - 1);
    const commits = raw.flatMap((s) => s.lines).filter((l) => /^> Commit [0-9a-f]+ /.test(l.text)).length;
    expect(ofType(events, 'lifecycle').filter((e) => e.name === 'vcs.commit')).toHaveLength(commits);
  });
});
