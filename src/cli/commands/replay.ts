import { formatWarning, type Warning } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { ReplayStoppedError } from '../../replay/replay-errors.js';
import { replay } from '../../replay/replay.js';
import { allDelivered, formatSummary } from '../../replay/summary.js';
import { defineCommand } from '../command.js';
import { printer } from '../output.js';
import { SEND_HELP, SEND_OPTIONS, sendTarget } from './otlp-target.js';
import { deliverPendingFolder, OUT_HELP } from './pending-deliver.js';

/** Warnings printed as they happen; the rest are only counted in the summary. */
const MAX_PRINTED_WARNINGS = 20;

/** Options of plain replay that make no sense for the pending folder. */
const NOT_WITH_PENDING = ['dry-run', 'rebase-time', 'checkpoint', 'no-checkpoint'] as const;

const PENDING_HELP = `  --pending              The older spelling of agent-otel pending deliver: deliver the pending folder
                         (spans OTLP could not deliver earlier) of the JSONL output --out instead of files
${OUT_HELP.replace('  --out PATH             The', '  --out PATH             With --pending: the')}`;

const help = `Usage: agent-otel replay <files or folders...> [options]

Sends OTLP/JSON Lines files (one TracesData object per line: agent-otel's JSONL
output, or the OpenTelemetry Collector file exporter's) to an OTLP/HTTP
endpoint: a Collector, Jaeger, Tempo or a vendor. A folder contributes its
*.jsonl, *.ndjson and *.json files in name order. Files of any size are
streamed. Lines are merged into requests under a byte bound, sent in parallel
and gzipped (not to a loopback endpoint unless asked); 429/502/503/504 (Retry-After honoured) and network failures
(refused, reset, timed out) are retried with backoff.

Progress is checkpointed: an interrupted replay (Ctrl-C, endpoint down) run
again with the same arguments continues where it stopped without sending
anything twice. The checkpoint is a hidden file next to the first input,
per endpoint; running it again after a complete replay sends only lines
appended since.

Options:
${SEND_HELP}  --rebase-time          Shift all spans so the latest span end is now (relative times kept),
                         for backends that drop or hide old data
  --dry-run              Read, check and count; send nothing, write no checkpoint
  --checkpoint FILE      Keep the resume checkpoint in FILE
  --no-checkpoint        Keep no checkpoint (everything is sent on every run)
${PENDING_HELP}  --json                 Print the summary as JSON on stdout
  --quiet                Print nothing but errors
  --verbose              Stack traces of errors

Lines the endpoint refuses (a 400, a 500) are not acknowledged: the summary
lists them (file:lines) and the next run with the same checkpoint sends them
again, and only them. One replay at a time uses a checkpoint (a .lock file
next to it); a second one started meanwhile stops at once.

Exit codes: 0 everything sent and accepted, 1 spans were refused or the replay
stopped early (run it again to resume), or the input holds no trace data
(AGENT_OTEL_NO_TRACE_DATA), or the checkpoint is in use (AGENT_OTEL_CHECKPOINT_BUSY),
2 bad usage, 130 interrupted.
`;

export const replayCommand = defineCommand({
  name: 'replay',
  summary: 'Send OTLP JSONL files to an OTLP/HTTP endpoint (resumable)',
  help,
  options: {
    ...SEND_OPTIONS,
    'rebase-time': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    checkpoint: { type: 'string' },
    // Declared for parsers without allowNegative; with it, --no-checkpoint arrives as checkpoint=false.
    'no-checkpoint': { type: 'boolean' },
    pending: { type: 'boolean' },
    out: { type: 'string', short: 'o' },
  },
  async run({ values, positionals, io }) {
    if (values.pending === true) {
      printer(io).err('agent-otel: note: "replay --pending" is now "agent-otel pending deliver" (same options); the old spelling still works\n');
      const refused = NOT_WITH_PENDING.find((name) => values[name] !== undefined);
      if (refused) throw new UsageError(`--pending cannot be combined with --${refused}: the pending folder keeps its own checkpoint`);
      return deliverPendingFolder(values, positionals, io, '--pending');
    }
    if (values.out !== undefined) throw new UsageError('--out goes with --pending (agent-otel pending deliver --out PATH)');
    if (positionals.length === 0) {
      throw new UsageError('no input: give JSONL files or folders\nRun "agent-otel replay --help" for the options.');
    }
    const quiet = values.quiet === true || values.json === true;
    const print = printer(io);
    const target = sendTarget(values, io.env);
    const dryRun = values['dry-run'] === true;
    // With allowNegative, parseArgs stores --no-checkpoint as checkpoint=false, which the string option's type does not say.
    const noCheckpoint = (values.checkpoint !== undefined && typeof values.checkpoint !== 'string') || values['no-checkpoint'] === true;
    const checkpoint = noCheckpoint ? false : (values.checkpoint ?? true);
    let printed = 0;
    const onWarning = (w: Warning): void => {
      if (quiet) return;
      if (printed < MAX_PRINTED_WARNINGS) print.err(`warning: ${formatWarning(w)}\n`);
      else if (printed === MAX_PRINTED_WARNINGS) print.err('warning: more warnings are counted in the summary only\n');
      printed++;
    };

    const controller = new AbortController();
    let interrupts = 0;
    const onSigint = (): void => {
      interrupts++;
      if (interrupts > 1) process.exit(130);
      print.err('\nstopping: waiting for the requests in flight (Ctrl-C again to quit at once)\n');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    try {
      const summary = await replay({
        inputs: positionals,
        cwd: io.cwd,
        ...target,
        dryRun,
        checkpoint: dryRun ? false : checkpoint,
        rebaseTime: values['rebase-time'] === true,
        signal: controller.signal,
        onWarning,
        ...(quiet ? {} : { progress: io.stderr }),
      });
      if (values.json) print.out(`${JSON.stringify(summary, null, 2)}\n`);
      else if (!quiet) print.out(`${formatSummary(summary)}\n`);
      return allDelivered(summary) ? 0 : 1;
    } catch (error) {
      if (!(error instanceof ReplayStoppedError)) throw error;
      if (values.json) print.out(`${JSON.stringify({ ...error.summary, error: error.message }, null, 2)}\n`);
      else if (!quiet) print.out(`${formatSummary(error.summary)}\n`);
      print.err(`agent-otel: ${error.message} [${error.code}]\n`);
      return controller.signal.aborted ? 130 : 1;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
});
