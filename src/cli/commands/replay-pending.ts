import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatWarning } from '../../core/diagnostics.js';
import { readString } from '../../config/env.js';
import { InputNotFoundError, UsageError } from '../../core/errors.js';
import { DEFAULT_JSONL_PATH, JSONL_PATH_ENV } from '../../exporters/jsonl/jsonl-options.js';
import { deliverPending, type DeliverPendingOptions, type PendingDeliverySummary } from '../../pending/deliver-pending.js';
import { pendingDirFor } from '../../pending/pending-files.js';
import { allDelivered, formatSummary } from '../../replay/summary.js';
import type { CliIo, ParsedValues } from '../command.js';
import { printer } from '../output.js';

/** Where and how to send, as the replay command resolved it from its options and the environment. */
export type PendingTarget = Pick<DeliverPendingOptions, 'endpoint' | 'headers' | 'gzip' | 'tls' | 'timeoutMs' | 'env' | 'concurrency' | 'maxBatchBytes'>;

/** Options of plain replay that make no sense for the pending folder. */
const REFUSED = ['dry-run', 'rebase-time', 'checkpoint', 'no-checkpoint'] as const;

export const PENDING_HELP = `  --pending              Deliver the pending folder (spans OTLP could not deliver earlier) of the JSONL
                         output instead of files: each pending file is removed once every line of it
                         was accepted; its checkpoint (in the folder) keeps anything from being sent twice
  --out PATH             With --pending: the JSONL output whose pending/ folder to deliver.
                         Default: $${JSONL_PATH_ENV}, then ${DEFAULT_JSONL_PATH}
`;

function report(s: PendingDeliverySummary): string {
  const inflight = s.inflight > 0 ? `, ${s.inflight} in flight in running processes (left to them)` : '';
  const refusedAdvice = `the files holding them were moved to ${s.dir}/refused/ and are not sent again; look there for what the endpoint objected to`;
  const refused = s.refused > 0 ? `, ${s.refused} moved to refused/` : '';
  return `${formatSummary(s.replay, { refusedAdvice })}\npending ${s.dir}: ${s.removed} of ${s.files} file(s) delivered and removed${refused}, ${s.left} left${inflight}`;
}

/** `agent-otel replay --pending [--out PATH]`. Returns the exit code. */
export async function replayPending(values: ParsedValues, positionals: string[], io: CliIo, target: PendingTarget): Promise<number> {
  if (positionals.length > 0) throw new UsageError('--pending takes no files: it delivers the pending folder of --out');
  const refused = REFUSED.find((name) => values[name] !== undefined);
  if (refused) throw new UsageError(`--pending cannot be combined with --${refused}: the pending folder keeps its own checkpoint`);
  const quiet = values.quiet === true || values.json === true;
  const print = printer(io);
  const given = readString(values.out as string | undefined, JSONL_PATH_ENV, DEFAULT_JSONL_PATH, io.env);
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
