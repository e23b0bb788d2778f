import type { z } from 'zod';
import type { ReadContext } from './adapter.js';
import { readJsonLines } from '../core/json-lines.js';
import { parseRecord } from './record.js';

/** A record that fits its schema, with where it was read. */
export interface NumberedRecord<T> {
  record: T;
  file: string;
  line: number;
}

/**
 * Streams the records of JSON Lines files that fit `schema`, in file order,
 * each with its file and line. Lines that are not JSON, and records that do
 * not fit, are warnings naming file and line, and are skipped.
 */
export async function* readRecords<S extends z.ZodType>(
  files: readonly string[],
  schema: S,
  ctx: ReadContext,
): AsyncGenerator<NumberedRecord<z.infer<S>>> {
  for (const file of files) {
    for await (const l of readJsonLines(file, ctx.warn, { maxLineBytes: ctx.maxLineBytes })) {
      const record = parseRecord(schema, l.value, { file, line: l.line }, ctx.warn);
      if (record) yield { record, file, line: l.line };
    }
  }
}
