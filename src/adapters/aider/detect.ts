import type { Probe } from '../adapter.js';
import { LLM_REQUEST, SESSION_HEADER } from './schema.js';

/** The first line of the file that is not blank. */
export function firstLine(head: string): string {
  for (const line of head.split('\n')) if (line.trim() !== '') return line.trimEnd();
  return '';
}

/** An Aider chat history (its first line is a session header) or LLM history (a `TO LLM` block first). */
export function detectAider(probe: Probe): boolean {
  const first = firstLine(probe.head);
  return SESSION_HEADER.test(first) || isLlmHistory(first);
}

export function isLlmHistory(first: string): boolean {
  return LLM_REQUEST.test(first);
}
