import { dirname, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { formatWarning } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { resolveContentOptions } from '../../spans/content-config.js';
import { formatNames } from '../../adapters/registry.js';
import { PRICES_ENV, resolvePriceTable } from '../../cost/price-table.js';
import { costLines, usd } from '../cost-table.js';
import { parseSince } from '../../core/since.js';
import { watch } from '../../watch/watch.js';
import type { WatchEvent, WatchStats } from '../../watch/watch-events.js';
import { DEFAULT_SESSION_IDLE_MS } from '../../watch/watch-options.js';
import { DEFAULT_JSONL_PATH, JSONL_PATH_ENV } from '../../exporters/jsonl/jsonl-options.js';
import { safeUrl } from '../../config/endpoint-url.js';
import { defineCommand, type CliIo } from '../command.js';
import { printer, terminalSafe } from '../output.js';
import { createCliSinks, SINK_OPTIONS } from '../sinks.js';
import { pendingStats, redeliverPending } from '../../sinks/drop-report.js';
import { listenForStop } from '../stop-signal.js';

const help = () => `Usage: agent-otel watch [files or folders...] [options]

Follows agent session logs while the agents write them and streams their
sessions as traces: first what is already there (the backfill), then every
new line, session file, subagent file and folder. A span is sent when what it
stands for is complete; a session's root span when the session ends or has
been idle for --session-idle seconds, and again with a later end if it goes
on. Span ids and attributes are those convert gives the finished files. What
was sent is kept in the state folder, so a restart (after a crash or a reboot)
goes on where it stopped. Stop it with Ctrl-C or SIGTERM, during the backfill too.

Options:
  --all                Follow every supported agent's usual places, and those that appear later
  --out PATH           JSONL output: a folder (rotated files) or a file (name.jsonl).
                       Default: $${JSONL_PATH_ENV}, then ${DEFAULT_JSONL_PATH}
  --no-jsonl           Do not write JSONL (needs --otlp or --endpoint)
  --otlp               Also export over OTLP/HTTP, configured by OTEL_EXPORTER_OTLP_* variables
  --endpoint URL       Also export over OTLP/HTTP to this collector
  --protocol P         http/protobuf (default) or http/json
  --header K=V         Extra OTLP header, repeatable
  --state DIR          Where watch keeps what it sent (default: .agent-otel-watch in the JSONL folder,
                       or beside the JSONL file; without JSONL $XDG_STATE_HOME/agent-otel/watch)
  --session-idle S     Seconds without a new record after which a session's root is sent (default ${DEFAULT_SESSION_IDLE_MS / 1000})
  --retry-pending S    Seconds between two deliveries of what OTLP missed (kept in pending/) while
                       watch runs (default 60)
  --since WHEN         Backfill only sessions changed since then: a duration (30m, 12h, 7d) or a date
  --poll               Poll the files instead of file system events (network file systems)
  --poll-interval S    Seconds between two polls (default 1; each lists every watched file)
  --format NAME        Read every file as this format: ${formatNames.join(', ')}
  --service-name NAME  Use this service.name for every session
  --capture-content    Put message text, tool arguments and output on spans (redacted, truncated)
  --prices FILE        Price model calls with this table (genai-prices' data.json format) instead of
                       the bundled one. Default: $${PRICES_ENV}, then the bundled table
  --json               Print what happens as JSON lines on stdout: ready, spans, session-over, file,
                       location, warning, stopped
  --quiet              Print nothing but errors
  --verbose            Stack traces of errors

Exit codes: 0 stopped by a signal after flushing and saving, 1 an input, output
or state could not be used, 2 bad usage.
`;

export const watchCommand = defineCommand({
  name: 'watch',
  summary: 'Follow running agents and stream their sessions as traces, resumable',
  help,
  options: {
    ...SINK_OPTIONS,
    all: { type: 'boolean' },
    state: { type: 'string' },
    'session-idle': { type: 'string' },
    'retry-pending': { type: 'string' },
    since: { type: 'string' },
    poll: { type: 'boolean' },
    'poll-interval': { type: 'string' },
    format: { type: 'string', short: 'f' },
    'service-name': { type: 'string' },
    'capture-content': { type: 'boolean' },
    prices: { type: 'string' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  },
  async run({ values, positionals, io }) {
    const inputs = positionals.map((p) => resolve(io.cwd, p));
    if (inputs.length === 0 && !values.all) throw new UsageError('no input: give files or folders, or --all\nRun "agent-otel watch --help" for the options.');
    const idle = values['session-idle'] === undefined ? DEFAULT_SESSION_IDLE_MS / 1000 : Number(values['session-idle']);
    if (!Number.isFinite(idle) || idle <= 0) throw new UsageError('--session-idle takes a number of seconds above 0');
    const retry = values['retry-pending'] === undefined ? 60 : Number(values['retry-pending']);
    if (!Number.isFinite(retry) || retry <= 0) throw new UsageError('--retry-pending takes a number of seconds above 0');
    const pollInterval = values['poll-interval'] === undefined ? 1 : Number(values['poll-interval']);
    if (!Number.isFinite(pollInterval) || pollInterval <= 0) throw new UsageError('--poll-interval takes a number of seconds above 0');
    const since = values.since === undefined ? undefined : parseSince(values.since, Date.now());
    const print = printer(io);
    // Read before any output is opened: a prices file that cannot be used stops here.
    const prices = resolvePriceTable(values.prices === undefined ? undefined : resolve(io.cwd, values.prices), io.env);
    const sinks = await createCliSinks(values, io, 'watch');
    const stateDir = resolve(io.cwd, values.state ?? defaultStateDir(sinks.out, io));
    const status = new StatusLine(io, Boolean(values.json || values.quiet));
    const onEvent = (event: WatchEvent) => {
      if (values.json) print.out(`${JSON.stringify(event)}\n`);
      else if (!values.quiet && event.type === 'ready') {
        status.clear();
        print.err(`agent-otel watch: backfill done: ${event.units} units, ${event.spans} spans in ${(event.millis / 1000).toFixed(1)} s; following\n`);
      }
    };
    // Listened for from here: a signal during the backfill ends it early, and the watch stops as it would later.
    const stop = listenForStop(io.signal);
    try {
      const handle = await watch({
        inputs,
        all: values.all,
        exporter: sinks.exporter,
        flush: () => sinks.jsonl?.forceFlush() ?? Promise.resolve(),
        stateDir,
        sessionIdleMs: idle * 1000,
        since,
        poll: values.poll,
        pollIntervalMs: pollInterval * 1000,
        format: values.format,
        prices,
        mapper: {
          serviceName: values['service-name'],
          content: resolveContentOptions({ capture: values['capture-content'] }, io.env),
          env: io.env,
        },
        env: io.env,
        onWarning: (w) => {
          if (values.json) print.out(`${JSON.stringify({ type: 'warning', ...w })}\n`);
          else if (!values.quiet) {
            status.clear();
            print.err(`warning: ${formatWarning(w)}\n`);
          }
        },
        onEvent,
        signal: stop.signal,
      });
      if (!values.json && !values.quiet) {
        const outputs = [...(sinks.out ? [`JSONL ${sinks.out}`] : []), ...(sinks.endpoint ? [`OTLP ${safeUrl(sinks.endpoint)}`] : [])];
        print.err(`agent-otel watch: sending to ${outputs.join(' and ')}; state in ${stateDir}\n`);
      }
      const ticker = setInterval(() => status.show(handle.stats()), 1000);
      // What the collector missed while it was down is sent again now and then, not only at the next start.
      const redelivery = setInterval(() => {
        if ((pendingStats(sinks.exporter)?.pending ?? 0) > 0) void redeliverPending(sinks.exporter);
      }, retry * 1000);
      await stop.stopped;
      clearInterval(ticker);
      clearInterval(redelivery);
      status.clear();
      const stats = await handle.stop();
      await sinks.exporter.shutdown();
      if (values.json) print.out(`${JSON.stringify({ type: 'stopped', ...stats })}\n`);
      else if (!values.quiet) {
        print.err(`agent-otel watch: stopped; ${stats.spans} spans sent (${stats.resent} again in a later form), state saved\n`);
        const cost = costLines(stats.cost);
        if (cost.length > 0) print.err(`${cost.join('\n')}\n`);
      }
      return 0;
    } finally {
      await sinks.exporter.shutdown();
      stop.close();
    }
  },
});

function defaultStateDir(out: string | undefined, io: CliIo): string {
  if (out) return out.endsWith('.jsonl') ? join(dirname(out), '.agent-otel-watch') : join(out, '.agent-otel-watch');
  const base = io.env.XDG_STATE_HOME ?? join(io.env.HOME ?? homedir(), '.local', 'state');
  return join(base, 'agent-otel', 'watch');
}

/** One line on a terminal, rewritten in place: sessions open, spans out, lag. Nothing elsewhere. */
class StatusLine {
  private shown = false;
  constructor(
    private readonly io: CliIo,
    private readonly off: boolean,
  ) {}

  show(stats: WatchStats): void {
    if (this.off || !this.io.stderr.isTTY) return;
    const lag = stats.lagMs !== undefined ? ` · lag ${stats.lagMs} ms` : '';
    const cost = stats.cost.totalUsd > 0 ? ` · ${usd(stats.cost.totalUsd)}` : '';
    const text = `watching ${stats.units} units · ${stats.open} sessions open · ${stats.spans} spans out${cost}${lag}`;
    this.io.stderr.write(`\r\u001b[K${terminalSafe(text)}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.io.stderr.write('\r\u001b[K');
    this.shown = false;
  }
}
