import { escapeHtml, htmlPage } from './html.js';
import { formatCost, formatCount, formatDuration, formatTime } from './format.js';
import { INDEX_STYLE } from './page-style.js';
import type { TraceSummary } from './trace-summary.js';

/** A trace on the index page and the page of its own that the index links to (relative to the index). */
export interface IndexEntry {
  summary: TraceSummary;
  href: string;
}

function cell(text: string, className = ''): string {
  return `<td${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</td>`;
}

/** The index page: one row per trace, newest first, each linking to its page. No script. */
export function renderIndexPage(entries: readonly IndexEntry[], options: { title?: string } = {}): string {
  const title = options.title ?? 'agent-otel sessions';
  const sorted = [...entries].sort((a, b) => b.summary.startMs - a.summary.startMs || a.summary.traceId.localeCompare(b.summary.traceId));
  const lines = sorted.map(({ summary: s, href }) => {
    const cost = s.calls === 0 ? '' : `${formatCost(s.cost)}${s.unpricedCalls > 0 ? '+' : ''}`;
    const figures = `data-spans="${s.spans}" data-calls="${s.calls}" data-cost="${s.cost}" data-failures="${s.failures}"`;
    return `<tr data-trace-id="${escapeHtml(s.traceId)}" ${figures}${s.failures > 0 ? ' class="failed"' : ''}>${cell(s.agent)}<td class="mono"><a href="${escapeHtml(href)}">${escapeHtml(
      s.sessionId || s.traceId,
    )}</a></td>${cell(formatTime(s.startMs))}${cell(formatDuration(s.endMs - s.startMs), 'num')}${cell(formatCount(s.calls), 'num')}${cell(cost, 'num')}${cell(
      formatCount(s.failures),
      'num failures',
    )}${cell(formatCount(s.spans), 'num')}</tr>`;
  });
  const body = `<header>
<h1>${escapeHtml(title)}</h1>
<p class="muted">${formatCount(entries.length)} ${entries.length === 1 ? 'trace' : 'traces'}, newest first. Cost: the model calls' recorded or computed cost in USD (+: some calls unpriced).</p>
</header>
<main>
<table class="sessions">
<thead><tr><th>agent</th><th>session</th><th>start</th><th class="num">duration</th><th class="num">calls</th><th class="num">cost</th><th class="num">failures</th><th class="num">spans</th></tr></thead>
<tbody>
${lines.join('\n')}
</tbody>
</table>
</main>`;
  return htmlPage({ title, style: INDEX_STYLE, body });
}
