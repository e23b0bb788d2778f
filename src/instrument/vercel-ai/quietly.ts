import { warnOnce } from '../sdk-warnings.js';

/**
 * Runs a piece of recording and swallows what it throws: a bug in tracing
 * must never reach the agent. The first failure of each place is said once.
 */
export function quietly(where: string, record: () => void): void {
  try {
    record();
  } catch (error) {
    let text: string;
    try {
      text = error instanceof Error ? error.message : String(error);
    } catch {
      text = 'unreadable error';
    }
    warnOnce(`ai:${where}`, `ai: tracing failed in ${where} (${text.slice(0, 200)}); the agent runs on, this part is not recorded`);
  }
}
