import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonlFileExporter } from '../../../src/exporters/jsonl/jsonl-file-exporter.js';
import { convert } from '../../../src/pipeline/convert.js';

/** A temporary folder with `spans.jsonl`, written by one `convert` of the inputs as a user would; `cleanup` removes it. */
export async function convertToJsonlFile(inputs: readonly string[]): Promise<{ file: string; dir: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'agent-otel-jsonl-'));
  const file = join(dir, 'spans.jsonl');
  const exporter = new JsonlFileExporter({ path: file });
  await convert({ inputs, exporter, onWarning: () => {} });
  await exporter.shutdown();
  return { file, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
