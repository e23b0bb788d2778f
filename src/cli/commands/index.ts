import type { Command } from '../command.js';
import { convertCommand } from './convert.js';
import { pendingCommand } from './pending.js';
import { replayCommand } from './replay.js';
import { reportCommand } from './report.js';
import { viewCommand } from './view.js';
import { watchCommand } from './watch.js';

/** Every CLI command, in the order `--help` lists them. */
export const commands: readonly Command[] = [convertCommand, watchCommand, replayCommand, pendingCommand, reportCommand, viewCommand];
