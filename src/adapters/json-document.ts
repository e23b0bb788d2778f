import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { describeError } from '../core/errors.js';
import type { WarningSink } from '../core/diagnostics.js';
import { parseRecord } from './record.js';

/** How a file that is not readable JSON is reported: `<what> (<reason>); <outcome>`. */
export interface UnreadableDocument {
  code: string;
  what: string;
  outcome: 'ignored' | 'skipped';
}

const NOT_JSON: UnreadableDocument = { code: 'invalid_json', what: 'not a valid JSON document', outcome: 'skipped' };

/**
 * Reads a small file that is one JSON document (a session record, an index,
 * a legacy chat), whole, and checks it against its schema. A file that cannot
 * be read or parsed is one warning (`unreadable` says which); one that does
 * not fit the schema is a `schema` warning. Either way: undefined.
 */
export async function readJsonDocument<S extends z.ZodType>(
  file: string,
  schema: S,
  warn: WarningSink,
  unreadable: UnreadableDocument = NOT_JSON,
): Promise<z.infer<S> | undefined> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    warn({ code: unreadable.code, file, message: `${unreadable.what} (${describeError(error)}); ${unreadable.outcome}` });
    return undefined;
  }
  return parseRecord(schema, value, { file }, warn);
}
