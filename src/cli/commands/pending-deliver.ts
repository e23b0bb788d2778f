import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatWarning } from '../../core/diagnostics.js';
import { readString } from '../../config/env.js';
import { InputNotFoundError, UsageError } from '../../core/errors.js';
import { DEFAULT_JSONL_PATH, JSONL_PATH_ENV } from '../../exporters/jsonl/jsonl-options.js';
import { deliverPending, type PendingDeliverySummary } from '../../pending/deliver-pending.js';
import { pendingDirFor } from '../../pending/pending-files.js';
import { allDelivered, formatSummary } from '../../replay/summary.js';
import { defineCommand, type CliIo, type OptionValues } from '../command.js';
import { printer } from '../output.js';
import { SEND_HELP, SEND_OPTIONS, sendTarget } from './otlp-target.js';

const OPTIONS = { ...SEND_OPTIONS, out: { type: 'string', short: 'o' } } as const;

export const OUT_HELP = `  --out PATH             The JSONL output whose pending/ folder to deliver.
                         Default: $${JSONL_PATH_ENV}, then ${DEFAULT_JSONL_PATH}
`;

const help = `Usage: agent-otel pending deliver [--out PATH] [options]

Sends the pending folder of a JSONL output (pending/ inside it: the spans OTLP
could not deliver when they were made) to an OTLP/HTTP endpoint. Each pending
file is removed once every line of it was accepted; its checkpoint (in the
folder) keeps anything from being sent twice. Files the endpoint refuses are
moved to pending/refused/. Spans still in flight in a running process are left
to it.

Options:
${OUT_HELP}${SEND_HELP}  --json                 Print the summary as JSON on stdout
  --quiet                Print nothing but errors
  --verbose              Stack traces of errors

Exit codes: 0 everything delivered, 1 something was refused or left, or another
process is delivering the folder, 2 bad usage, 130 interrupted.
`;

function report(s: PendingDeliverySummary): string {
  const inflight = s.inflight > 0 ? `, ${s.inflight} in flight in running processes (left to them)` : '';
  const refusedAdvice = `the files holding them were moved to ${s.dir}/refused/ and are not sent again; look there for what the endpoint objected to`;
  const refused = s.refused > 0 ? `, ${s.refused} moved to refused/` : '';
  return `${formatSummary(s.replay, { refusedAdvice })}\npending ${s.dir}: ${s.removed} of ${s.files} file(s) delivered and removed${refused}, ${s.left} left${inflight}`;
}

/**
 * Delivers the pending folder of `--out`; `spelling` is how the command was
 * called (`pending deliver`, or the older `replay --pending`), for its errors.
 * Returns the exit code.
 */
export async function deliverPendingFolder(values: OptionValues<typeof OPTIONS>, positionals: string[], io: CliIo, spelling: string): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`${spelling} takes no files: it delivers the pending folder of --out`);
  const target = sendTarget(values, io.env);
  const quiet = values.quiet === true || values.json === true;
  const print = printer(io);
  const given = readString(values.out, JSONL_PATH_ENV, DEFAULT_JSONL_PATH, io.env);
  const out = resolve(io.cwd, given);
  // A JSONL output that does not exist has no pending folder: the path is wrong, not the folder empty.
  await stat(out).catch((error: unknown) => {
    throw new InputNotFoundError(given, { cause: error });
  });
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const summary = await deliverPending({
      ...target,
      dir: pendingDirFor(out),
      signal: controller.signal,
      onWarning: quiet ? undefined : (w) => print.err(`warning: ${formatWarning(w)}\n`),
      ...(quiet ? {} : { progress: io.stderr }),
    });
    if (values.json) print.out(`${JSON.stringify(summary, null, 2)}\n`);
    else if (!quiet) print.out(`${report(summary)}\n`);
    if (summary.busy) {
      print.err(`agent-otel: another process is delivering ${summary.dir}; nothing done, try again later\n`);
      return 1;
    }
    if (summary.stopped) {
      print.err(`agent-otel: ${summary.stopped}\n`);
      return controller.signal.aborted ? 130 : 1;
    }
    return allDelivered(summary.replay) && summary.refused === 0 ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export const pendingDeliverCommand = defineCommand({
  name: 'pending deliver',
  summary: 'Send the pending folder to an OTLP/HTTP endpoint; delivered files are removed',
  help,
  options: OPTIONS,
  run: ({ values, positionals, io }) => deliverPendingFolder(values, positionals, io, 'pending deliver'),
});
