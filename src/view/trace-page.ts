import { escapeHtml, htmlPage, scriptJson } from './html.js';
import { formatCost, formatCount, formatDuration, formatTime, formatTokens } from './format.js';
import { pageData } from './page-data.js';
import { TRACE_SCRIPT } from './page-script.js';
import { TRACE_STYLE } from './page-style.js';
import { rowFigures } from './row-figures.js';
import type { TraceRow } from './trace-rows.js';
import type { TraceSummary } from './trace-summary.js';

function fact(label: string, value: string, className = ''): string {
  return `<div><dt>${escapeHtml(label)}</dt><dd${className ? ` class="${className}"` : ''}>${escapeHtml(value)}</dd></div>`;
}

/** Input and output tokens over the chat spans. */
function tokenTotals(rows: readonly TraceRow[]): { input: number; output: number } {
  let input = 0;
  let output = 0;
  for (const { span } of rows) {
    const figures = rowFigures(span.attributes);
    if (figures && !figures.rollup) {
      input += figures.input ?? 0;
      output += figures.output ?? 0;
    }
  }
  return { input, output };
}

/**
 * The page of one trace: a header with the trace's figures, the waterfall
 * (rows built by the page's script from the embedded data), the details pane.
 * `indexHref`, when given, links back to the index page.
 */
export function renderTracePage(summary: TraceSummary, rows: readonly TraceRow[], options: { indexHref?: string } = {}): string {
  const data = pageData(summary.traceId, rows);
  const tokens = tokenTotals(rows);
  const title = [summary.agent || 'trace', summary.sessionId || summary.traceId].join(' \u00b7 ');
  const cost = summary.calls === 0 ? '' : `${formatCost(summary.cost)}${summary.unpricedCalls > 0 ? ` (+${summary.unpricedCalls} unpriced)` : ''}`;
  const facts = [
    fact('trace', summary.traceId, 'mono'),
    fact('start', formatTime(summary.startMs)),
    fact('duration', formatDuration(summary.endMs - summary.startMs)),
    fact('spans', formatCount(summary.spans)),
    fact('model calls', formatCount(summary.calls)),
    fact('tokens in / out', `${formatTokens(tokens.input)} / ${formatTokens(tokens.output)}`),
    ...(cost ? [fact('cost', cost)] : []),
    fact('failures', formatCount(summary.failures), summary.failures > 0 ? 'bad' : ''),
  ];
  const back = options.indexHref === undefined ? '' : `<a href="${escapeHtml(options.indexHref)}">All sessions</a> \u00b7 `;
  const ticks = data.ticks.map((t) => `<span>${escapeHtml(t)}</span>`).join('');
  const body = `<header>
<h1>${escapeHtml(title)}</h1>
<dl class="facts">${facts.join('')}</dl>
<p class="keys">${back}<kbd>\u2191</kbd> <kbd>\u2193</kbd> move \u00b7 <kbd>\u2190</kbd> <kbd>\u2192</kbd> collapse, expand \u00b7 <kbd>Enter</kbd> details (<kbd>Esc</kbd> back) \u00b7 click a row to select it</p>
</header>
<main>
<section class="waterfall" aria-label="waterfall">
<div class="columns" aria-hidden="true"><span>span</span><span class="num">tokens in / out</span><span class="num">cost</span><span class="num">duration</span><span class="axis">${ticks}</span></div>
<div id="rows" role="tree" tabindex="0" aria-label="spans"></div>
</section>
<aside id="details" tabindex="-1" aria-label="details of the selected span"><p class="muted">Select a span to see its attributes and events.</p></aside>
</main>`;
  return htmlPage({ title, style: TRACE_STYLE, body, script: TRACE_SCRIPT, data: scriptJson(data) });
}
