import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { convert } from '../../src/pipeline/convert.js';
import { JsonlFileExporter } from '../../src/exporters/jsonl/jsonl-file-exporter.js';
import { readJsonlSpans } from '../support/jsonl-spans.js';

it('explore', async () => {
  const out = '/tmp/explore/real.jsonl';
  const exporter = new JsonlFileExporter({ path: out });
  const warnings: unknown[] = [];
  const summary = await convert({ inputs: ['/work/shared/fixtures/real'], exporter, onWarning: (w) => warnings.push(w) });
  await exporter.shutdown();
  writeFileSync('/tmp/explore/summary.json', JSON.stringify({ summary, warnings }, null, 1));
  const spans = readJsonlSpans(out);
  writeFileSync('/tmp/explore/spans.txt', spans.map((s) => [s.traceId.slice(0, 6), s.spanId, s.parentSpanId ?? '-', s.name, s.attributes['gen_ai.conversation.id'], s.attributes['gen_ai.tool.call.id'] ?? '', s.attributes['agent_otel.tool.success'] ?? '', s.attributes['agent_otel.duration.source'] ?? '', Number(s.endTimeUnixNano - s.startTimeUnixNano) / 1e6].join('\t')).join('\n'));
}, 120000);
