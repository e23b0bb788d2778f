import { z } from 'zod';

/** What a tool does, independent of what an agent calls it. */
export const ToolKind = z.enum([
  'shell',
  'file_read',
  'file_write',
  'file_edit',
  'search',
  'sub_agent',
  'web',
  'notebook',
  'other',
]);
export type ToolKind = z.infer<typeof ToolKind>;

/**
 * Infers a tool's kind from its name. The rules are checked in order, so a name
 * such as `notebook_read` is a notebook tool, not a file read.
 */
export function inferToolKind(name: string): ToolKind {
  const lower = name.toLowerCase();
  if (lower.includes('notebook')) return 'notebook';
  if (lower.includes('bash') || lower.includes('shell') || lower === 'exec') return 'shell';
  if (lower.includes('read') || lower === 'view' || lower === 'cat') return 'file_read';
  if (lower.includes('write')) return 'file_write';
  if (lower.includes('edit') || lower.includes('patch')) return 'file_edit';
  if (lower.includes('grep') || lower.includes('glob') || lower.includes('search') || lower === 'find') {
    return 'search';
  }
  if (lower.includes('agent') || lower === 'task') return 'sub_agent';
  if (lower.includes('web') || lower.includes('fetch') || lower.includes('http')) return 'web';
  return 'other';
}
