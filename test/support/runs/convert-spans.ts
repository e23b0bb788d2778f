import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Warning } from '../../../src/core/diagnostics.js';
import { JsonlFileExporter } from '../../../src/exporters/jsonl/jsonl-file-exporter.js';
import { convert, type ConvertOptions } from '../../../src/pipeline/convert.js';
import type { ConvertSummary } from '../../../src/pipeline/convert-summary.js';
import { readJsonlSpans } from '../spans/jsonl-spans.js';
import type { NormalizedSpan } from '../spans/otlp-normalize.js';

export interface Converted {
  spans: NormalizedSpan[];
  summary: ConvertSummary;
  warnings: Warning[];
}

/**
 * Converts the inputs as a user would (one `convert` call into a JSONL file),
 * and reads the spans back as OTLP. The temporary file is removed afterwards.
 */
export async function convertToSpans(inputs: readonly string[], mapper?: ConvertOptions['mapper']): Promise<Converted> {
  const dir = mkdtempSync(join(tmpdir(), 'agent-otel-spans-'));
  try {
    const out = join(dir, 'spans.jsonl');
    const exporter = new JsonlFileExporter({ path: out });
    const warnings: Warning[] = [];
    const summary = await convert({ inputs, exporter, onWarning: (w) => warnings.push(w), ...(mapper ? { mapper } : {}) });
    await exporter.shutdown();
    return { spans: summary.spans > 0 ? readJsonlSpans(out) : [], summary, warnings };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
