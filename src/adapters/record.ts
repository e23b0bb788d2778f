import { z } from 'zod';
import type { WarningSink } from '../core/diagnostics.js';
import { guardFor } from './schema-guard.js';

/**
 * Validates one source record against its schema. A record that does not fit
 * becomes a warning naming file and line with zod's readable explanation, and
 * undefined is returned so the caller can go on with the next record. A
 * record the schema's compiled check accepts is returned as it is (zod
 * would return a copy of it); the others go through zod.
 */
export function parseRecord<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: { file: string; line?: number },
  warn: WarningSink,
): z.infer<S> | undefined {
  if (guardFor(schema)?.(value)) return value as z.infer<S>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  warn({
    code: 'schema',
    file: where.file,
    line: where.line,
    message: `record does not match the expected shape; skipped:\n${indent(z.prettifyError(result.error))}`,
  });
  return undefined;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/**
 * Reports a line whose JSON is not an object (an array, a string, a number,
 * null): no adapter can use it. Code `not_a_record`; the caller skips it.
 */
export function reportNotARecord(value: unknown, where: { file: string; line?: number }, warn: WarningSink): void {
  warn({ code: 'not_a_record', file: where.file, line: where.line, message: `record is ${jsonKind(value)}, not a JSON object; skipped` });
}

/**
 * The field that tells a format's records apart (`type`), when it is a
 * non-empty string. A record without it cannot be converted: a `schema`
 * warning naming what is there instead, and undefined so the caller skips
 * the record.
 */
export function recordKind(
  value: Record<string, unknown>,
  field: string,
  where: { file: string; line?: number },
  warn: WarningSink,
): string | undefined {
  const kind = value[field];
  if (typeof kind === 'string' && kind !== '') return kind;
  const found = kind === undefined ? 'missing' : kind === '' ? 'empty' : `${jsonKind(kind)} instead of a string`;
  warn({ code: 'schema', file: where.file, line: where.line, message: `record kind "${field}" is ${found}; skipped` });
  return undefined;
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
