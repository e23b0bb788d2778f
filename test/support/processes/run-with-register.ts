import { resolve } from 'node:path';
import { ROOT } from './child-writer.js';
import { runTimed, type TimedRun } from './timed-child.js';

export type AppRun = TimedRun;

/**
 * Runs `node --import <built>/register.js <script> <args>` (a path from the
 * repository root), its spans to the JSONL file `jsonl` only (no OTLP), to
 * its end; killed, and rejected, after a minute.
 */
export function runWithRegister(script: string, args: string[], jsonl: string, env: Record<string, string> = {}): Promise<AppRun> {
  return runTimed(
    script,
    args,
    { NODE_OPTIONS: `--import=${resolve(ROOT, 'dist/register.js')}`, AGENT_OTEL_JSONL_PATH: jsonl, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '', ...env },
    60_000,
  );
}
