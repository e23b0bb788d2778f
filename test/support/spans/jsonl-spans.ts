import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJsonlLine, type NormalizedSpan } from './otlp-normalize.js';

/** Every span in a JSONL file or a folder of them, decoded line by line. */
export function readJsonlSpans(path: string): NormalizedSpan[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => decodeJsonlLine(line)),
  );
}
