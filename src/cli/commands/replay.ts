import { formatWarning, type Warning } from '../../core/diagnostics.js';
import { parseKeyValueList } from '../../config/env.js';
import { resolveOtlpConfig } from '../../config/otlp-config.js';
import { DEFAULT_TRACES_URL, tracesUrl } from '../../config/otlp-endpoint.js';
import { UsageError } from '../../core/errors.js';
import { ReplayStoppedError } from '../../replay/replay-errors.js';
import { replay } from '../../replay/replay.js';
import { DEFAULT_MAX_BATCH_BYTES } from '../../replay/replay-options.js';
import { allDelivered, formatSummary } from '../../replay/summary.js';
import type { CliIo, Command, ParsedValues } from '../command.js';
import { printer } from '../output.js';
import { PENDING_HELP, replayPending, type PendingTarget } from './replay-pending.js';

/** Warnings printed as they happen; the rest are only counted in the summary. */
const MAX_PRINTED_WARNINGS = 20;

const help = `Usage: agent-otel replay <files or folders...> [options]

Sends OTLP/JSON Lines files (one TracesData object per line: agent-otel's JSONL
output, or the OpenTelemetry Collector file exporter's) to an OTLP/HTTP
endpoint: a Collector, Jaeger, Tempo or a vendor. A folder contributes its
*.jsonl, *.ndjson and *.json files in name order. Files of any size are
streamed. Lines are merged into requests under a byte bound, sent in parallel
and gzipped; 429/502/503/504 (Retry-After honoured) and network failures
(refused, reset, timed out) are retried with backoff.

Progress is checkpointed: an interrupted replay (Ctrl-C, endpoint down) run
again with the same arguments continues where it stopped without sending
anything twice. The checkpoint is a hidden file next to the first input,
per endpoint; running it again after a complete replay sends only lines
appended since.

Options:
  --endpoint URL         OTLP/HTTP endpoint: http://host:4318 (gets /v1/traces) or a full URL.
                         Default: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, then
                         OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces, then ${DEFAULT_TRACES_URL}
  --header K=V           Request header, repeatable (authentication). Without --endpoint,
                         OTEL_EXPORTER_OTLP_TRACES_HEADERS / OTEL_EXPORTER_OTLP_HEADERS are used too;
                         with --endpoint only --header is (environment credentials never go to
                         an endpoint they were not configured for). Values are never printed.
  --rebase-time          Shift all spans so the latest span end is now (relative times kept),
                         for backends that drop or hide old data
  --dry-run              Read, check and count; send nothing, write no checkpoint
  --checkpoint FILE      Keep the resume checkpoint in FILE
  --no-checkpoint        Keep no checkpoint (everything is sent on every run)
  --concurrency N        Requests in flight (default 4)
  --max-batch-bytes N    Upper bound of a request body before gzip (default ${DEFAULT_MAX_BATCH_BYTES})
  --no-gzip              Send bodies uncompressed (default: gzip, unless
                         OTEL_EXPORTER_OTLP_TRACES_COMPRESSION / OTEL_EXPORTER_OTLP_COMPRESSION=none)
                         Request timeout: OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT, else 30 s. https:// endpoints:
                         OTEL_EXPORTER_OTLP_(TRACES_)CERTIFICATE (CA to trust), ..._CLIENT_CERTIFICATE and
                         ..._CLIENT_KEY (mutual TLS; like the headers, only for the environment's endpoint)
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

function positiveInteger(values: ParsedValues, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--${name} takes a whole number above 0`);
  }
  return n;
}

/**
 * Where and how to send: the one OTLP configuration (options, then the
 * standard variables, then the defaults). Environment credentials (headers,
 * client certificate and key) go only to the endpoint the environment names,
 * never to another one given with --endpoint.
 */
function destination(values: ParsedValues, env: CliIo['env']): PendingTarget {
  const option = values.endpoint as string | undefined;
  if (option !== undefined) {
    try {
      tracesUrl(option);
    } catch {
      throw new UsageError('--endpoint is not a valid URL');
    }
  }
  const headers = parseKeyValueList(((values.header as string[] | undefined) ?? []).join(','), '--header');
  const gzip = typeof values.gzip === 'boolean' ? values.gzip : undefined;
  const config = resolveOtlpConfig(
    { url: option, headers, compression: gzip === undefined ? undefined : gzip ? 'gzip' : 'none' },
    env,
    { url: DEFAULT_TRACES_URL, compression: 'gzip', timeoutMillis: 30_000, jsonOnly: true },
  );
  return {
    endpoint: (config.url ?? new URL(DEFAULT_TRACES_URL)).toString(),
    headers: config.headers,
    gzip: config.compression === 'gzip',
    tls: config.tls,
    timeoutMs: config.timeoutMillis,
    // Resolved here once: the library reads no further variables.
    env: {},
  };
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 'Send OTLP JSONL files to an OTLP/HTTP endpoint (resumable)',
  help,
  options: {
    endpoint: { type: 'string' },
    header: { type: 'string', multiple: true },
    'rebase-time': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    checkpoint: { type: 'string' },
    // Declared for parsers without allowNegative; with it, --no-checkpoint arrives as checkpoint=false.
    'no-checkpoint': { type: 'boolean' },
    concurrency: { type: 'string' },
    'max-batch-bytes': { type: 'string' },
    gzip: { type: 'boolean' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    pending: { type: 'boolean' },
    out: { type: 'string', short: 'o' },
  },
  async run(values: ParsedValues, positionals: string[], io: CliIo): Promise<number> {
    if (values.pending === true) {
      return replayPending(values, positionals, io, {
        ...destination(values, io.env),
        concurrency: positiveInteger(values, 'concurrency'),
        maxBatchBytes: positiveInteger(values, 'max-batch-bytes'),
      });
    }
    if (values.out !== undefined) throw new UsageError('--out goes with --pending');
    if (positionals.length === 0) {
      throw new UsageError('no input: give JSONL files or folders\nRun "agent-otel replay --help" for the options.');
    }
    const quiet = values.quiet === true || values.json === true;
    const print = printer(io);
    const target = destination(values, io.env);
    const dryRun = values['dry-run'] === true;
    const noCheckpoint = values.checkpoint === false || values['no-checkpoint'] === true;
    const checkpoint = noCheckpoint ? false : ((values.checkpoint as string | undefined) ?? true);
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
        concurrency: positiveInteger(values, 'concurrency'),
        maxBatchBytes: positiveInteger(values, 'max-batch-bytes'),
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
};
