import type { Probe } from '../adapter.js';
import { taskFileVariant } from '../cline-tasks/detect.js';

/** A file of a Roo Code task folder (see `taskFileVariant`). */
export function detectRooCode(probe: Probe): boolean {
  return taskFileVariant(probe) === 'roo-code';
}
