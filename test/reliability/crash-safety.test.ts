import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Warning } from '../../src/core/diagnostics.js';
import { JsonlFileExporter } from '../../src/exporters/jsonl/jsonl-file-exporter.js';
import { exportSpans } from '../../src/exporters/export-result.js';
import { convert } from '../../src/pipeline/convert.js';
import { replay } from '../../src/replay/replay.js';
import { runUntilKilled } from '../support/processes/child-writer.js';
import { decodeJsonlLine } from '../support/spans/otlp-normalize.js';
import { useReplayReceivers } from '../support/receivers/replay-receiver.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const startReceiver = useReplayReceivers();

const WRITER = 'test/reliability/children/live-writer.mjs';

interface FileState {
  /** Span ids of every complete line. */
  ids: string[];
  /** Complete lines that do not parse (a torn tail an earlier writer left, now followed by a newline). */
  badLines: number[];
  /** The bytes after the last newline. */
  tail: string;
}

function inspect(file: string): FileState {
  const lines = readFileSync(file, 'utf8').split('\n');
  const tail = lines.pop() ?? '';
  const state: FileState = { ids: [], badLines: [], tail };
  lines.forEach((line, i) => {
    try {
      state.ids.push(...decodeJsonlLine(line).map((s) => s.spanId));
    } catch {
      state.badLines.push(i + 1);
    }
  });
  return state;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('a JSONL writer killed with SIGKILL', () => {
  it('leaves whole lines and at most a torn tail; the next writer starts on a new line; nothing flushed is lost', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    let flushedTotal = 0;
    let torn = 0;
    const kills = 4;
    for (let run = 0; run < kills; run++) {
      // Kill it while a round is being written (spans made, not yet flushed), after two whole rounds.
      let since: number | undefined;
      const delay = 2 + run * 7;
      const progress = await runUntilKilled(WRITER, ['1500', '2000'], { AGENT_OTEL_JSONL_PATH: file, OTEL_EXPORTER_OTLP_ENDPOINT: '' }, (p) => {
        if (p.flushed < 3000 || p.produced === p.flushed) return false;
        since ??= Date.now();
        return Date.now() - since >= delay;
      });
      expect(progress.signal).toBe('SIGKILL');
      flushedTotal += progress.flushed;
      const state = inspect(file);
      if (state.tail !== '') {
        torn++;
        expect(parses(state.tail)).toBe(false);
      }
      // Every earlier torn tail was closed by the next writer's newline: at most one bad line per earlier kill, never a glued one.
      expect(state.badLines.length).toBeLessThanOrEqual(torn - (state.tail !== '' ? 1 : 0));
      expect(new Set(state.ids).size).toBe(state.ids.length);
      expect(state.ids.length).toBeGreaterThanOrEqual(flushedTotal);
    }
    console.log(`crash jsonl-writer-sigkill: kills=${kills} torn_tails=${torn} flushed=${flushedTotal} jsonl=${inspect(file).ids.length}`);
  });

  it('the next writer appends after a line break even when the last line was cut mid-way', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    const first = new JsonlFileExporter({ path: file });
    const a = sampleSpans(4);
    await exportSpans(first, a);
    await first.shutdown();
    const whole = readFileSync(file, 'utf8');
    appendFileSync(file, whole.slice(0, Math.floor(whole.length / 2))); // a crash mid-line
    const next = new JsonlFileExporter({ path: file });
    const b = sampleSpans(3, { resource: { 'service.name': 'next' } });
    await exportSpans(next, b);
    await next.shutdown();
    const state = inspect(file);
    expect(state.tail).toBe('');
    expect(state.badLines).toEqual([2]); // the fragment, alone on its line
    expect(state.ids.sort()).toEqual([...a, ...b].map((s) => s.spanContext().spanId).sort());
  });
});

describe('readers report a torn last line with its position and go on', () => {
  it('replay: the complete lines are sent, the torn one is reported with line and byte offset', async () => {
    const file = join(tempDir(), 'traces.jsonl');
    const exporter = new JsonlFileExporter({ path: file });
    const spans = sampleSpans(6);
    for (let i = 0; i < spans.length; i += 2) await exportSpans(exporter, spans.slice(i, i + 2));
    await exporter.shutdown();
    const complete = readFileSync(file, 'utf8');
    const lines = complete.split('\n').length - 1;
    appendFileSync(file, complete.slice(0, 50));
    const receiver = await startReceiver();
    const warnings: Warning[] = [];
    const summary = await replay({ inputs: [file], endpoint: receiver.url, onWarning: (w) => warnings.push(w) });
    expect(receiver.acceptedSpanIds().sort()).toEqual(spans.map((s) => s.spanContext().spanId).sort());
    expect(summary).toMatchObject({ spans: 6, failed: 0, skippedLines: 1 });
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'torn_line', file, line: lines + 1, message: expect.stringContaining(`byte offset ${Buffer.byteLength(complete)}`) }),
    ]);
  });

  it('convert: a session file cut mid-line converts like the file without that line, and says where', async () => {
    const source = resolve(import.meta.dirname, '../fixtures/claude-code/split-responses');
    const name = readdirSync(source).find((f) => f.endsWith('.jsonl'))!;
    const text = readFileSync(join(source, name), 'utf8');
    const lines = text.split('\n').filter((l) => l !== '');
    const dir = tempDir();
    const tornDir = join(dir, 'torn');
    const cleanDir = join(dir, 'clean');
    for (const d of [tornDir, cleanDir]) mkdirSync(d);
    const last = lines.at(-1)!;
    writeFileSync(join(tornDir, name), `${lines.slice(0, -1).join('\n')}\n${last.slice(0, Math.floor(last.length / 2))}`);
    writeFileSync(join(cleanDir, name), `${lines.slice(0, -1).join('\n')}\n`);
    const run = async (input: string) => {
      const out = join(dir, `${input.endsWith('torn') ? 'torn' : 'clean'}.jsonl`);
      const exporter = new JsonlFileExporter({ path: out });
      const warnings: Warning[] = [];
      const summary = await convert({ inputs: [input], exporter, onWarning: (w) => warnings.push(w) });
      await exporter.shutdown();
      return { summary, warnings, ids: inspect(out).ids.sort() };
    };
    const torn = await run(tornDir);
    const clean = await run(cleanDir);
    expect(torn.ids).toEqual(clean.ids);
    expect(torn.ids.length).toBeGreaterThan(0);
    const reported = torn.warnings.filter((w) => w.code === 'torn_line');
    expect(reported).toEqual([expect.objectContaining({ file: join(tornDir, name), line: lines.length })]);
    expect(reported[0]!.message).toMatch(/byte \d+/);
    expect(clean.warnings.filter((w) => w.code === 'torn_line')).toEqual([]);
  });
});
