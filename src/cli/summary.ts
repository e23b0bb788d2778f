import { formatWarning } from '../core/diagnostics.js';
import type { ConvertSummary } from '../pipeline/convert-summary.js';
import { costLines } from './cost-table.js';

/** The human-readable report of a conversion. */
export function formatConvertSummary(s: ConvertSummary, options: { maxWarnings?: number; outputs?: string[] } = {}): string {
  const lines: string[] = [];
  const formats = Object.entries(s.formats).map(([f, n]) => `${f} ${n}`).join(', ') || 'none';
  lines.push(`files       ${s.files} found, ${s.units} source units (${formats})${s.ignoredFiles ? `, ${s.ignoredFiles} non-data files ignored` : ''}`);
  if (s.ignoredFiles > 0) lines.push(`ignored     ${listed(s.ignoredNames, s.ignoredFiles)} (not agent data: not JSON, JSON Lines or SQLite)`);
  lines.push(`sessions    ${s.sessions}${s.failedSessions ? ` (${s.failedSessions} ended in error)` : ''}`);
  lines.push(`spans       ${s.spans}`);
  lines.push(`model calls ${s.modelCalls}`);
  lines.push(
    `tool calls  ${s.toolCalls} (${s.toolFailures} failed${s.interruptedToolCalls ? `, ${s.interruptedToolCalls} interrupted` : ''})`,
  );
  lines.push(
    `subagents   ${s.subagents} (${s.subagentsLinked} under their tool call, ${s.subagentsUnderSession} under their session, ${s.subagentsUnlinked} without their parent)`,
  );
  lines.push(...costLines(s.cost));
  if (s.content.truncated || s.content.redacted) {
    lines.push(`content     ${s.content.truncated} values truncated, ${s.content.redacted} secrets redacted`);
  }
  lines.push(...dropLines(s));
  for (const out of options.outputs ?? []) lines.push(`output      ${out}`);
  if (s.exportFailures > 0) {
    lines.push(`export      ${s.exportFailures} spans NOT exported: ${s.exportErrors.join('; ')}`);
  }
  const byCode = Object.entries(s.warningsByCode)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  lines.push(`warnings    ${s.warnings}${byCode ? ` (${byCode})` : ''}`);
  const max = options.maxWarnings ?? 20;
  for (const w of s.warningList.slice(0, max)) lines.push(`  ${formatWarning(w).split('\n').join('\n  ')}`);
  if (s.warnings > max) lines.push(`  ... ${s.warnings - max} more (--max-warnings N to list more, --json for all kept)`);
  return `${lines.join('\n')}\n`;
}

/** Names listed in a summary line; the others are counted. */
const MAX_LISTED = 10;

/** The first names of a list of `total`, then "and N more". */
function listed(names: readonly string[], total: number): string {
  const shown = names.slice(0, MAX_LISTED);
  return `${shown.join(', ')}${total > shown.length ? ` and ${total - shown.length} more` : ''}`;
}

/** Lines for what was cut, dropped or left pending; nothing when nothing was. */
function dropLines(s: ConvertSummary): string[] {
  const lines: string[] = [];
  const d = s.drops;
  const limits = [
    [d.valuesTruncated, 'values cut to the length limit'],
    [d.attributesDropped, 'attributes dropped'],
    [d.eventsDropped, 'events dropped'],
    [d.eventAttributesDropped, 'event attributes dropped'],
  ] as const;
  const said = limits.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  if (said.length > 0) lines.push(`limits      ${said.join(', ')}`);
  if (d.jsonlSpansShrunk || d.jsonlSpansDropped) {
    lines.push(`jsonl       ${d.jsonlSpansShrunk} spans shrunk to fit a line, ${d.jsonlSpansDropped} too large to write`);
  }
  for (const [sink, n] of Object.entries(d.queueDropped)) if (n > 0) lines.push(`queue       ${sink}: ${n} spans dropped (queue full)`);
  const p = s.pending;
  if (p?.earlier && p.earlier.removed > 0) {
    lines.push(`pending     ${p.earlier.removed} pending file(s) of earlier runs delivered (${p.earlier.replay.spans} spans)`);
  }
  if (p && (p.pending > 0 || p.lost > 0)) {
    const where = p.dir ? ` in ${p.dir}` : '';
    const lost = p.lost > 0 ? `; ${p.lost} could not be kept (journal not writable)` : '';
    lines.push(`pending     ${p.pending} spans not delivered over OTLP, kept${where} (agent-otel pending deliver)${lost}`);
  }
  return lines;
}
