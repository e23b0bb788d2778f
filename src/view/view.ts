import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { WarningSink } from '../core/diagnostics.js';
import { OutputUnwritableError } from '../core/errors.js';
import type { FormatName } from '../adapters/adapter.js';
import type { PriceTable } from '../cost/price-table.js';
import { readSpans } from '../traces/read-spans.js';
import type { TraceSpan } from '../traces/trace-span.js';
import { renderIndexPage, type IndexEntry } from './index-page.js';
import { pickTrace } from './pick-trace.js';
import { renderTracePage } from './trace-page.js';
import { traceRows } from './trace-rows.js';
import { TraceTally, type TraceSummary } from './trace-summary.js';
import { TraceNotFoundError } from './view-errors.js';

export interface ViewOptions {
  /** agent-otel JSONL files or folders, or raw agent logs (read as `convert` reads them). */
  inputs: readonly string[];
  /** The HTML file to write: the trace's page with `trace` or `session`, else the index page. */
  out: string;
  /** Resolves relative paths (default process.cwd()). */
  cwd?: string;
  /** Show this trace (its id, or the start of it that names one trace). */
  trace?: string;
  /** Show the trace of this session (`session.id` or `gen_ai.conversation.id`). */
  session?: string;
  onWarning?: WarningSink;
  /** For raw agent logs: the format, price table and environment, as `convert` takes them. */
  format?: FormatName;
  prices?: PriceTable | string;
  env?: Record<string, string | undefined>;
}

export interface ViewPage {
  file: string;
  traceId: string;
  sessionId: string;
  spans: number;
}

export interface ViewResult {
  /** The file written at `out`: a trace's page, or the index. */
  file: string;
  /** Every trace page written (one with `trace`/`session`, all the traces' otherwise). */
  pages: ViewPage[];
  /** The index page, when one was written (it is then `file`). */
  index?: string;
  /** Spans and traces read, and the warnings given. */
  spans: number;
  traces: number;
  warnings: number;
}

/** The page of a trace next to the index `out.html`: `out-<trace id>.html`. */
export function tracePageFile(indexFile: string, traceId: string): string {
  const ext = extname(indexFile);
  return join(dirname(indexFile), `${basename(indexFile, ext)}-${traceId}${ext || '.html'}`);
}

async function writePage(file: string, html: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    if (await stat(file).then((s) => s.isDirectory(), () => false)) throw new OutputUnwritableError(file, 'it is a folder; give a file name ending in .html');
    await writeFile(file, html, 'utf8');
  } catch (error) {
    if (error instanceof OutputUnwritableError) throw error;
    throw new OutputUnwritableError(file, (error as Error).message, { cause: error });
  }
}

function summarize(traceId: string, spans: readonly TraceSpan[]): TraceSummary {
  const tally = new TraceTally(traceId);
  for (const span of spans) tally.add(span);
  return tally.summary();
}

/**
 * Writes self-contained HTML pages of traces (no network: script, style and
 * data inline). With `trace` or `session`: the waterfall page of that trace at
 * `out`. Otherwise: an index of every trace at `out`, and each trace's page
 * next to it (`tracePageFile`). The spans are kept in memory, grouped by trace.
 */
export async function view(options: ViewOptions): Promise<ViewResult> {
  const cwd = options.cwd ?? process.cwd();
  const out = resolve(cwd, options.out);
  const traces = new Map<string, TraceSpan[]>();
  let warnings = 0;
  const read = await readSpans(
    options.inputs.map((p) => resolve(cwd, p)),
    (span) => {
      const list = traces.get(span.traceId);
      if (list) list.push(span);
      else traces.set(span.traceId, [span]);
    },
    {
      onWarning: (w) => {
        warnings++;
        options.onWarning?.(w);
      },
      ...(options.format ? { format: options.format } : {}),
      ...(options.prices !== undefined ? { prices: options.prices } : {}),
      ...(options.env ? { env: options.env } : {}),
    },
  );
  if (traces.size === 0) throw new TraceNotFoundError(`no spans in the input (${options.inputs.join(', ')}): give agent-otel JSONL files or agent logs`);
  const totals = { spans: read.spans, traces: traces.size, warnings };

  const choice = options.trace !== undefined ? { trace: options.trace } : options.session !== undefined ? { session: options.session } : undefined;
  if (choice) {
    const traceId = pickTrace(traces, choice);
    const spans = traces.get(traceId)!;
    const summary = summarize(traceId, spans);
    await writePage(out, renderTracePage(summary, traceRows(spans)));
    return { file: out, pages: [{ file: out, traceId, sessionId: summary.sessionId, spans: spans.length }], ...totals };
  }

  const entries: IndexEntry[] = [];
  const pages: ViewPage[] = [];
  for (const [traceId, spans] of traces) {
    const file = tracePageFile(out, traceId);
    const summary = summarize(traceId, spans);
    await writePage(file, renderTracePage(summary, traceRows(spans), { indexHref: encodeURIComponent(basename(out)) }));
    entries.push({ summary, href: encodeURIComponent(basename(file)) });
    pages.push({ file, traceId, sessionId: summary.sessionId, spans: spans.length });
  }
  await writePage(out, renderIndexPage(entries));
  return { file: out, pages, index: out, ...totals };
}
