import { formatWarning } from '../adapters/diagnostics.js';
import type { ConvertSummary } from '../pipeline/convert-summary.js';

/** The human-readable report of a conversion. */
export function formatConvertSummary(s: ConvertSummary, options: { maxWarnings?: number; outputs?: string[] } = {}): string {
  const lines: string[] = [];
  const formats = Object.entries(s.formats).map(([f, n]) => `${f} ${n}`).join(', ') || 'none';
  lines.push(`files       ${s.files} found, ${s.units} source units (${formats})${s.ignoredFiles ? `, ${s.ignoredFiles} non-data files ignored` : ''}`);
  lines.push(`sessions    ${s.sessions}${s.failedSessions ? ` (${s.failedSessions} ended in error)` : ''}`);
  lines.push(`spans       ${s.spans}`);
  lines.push(`model calls ${s.modelCalls}`);
  lines.push(
    `tool calls  ${s.toolCalls} (${s.toolFailures} failed${s.interruptedToolCalls ? `, ${s.interruptedToolCalls} interrupted` : ''})`,
  );
  lines.push(`subagents   ${s.subagents} (${s.subagentsLinked} linked to their tool call, ${s.subagentsUnlinked} unlinked)`);
  if (s.content.truncated || s.content.redacted) {
    lines.push(`content     ${s.content.truncated} values truncated, ${s.content.redacted} secrets redacted`);
  }
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
