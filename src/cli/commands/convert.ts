import { resolve } from 'node:path';
import { formatWarning } from '../../core/diagnostics.js';
import { findLocations, knownLocations } from '../../adapters/locations.js';
import { UsageError } from '../../core/errors.js';
import { DEFAULT_JSONL_PATH, JSONL_PATH_ENV } from '../../exporters/jsonl/jsonl-options.js';
import { convert } from '../../pipeline/convert.js';
import { pendingStats } from '../../sinks/drop-report.js';
import { defineCommand } from '../command.js';
import { createCliSinks, SINK_OPTIONS } from '../sinks.js';
import { formatConvertSummary } from '../summary.js';
import { printer } from '../output.js';
import { redactUrlsIn, safeUrl } from '../../config/endpoint-url.js';
import { resolveContentOptions } from '../../spans/content-config.js';
import { formatNames } from '../../adapters/registry.js';
import { PRICES_ENV, resolvePriceTable } from '../../cost/price-table.js';


const help = () => `Usage: agent-otel convert [files or folders...] [options]

Converts agent session logs to OpenTelemetry traces: OTLP/JSON lines on disk
(always, unless --no-jsonl), and over OTLP/HTTP to a collector when asked.
Each file's format is detected from its content. Spans OTLP cannot deliver
are kept in pending/ inside the JSONL folder and delivered by the next run
with OTLP on, or by agent-otel pending deliver.

Options:
  --out PATH           JSONL output: a file (name.jsonl) or a folder (rotated files).
                       Default: $${JSONL_PATH_ENV}, then ${DEFAULT_JSONL_PATH}
  --no-jsonl           Do not write JSONL (needs --otlp or --endpoint)
  --format NAME        Read every file as this format: ${formatNames.join(', ')}
  --all                Convert every supported agent's logs found in their usual places
  --otlp               Also export over OTLP/HTTP, configured by OTEL_EXPORTER_OTLP_* variables
  --endpoint URL       Also export over OTLP/HTTP to this collector (http://host:4318 or a full /v1/traces URL)
  --protocol P         http/protobuf (default) or http/json; default from OTEL_EXPORTER_OTLP_PROTOCOL
  --header K=V         Extra OTLP header, repeatable (default: OTEL_EXPORTER_OTLP_HEADERS, not sent
                       to an --endpoint elsewhere than the variables' endpoint; so are the
                       OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE / _CLIENT_KEY of mutual TLS)
  --service-name NAME  Use this service.name for every session instead of the agent's name
  --capture-content    Put message text, tool arguments and output on spans (redacted, truncated).
                       Default: off, or AGENT_OTEL_CAPTURE_CONTENT=true
  --prices FILE        Price model calls with this table (genai-prices' data.json format) instead of
                       the bundled one. Default: $${PRICES_ENV}, then the bundled table
  --max-warnings N     Warnings listed in the summary (default 20)
  --json               Print the summary as JSON
  --quiet              Print nothing but errors
  --verbose            Print every warning as it happens and stack traces of errors

Exit codes: 0 converted (warnings are listed, not fatal), 1 an input or output
could not be used or spans could not be exported, 2 bad usage.
`;

export const convertCommand = defineCommand({
  name: 'convert',
  summary: 'Convert agent session logs to traces (JSONL files and/or OTLP)',
  help,
  options: {
    ...SINK_OPTIONS,
    format: { type: 'string', short: 'f' },
    all: { type: 'boolean' },
    'service-name': { type: 'string' },
    'capture-content': { type: 'boolean' },
    prices: { type: 'string' },
    'max-warnings': { type: 'string' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  },
  async run({ values, positionals, io }) {
    const inputs = positionals.map((p) => resolve(io.cwd, p));
    const print = printer(io);
    const say = (text: string) => {
      if (!values.quiet && !values.json) print.err(text);
    };
    if (values.all) {
      const found = findLocations(io.env, undefined, io.cwd);
      const foundPaths = new Set(found.map((l) => l.path));
      const report = knownLocations(io.env, undefined, io.cwd).map((l) => `  ${foundPaths.has(l.path) ? 'found  ' : 'missing'} ${l.agent}: ${l.path}`);
      say(`Looking in the usual places:\n${report.join('\n')}\n`);
      inputs.push(...found.map((l) => l.path));
      if (found.length === 0) {
        say('No agent logs found in the usual places.\n');
        return 1;
      }
    }
    if (inputs.length === 0) throw new UsageError('no input: give files or folders, or --all\nRun "agent-otel convert --help" for the options.');
    const maxWarnings = values['max-warnings'] === undefined ? 20 : Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError('--max-warnings takes a whole number');
    // Read before any output is opened: a prices file that cannot be used stops here.
    const prices = resolvePriceTable(values.prices === undefined ? undefined : resolve(io.cwd, values.prices), io.env);
    const { exporter, jsonl, endpoint } = await createCliSinks(values, io, 'convert');
    const otlpLeg = exporter.legs.find((leg) => leg.name === 'otlp');
    try {
      const summary = await convert({
        inputs,
        exporter,
        format: values.format,
        prices,
        mapper: {
          serviceName: values['service-name'],
          content: resolveContentOptions({ capture: values['capture-content'] }, io.env),
          env: io.env,
        },
        onWarning: values.verbose ? (w) => print.err(`warning: ${formatWarning(w)}\n`) : undefined,
      });
      await exporter.shutdown();
      // The journal's last moves (and the delivery of earlier pending spans) end with the shutdown.
      summary.pending = pendingStats(exporter) ?? summary.pending;
      const outputs = [...(jsonl?.files() ?? []).map((f) => `JSONL ${f}`), ...(endpoint ? [`OTLP ${safeUrl(endpoint)}`] : [])];
      if (values.json) print.out(`${JSON.stringify({ ...summary, outputs }, null, 2)}\n`);
      else if (!values.quiet) print.out(formatConvertSummary(summary, { maxWarnings, outputs }));
      let code = 0;
      if (summary.exportFailures > 0) {
        print.err(`agent-otel: ${summary.exportFailures} spans could not be exported: ${summary.exportErrors.join('; ')}\n`);
        code = 1;
      }
      const left = (summary.pending?.pending ?? 0) + (summary.pending?.lost ?? 0);
      if (left > 0) {
        const why = otlpLeg?.lastError ? ` (${redactUrlsIn(otlpLeg.lastError.message)})` : '';
        const kept = summary.pending?.pending ? `; ${summary.pending.pending} kept in ${summary.pending.dir} (agent-otel pending deliver)` : '';
        print.err(`agent-otel: ${left} spans could not be exported over OTLP${why}${kept}\n`);
        code = 1;
      }
      return code;
    } finally {
      await exporter.shutdown();
    }
  },
});
