import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { ReportResult } from '../../src/report/report.js';
import { cli, textSink } from '../support/runs/cli.js';
import { convertToJsonlFile } from '../support/runs/convert-jsonl.js';
import { expectedReport, rawSpans } from '../support/expectations/report-raw.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const ANSI = /\u001b\[[0-9;]*m/g;

/** The documented --json keys (docs/report.md). */
const TOP_KEYS = ['by', 'timeZone', 'rows', 'total', 'hasCost', 'unpricedModels', 'quantiles', 'notes', 'read', 'filteredSpans'];
const ROW_KEYS = [
  'key', 'sessions', 'subagents', 'calls', 'inputTokens', 'uncachedInputTokens', 'cacheReadTokens', 'cacheWriteTokens',
  'outputTokens', 'reasoningTokens', 'costUsd', 'unpricedCalls', 'toolCalls', 'toolFailures', 'failureRate', 'toolDurationMs',
];

/** RFC 4180 parsing, enough for the report's CSV (quoted cells with doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split('\n').filter((l) => l !== '')) {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        cells.push(cell);
        cell = '';
      }
      else cell += c;
    }
    cells.push(cell);
    rows.push(cells);
  }
  return rows;
}

/** Runs the CLI with stdout as a terminal of `columns` columns. */
async function onTerminal(args: string[], columns: number, env: Record<string, string> = {}) {
  const out = textSink();
  const err = textSink();
  Object.assign(out.stream, { isTTY: true, columns });
  const code = await runCli(args, { stdout: out.stream, stderr: err.stream, env, cwd: process.cwd() });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('agent-otel report', () => {
  let converted: Awaited<ReturnType<typeof convertToJsonlFile>>;
  beforeAll(async () => {
    converted = await convertToJsonlFile([FIXTURES]);
  });
  afterAll(() => converted.cleanup());

  it('--json has the documented keys, and the figures of the raw lines', async () => {
    const run = await cli(['report', converted.file, '--by', 'session', '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as ReportResult;
    expect(Object.keys(json).sort()).toEqual([...TOP_KEYS].sort());
    expect(Object.keys(json.total).sort()).toEqual([...ROW_KEYS].sort());
    for (const row of json.rows) expect(Object.keys(row).sort()).toEqual([...ROW_KEYS, 'agent', 'start'].sort());
    const want = expectedReport(rawSpans(readFileSync(converted.file, 'utf8')), 'session');
    expect(json.total.calls).toBe(want.total.calls);
    expect(json.rows.length).toBe(want.rows.size);
  });

  it('--csv parses back to the numbers of --json', async () => {
    for (const by of ['day', 'tool', 'session']) {
      const csv = parseCsv((await cli(['report', converted.file, '--by', by, '--csv'])).stdout);
      const json = JSON.parse((await cli(['report', converted.file, '--by', by, '--json'])).stdout) as ReportResult;
      const [header, ...lines] = csv;
      expect(lines.length).toBe(json.rows.length + 1);
      [...json.rows, json.total].forEach((report, i) => {
        const row = report as unknown as Record<string, unknown>;
        const cells = Object.fromEntries(header!.map((h, j) => [h, lines[i]![j]!]));
        expect(cells['key']).toBe(row['key']);
        for (const key of ROW_KEYS.filter((k) => k !== 'key' && k !== 'toolDurationMs')) {
          expect(cells[key] === '' ? null : Number(cells[key])).toBe(row[key]);
        }
        const d = row['toolDurationMs'] as { p50: number; p95: number; max: number } | null;
        expect(cells['toolDurationMs.max'] === '' ? null : Number(cells['toolDurationMs.max'])).toBe(d?.max ?? null);
        expect(cells['toolDurationMs.p95'] === '' ? null : Number(cells['toolDurationMs.p95'])).toBe(d?.p95 ?? null);
        if (by === 'session' && row['key'] !== 'total') expect(cells['agent']).toBe(row['agent']);
      });
    }
  });

  it.each([40, 60, 80, 120])('fits a terminal of %i columns, with and without colors', async (columns) => {
    for (const by of ['day', 'session', 'model', 'tool']) {
      for (const env of [{}, { NO_COLOR: '1' }] as Array<Record<string, string>>) {
        const run = await onTerminal(['report', converted.file, '--by', by], columns, env);
        expect(run.code).toBe(0);
        const lines = run.stdout.replace(ANSI, '').split('\n');
        for (const line of lines) expect([...line].length).toBeLessThanOrEqual(columns);
        expect(lines.some((l) => l.startsWith('total'))).toBe(true);
      }
    }
    const piped = await cli(['report', converted.file, '--by', 'session'], { env: { COLUMNS: String(columns) } });
    for (const line of piped.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(columns);
  });

  it('colors only on a terminal, never with NO_COLOR', async () => {
    expect((await onTerminal(['report', converted.file], 200)).stdout).toMatch(ANSI);
    expect((await onTerminal(['report', converted.file], 200, { NO_COLOR: '1' })).stdout).not.toMatch(ANSI);
    expect((await cli(['report', converted.file])).stdout).not.toMatch(ANSI);
  });

  it('a name too long for its column ends with an ellipsis; numbers are right-aligned', async () => {
    const run = await onTerminal(['report', converted.file, '--by', 'session'], 70, { NO_COLOR: '1' });
    const lines = run.stdout.split('\n');
    expect(lines.some((l) => /^\S+…/.test(l))).toBe(true);
    const header = lines[0]!;
    const total = lines.find((l) => l.startsWith('total'))!;
    // The header's "sessions" ends where the total's session count ends.
    const end = header.indexOf('sessions') + 'sessions'.length;
    expect(total[end - 1]).toMatch(/\d/);
    expect(total[end] ?? ' ').toBe(' ');
  });

  it('prints the unpriced note, and bad usage is exit 2', async () => {
    const run = await cli(['report', converted.file]);
    expect(run.stdout).toMatch(/\d+ of \d+ calls have no known cost/);
    expect((await cli(['report', converted.file, '--by', 'year'])).code).toBe(2);
    expect((await cli(['report', converted.file, '--since', 'yesterday'])).code).toBe(2);
    expect((await cli(['report', converted.file, '--json', '--csv'])).code).toBe(2);
  });
});
