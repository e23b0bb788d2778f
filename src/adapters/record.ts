import { z } from 'zod';
import type { WarningSink } from './diagnostics.js';

/**
 * Validates one source record against its schema. A record that does not fit
 * becomes a warning naming file and line with zod's readable explanation, and
 * undefined is returned so the caller can go on with the next record.
 */
export function parseRecord<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: { file: string; line?: number },
  warn: WarningSink,
): z.infer<S> | undefined {
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
