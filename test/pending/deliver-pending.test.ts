import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Warning } from '../../src/core/diagnostics.js';
import { deliverPending } from '../../src/pending/deliver-pending.js';
import { useReplayReceivers } from '../support/receivers/replay-receiver.js';
import { cli } from '../support/runs/cli.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { makeTraceLines } from '../support/spans/trace-lines.js';

const tempDir = useTempDirs();
const receiver = useReplayReceivers();

/** Above the largest pid Linux hands out (2^22): never a running process. */
const DEAD_PID = 4_194_304 + 17;
let seq = 0;

/** Writes a pending file (as the journal names them) with `traces` small traces; returns its span ids. */
function pendingFile(dir: string, options: { pid?: number; inflight?: boolean; torn?: boolean; traces?: number } = {}): string[] {
  seq++;
  const data = makeTraceLines({ traces: options.traces ?? 2, spansPerTrace: 3, spansPerLine: 3, resource: { 'service.name': `pending-${seq}` } });
  let text = data.lines.map((l) => `${l}\n`).join('');
  if (options.torn) text += data.lines[0]!.slice(0, 40); // a writer killed mid-line
  const name = `agent-otel-20260101T0000${String(seq).padStart(2, '0')}Z-${options.pid ?? DEAD_PID}-${String(seq).padStart(6, '0')}.jsonl${options.inflight ? '.inflight' : ''}`;
  writeFileSync(join(dir, name), text);
  return data.spans.map((s) => s.spanId);
}

function visible(dir: string): string[] {
  return readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
}

function duplicates(ids: string[]): number {
  return ids.length - new Set(ids).size;
}

describe('deliverPending', () => {
  it('delivers pending files and those a dead writer left in flight, then removes them; leaves a running writer alone', async () => {
    const dir = tempDir();
    const expected = [...pendingFile(dir), ...pendingFile(dir, { inflight: true }), ...pendingFile(dir)];
    pendingFile(dir, { pid: process.ppid, inflight: true }); // another running process's, still in flight
    writeFileSync(join(dir, 'notes.jsonl'), '{"resourceSpans":[]}\n'); // not a pending file name
    const r = await receiver();
    const summary = await deliverPending({ dir, endpoint: r.url });
    expect(r.acceptedSpanIds().sort()).toEqual([...expected].sort());
    expect(summary).toMatchObject({ files: 3, removed: 3, refused: 0, left: 0, inflight: 1, busy: false });
    expect(summary.stopped).toBeUndefined();
    expect(visible(dir)).toEqual([expect.stringMatching(new RegExp(`-${process.ppid}-\\d+\\.jsonl\\.inflight$`)), 'notes.jsonl']);
  });

  it('resumes an interrupted delivery without sending anything twice', async () => {
    const dir = tempDir();
    const expected = [...pendingFile(dir, { traces: 4 }), ...pendingFile(dir, { traces: 4 }), ...pendingFile(dir, { traces: 4 })];
    let up = 2; // the endpoint answers two requests, then is down
    const r = await receiver(() => (up-- > 0 ? {} : { status: 503 }));
    const options = { dir, endpoint: r.url, concurrency: 1, maxBatchBytes: 2048, maxAttempts: 1, gzip: false };
    const first = await deliverPending(options);
    expect(first.stopped).toMatch(/503/);
    expect(first.left).toBeGreaterThan(0);
    const afterFirst = r.acceptedSpanIds().length;
    expect(afterFirst).toBeGreaterThan(0);
    expect(afterFirst).toBeLessThan(expected.length);
    up = Infinity;
    const second = await deliverPending(options);
    expect(second.stopped).toBeUndefined();
    expect(first.removed + second.removed).toBe(3);
    const accepted = r.acceptedSpanIds();
    expect(duplicates(accepted)).toBe(0);
    expect([...accepted].sort()).toEqual([...expected].sort());
    expect(visible(dir)).toEqual([]);
  });

  it('moves a file the endpoint refuses for good aside, and never sends it again', async () => {
    const dir = tempDir();
    const refused = pendingFile(dir);
    const fine = pendingFile(dir);
    const r = await receiver((request) => (request.spanIds.some((id) => refused.includes(id)) ? { status: 400, body: 'bad data' } : {}));
    const warnings: Warning[] = [];
    const first = await deliverPending({ dir, endpoint: r.url, onWarning: (w) => warnings.push(w) });
    expect(first).toMatchObject({ files: 2, removed: 1, refused: 1, left: 0 });
    expect(r.acceptedSpanIds().sort()).toEqual([...fine].sort());
    expect(warnings.some((w) => w.code === 'pending_refused')).toBe(true);
    expect(visible(dir)).toEqual(['refused']);
    expect(readdirSync(join(dir, 'refused'))).toHaveLength(1);
    const requests = r.received.length;
    expect(await deliverPending({ dir, endpoint: r.url })).toMatchObject({ files: 0 });
    expect(r.received).toHaveLength(requests);
  });

  it('moves a damaged file with no trace data aside instead of failing the delivery', async () => {
    const dir = tempDir();
    const fine = pendingFile(dir);
    const damaged = join(dir, `agent-otel-20260101T000099Z-${DEAD_PID}-000099.jsonl`);
    writeFileSync(damaged, 'garbage\n{"resourceLogs":[]}\n');
    const r = await receiver();
    const warnings: Warning[] = [];
    const summary = await deliverPending({ dir, endpoint: r.url, onWarning: (w) => warnings.push(w) });
    expect(summary).toMatchObject({ files: 2, removed: 1, refused: 1, left: 0 });
    expect(r.acceptedSpanIds().sort()).toEqual([...fine].sort());
    expect(warnings.find((w) => w.code === 'pending_refused')?.file).toBe(damaged);
    expect(readdirSync(join(dir, 'refused'))).toEqual([damaged.slice(dir.length + 1)]);
  });

  it('never deletes a file with a torn last line: its whole lines are delivered, the file is kept in refused/', async () => {
    const dir = tempDir();
    const expected = pendingFile(dir, { inflight: true, torn: true });
    const [name] = visible(dir);
    const bytes = readFileSync(join(dir, name!));
    const r = await receiver();
    const warnings: Warning[] = [];
    const summary = await deliverPending({ dir, endpoint: r.url, onWarning: (w) => warnings.push(w) });
    expect(r.acceptedSpanIds().sort()).toEqual([...expected].sort());
    expect(summary).toMatchObject({ removed: 0, refused: 1, left: 0 });
    expect(warnings.filter((w) => w.code === 'torn_line')).toHaveLength(2); // replay's, then the move's
    expect(visible(dir)).toEqual(['refused']);
    expect(readFileSync(join(dir, 'refused', name!.replace(/\.inflight$/, '')))).toEqual(bytes);
  });

  it('replay --pending exits 1 when a torn file is set aside, and 0 when everything was delivered', async () => {
    const out = tempDir();
    const dir = join(out, 'pending');
    mkdirSync(dir);
    const r = await receiver();
    const whole = pendingFile(dir);
    expect((await cli(['replay', '--pending', '--out', out, '--endpoint', r.url, '--quiet'])).code).toBe(0);
    const torn = pendingFile(dir, { torn: true });
    const run = await cli(['replay', '--pending', '--out', out, '--endpoint', r.url, '--quiet']);
    expect(run.code).toBe(1);
    expect(r.acceptedSpanIds().sort()).toEqual([...whole, ...torn].sort());
    expect(readdirSync(join(dir, 'refused'))).toHaveLength(1);
  });

  it('removes the unfinished temporary journal files of dead writers (never sent), and leaves a running writer’s', async () => {
    const dir = tempDir();
    const dead = `agent-otel-20260101T000000Z-${DEAD_PID}-000001.jsonl.inflight.tmp`;
    const alive = `agent-otel-20260101T000000Z-${process.ppid}-000002.jsonl.inflight.tmp`;
    writeFileSync(join(dir, dead), '{"resourceSpans":[{"reso');
    writeFileSync(join(dir, alive), '{"resourceSpans":[{"reso');
    const r = await receiver();
    const summary = await deliverPending({ dir, endpoint: r.url });
    expect(summary).toMatchObject({ files: 0, removed: 0, refused: 0 });
    expect(r.received).toHaveLength(0);
    expect(visible(dir)).toEqual([alive]);
  });

  it.each([
    { owner: () => String(process.pid), busy: true, what: 'held by a running process' },
    { owner: () => String(DEAD_PID), busy: false, what: 'left by a dead process' },
    { owner: () => 'garbage', busy: false, what: 'unreadable' },
  ])('a delivery lock $what: busy=$busy', async ({ owner, busy }) => {
    const dir = tempDir();
    const expected = pendingFile(dir);
    writeFileSync(join(dir, '.deliver.lock'), owner());
    const r = await receiver();
    const summary = await deliverPending({ dir, endpoint: r.url });
    expect(summary.busy).toBe(busy);
    expect(r.acceptedSpanIds().length).toBe(busy ? 0 : expected.length);
    expect(existsSync(join(dir, '.deliver.lock'))).toBe(busy);
  });

  it('does nothing for a folder that does not exist', async () => {
    const r = await receiver();
    const dir = join(tempDir(), 'never-created');
    expect(await deliverPending({ dir, endpoint: r.url })).toMatchObject({ files: 0, removed: 0, busy: false });
    expect(existsSync(dir)).toBe(false);
    expect(r.received).toHaveLength(0);
  });
});
