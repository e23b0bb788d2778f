import type { ReportResult } from '../report/report.js';
import type { ReportRow } from '../report/report-row.js';
import type { Colors } from './colors.js';
import { terminalSafe } from './output.js';
import { compactCount, duration, ellipsis, percent, usd, wrap } from './report-format.js';

interface Column {
  header: string;
  /** Left-aligned (names) or right-aligned (numbers). */
  left?: boolean;
  value(row: ReportRow): string;
  /** Lower goes first when the table is too wide for the terminal. */
  keep: number;
}

const GAP = 2;
const MIN_KEY = 10;

const count = (pick: (r: ReportRow) => number) => (r: ReportRow) => compactCount(pick(r));

function columns(result: ReportResult): Column[] {
  const by = result.by;
  const key: Column = { header: by === 'week' || by === 'month' || by === 'day' ? `${by} (${result.timeZone})` : by, left: true, value: (r) => r.key, keep: 100 };
  const sessions: Column = { header: 'sessions', value: count((r) => r.sessions), keep: 60 };
  const subagents: Column = { header: 'subagents', value: count((r) => r.subagents), keep: 20 };
  const calls: Column = { header: 'calls', value: count((r) => r.calls), keep: 80 };
  const tokens: Column[] = [
    { header: 'input', value: count((r) => r.uncachedInputTokens), keep: 70 },
    { header: 'cache rd', value: count((r) => r.cacheReadTokens), keep: 40 },
    { header: 'cache wr', value: count((r) => r.cacheWriteTokens), keep: 30 },
    { header: 'output', value: count((r) => r.outputTokens), keep: 75 },
    { header: 'reasoning', value: count((r) => r.reasoningTokens), keep: 10 },
  ];
  const cost: Column[] = result.hasCost ? [{ header: 'cost', value: (r) => (r.calls === 0 ? '' : usd(r.costUsd, r.unpricedCalls > 0)), keep: 90 }] : [];
  const tools: Column[] = [
    { header: 'tools', value: count((r) => r.toolCalls), keep: 65 },
    { header: 'failed', value: count((r) => r.toolFailures), keep: 50 },
    { header: 'fail %', value: (r) => percent(r.failureRate), keep: 45 },
  ];
  const durations: Column[] = [
    { header: 'p50', value: (r) => duration(r.toolDurationMs?.p50), keep: 55 },
    { header: 'p95', value: (r) => duration(r.toolDurationMs?.p95), keep: 52 },
    { header: 'max', value: (r) => duration(r.toolDurationMs?.max), keep: 35 },
  ];
  if (by === 'tool') return [key, sessions, ...tools, ...durations];
  if (by === 'model') return [key, sessions, subagents, calls, ...tokens, ...cost];
  const agent: Column[] = by === 'session' ? [{ header: 'agent', left: true, value: (r) => r.agent ?? '', keep: 58 }] : [];
  return [key, ...agent, sessions, subagents, calls, ...tokens, ...cost, ...tools];
}

const widthOf = (widths: readonly number[]) => widths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, widths.length - 1);

/**
 * The report as a terminal table: a header, the rows, a rule, the total,
 * then the notes. Numbers right-aligned, names cut with an ellipsis. When
 * `maxWidth` is given no line is longer: names are cut first (down to
 * ten characters), then the least important columns are left out, and a
 * note says which.
 */
export function reportTable(result: ReportResult, colors: Colors, maxWidth?: number): string {
  let cols = columns(result);
  const all = [...result.rows, result.total];
  const cells = (c: Column) => all.map((r) => terminalSafe(c.value(r)));
  let texts = cols.map(cells);
  let widths = cols.map((c, i) => Math.max(c.header.length, ...texts[i]!.map((t) => [...t].length)));
  const dropped: string[] = [];
  if (maxWidth !== undefined) {
    const fixed = () => widthOf(widths) - widths[0]!;
    const keyMin = () => Math.min(widths[0]!, Math.max(MIN_KEY, cols[0]!.header.length));
    while (fixed() + keyMin() > maxWidth && cols.length > 1) {
      let drop = 1;
      for (let i = 2; i < cols.length; i++) if (cols[i]!.keep < cols[drop]!.keep) drop = i;
      dropped.push(cols[drop]!.header);
      cols = cols.filter((_, i) => i !== drop);
      texts = texts.filter((_, i) => i !== drop);
      widths = widths.filter((_, i) => i !== drop);
    }
    widths[0] = Math.max(1, Math.min(widths[0]!, maxWidth - fixed()));
  }
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => {
        const cut = ellipsis(v, widths[i]!);
        const pad = ' '.repeat(widths[i]! - [...cut].length);
        return cols[i]!.left ? cut + pad : pad + cut;
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  const out: string[] = [];
  out.push(colors.bold(line(cols.map((c) => c.header))));
  const failIndex = cols.findIndex((c) => c.header === 'fail %');
  result.rows.forEach((row, r) => {
    const text = line(texts.map((t) => t[r]!));
    out.push(failIndex >= 0 && row.toolFailures > 0 && colors.enabled ? highlightFailures(text, line, texts, r, failIndex, colors) : text);
  });
  out.push(colors.dim('-'.repeat(widthOf(widths))));
  out.push(colors.bold(line(texts.map((t) => t[all.length - 1]!))));
  const notes = [...result.notes];
  if (dropped.length > 0) notes.push(`Left out to fit the terminal: ${dropped.join(', ')} (--json and --csv have every figure).`);
  for (const note of notes) for (const l of wrap(note, maxWidth)) out.push(colors.dim(l));
  return `${out.join('\n')}\n`;
}

/** The row with its failure rate in red (the visible text is unchanged). */
function highlightFailures(
  text: string,
  line: (values: readonly string[]) => string,
  texts: readonly string[][],
  r: number,
  failIndex: number,
  colors: Colors,
): string {
  const marker = '\u0000';
  const values = texts.map((t, i) => (i === failIndex ? t[r]!.replace(/./g, marker) : t[r]!));
  const masked = line(values);
  const start = masked.indexOf(marker);
  if (start === -1) return text;
  const end = masked.lastIndexOf(marker) + 1;
  return text.slice(0, start) + colors.red(text.slice(start, end)) + text.slice(end);
}
