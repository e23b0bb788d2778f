import type { Probe } from '../adapter.js';
import { taskFileVariant } from '../cline-tasks/detect.js';

/** A file of a Cline task folder (see `taskFileVariant`). */
export function detectCline(probe: Probe): boolean {
  return taskFileVariant(probe) === 'cline';
}
