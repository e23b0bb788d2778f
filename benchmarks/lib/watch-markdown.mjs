import { fmt } from './stats.mjs';
import { fmtTarget, verdict } from './rows.mjs';
import { WATCH_ABOUT, WATCH_ENV, WATCH_TRIED } from './watch-rows.mjs';

export const WATCH_BEGIN = '<!-- watch benchmarks: begin -->';
export const WATCH_END = '<!-- watch benchmarks: end -->';

/**
 * The section of BENCHMARKS.md on `agent-otel watch`, between two markers so
 * that `node benchmarks/run.mjs watch` can rewrite it alone. It says when and
 * on what load its own figures were measured, as they may come from another
 * run than the rest of the file.
 */
export function watchSection({ host, results, chosen, rows, targets, seconds, loadAtEnd }) {
  const out = [WATCH_BEGIN, '## watch', ''];
  out.push(
    `Figures of \`agent-otel watch\` from a run on ${host.date} (commit ${host.commit}${host.dirty ? ', with uncommitted changes' : ''}; ` +
      `${host.cpu}, ${host.cores} cores, Node ${host.node}), ${fmt(seconds / 60, 1)} min; load average ${host.loadAverage.map((l) => l.toFixed(2)).join(', ')} at its start, ` +
      `${loadAtEnd.map((l) => l.toFixed(2)).join(', ')} at its end. Each figure is the median of the runs with (min–max) unless it says otherwise.`,
    '',
  );
  out.push('### Targets', '', '| benchmark | figure (median) | verdict |', '|---|---|---|');
  for (const t of targets) out.push(`| ${t.benchmark} | ${fmtTarget(t)} | ${verdict(t)} |`);
  for (const name of chosen) if (results[name]?.error) out.push(`| ${name} | did not complete: ${results[name].error.split('\n')[0]} | FAILED |`);
  out.push('', '### Figures', '', '| figure | agent-otel | baseline | ratio |', '|---|---|---|---|');
  for (const r of rows) out.push(`| ${r.figure} | ${r.agent} | ${r.baseline} | ${r.ratio} |`);
  out.push('', '### What is measured', '');
  for (const name of chosen) {
    out.push(`#### ${name}`, '', WATCH_ABOUT[name], '');
    const notes = results[name]?.notes ?? [];
    for (const note of notes) out.push(`- ${note}`);
    if (notes.length > 0) out.push('');
  }
  out.push('### What was tried', '');
  for (const line of WATCH_TRIED) out.push(`- ${line}`);
  out.push('', '`node benchmarks/run.mjs watch` runs these alone and rewrites only this section. Variables:', '');
  out.push('| variable | default | meaning |', '|---|---|---|');
  for (const [name, def, meaning] of WATCH_ENV) out.push(`| \`${name}\` | ${def} | ${meaning} |`);
  out.push('', WATCH_END);
  return out.join('\n');
}

/** The watch section of an existing BENCHMARKS.md text, if it has one. */
export function findWatchSection(text) {
  const from = text.indexOf(WATCH_BEGIN);
  const to = text.indexOf(WATCH_END);
  return from !== -1 && to > from ? text.slice(from, to + WATCH_END.length) : undefined;
}

/** `text` with its watch section replaced by `section` (placed before "## Running" when it had none). */
export function withWatchSection(text, section) {
  const old = findWatchSection(text);
  if (old) return text.replace(old, () => section);
  const running = text.indexOf('\n## Running');
  if (running === -1) return `${text.trimEnd()}\n\n${section}\n`;
  return `${text.slice(0, running + 1)}${section}\n\n${text.slice(running + 1)}`;
}
