import type { ReportGrouping } from './report-aggregator.js';
import type { ReportRow } from './report-row.js';

export interface NoteFacts {
  by: ReportGrouping;
  total: ReportRow;
  hasCost: boolean;
  unpricedModels: readonly string[];
  otherSpans: number;
  filteredSpans: number;
}

const list = (names: readonly string[], max = 5) =>
  names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;

/** What the figures leave out, said plainly: never a silent 0. */
export function reportNotes(f: NoteFacts): string[] {
  const notes: string[] = [];
  const { total } = f;
  if (total.calls > 0 && !f.hasCost) {
    notes.push('No cost: these spans carry no gen_ai.usage.cost (written before agent-otel priced calls, or by another tool); cost is left out.');
  } else if (total.unpricedCalls > 0) {
    notes.push(
      `${total.unpricedCalls} of ${total.calls} calls have no known cost (${list(f.unpricedModels)}); costs marked * leave them out.`,
    );
  }
  if (f.by === 'model') notes.push('By model: tool calls belong to no model and are only in the total.');
  if (f.by === 'tool') notes.push('By tool: model calls and tokens belong to no tool and are only in the total.');
  if (f.filteredSpans > 0) notes.push(`${f.filteredSpans} spans outside --since/--until left out.`);
  if (f.otherSpans > 0) notes.push(`${f.otherSpans} spans that are neither invoke_agent, chat nor execute_tool not counted.`);
  return notes;
}
