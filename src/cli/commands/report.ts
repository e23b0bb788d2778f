import { resolve } from 'node:path';
import { formatWarning, type Warning } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { parseSince } from '../../core/since.js';
import { readString } from '../../config/env.js';
import { formatNames } from '../../adapters/registry.js';
import { DEFAULT_JSONL_PATH, JSONL_PATH_ENV } from '../../exporters/jsonl/jsonl-options.js';
import { PRICES_ENV } from '../../cost/price-table.js';
import { report } from '../../report/report.js';
import { REPORT_GROUPINGS, type ReportGrouping } from '../../report/report-aggregator.js';
import { reportCsv } from '../../report/report-csv.js';
import { defineCommand } from '../command.js';
import { colorsFor, terminalColumns } from '../colors.js';
import { printer } from '../output.js';
import { reportTable } from '../report-table.js';

const help = () => `Usage: agent-otel report [files or folders...] [options]

Adds up what agent-otel's JSONL files hold (or agent logs, read as convert
reads them) and prints a table: sessions, model calls, tokens, cost, tool
calls, failures and subagents by day, week, month, session, agent, model or
tool, with a total row. Each span counts at its own start time, in UTC unless
--tz is given. Files are told apart by content: agent-otel JSONL is read as
spans, anything else as agent logs. Without inputs: $${JSONL_PATH_ENV}, then
${DEFAULT_JSONL_PATH}.

Options:
  --by G          Rows by ${REPORT_GROUPINGS.join(', ')} (default day)
  --since WHEN    Only spans that start at or after then: a duration back (30m, 12h, 7d) or a date
  --until WHEN    Only spans that start before then (same forms)
  --tz ZONE       Time zone of the day, week and month rows (IANA name, default UTC)
  --json          Print the report as JSON (keys in docs/report.md)
  --csv           Print the rows and the total as CSV
  --format NAME   Read every agent log as this format: ${formatNames.join(', ')}
  --prices FILE   Price agent logs' calls with this table instead of the bundled one.
                  Default: $${PRICES_ENV}, then the bundled table
  --verbose       Print every warning and stack traces of errors

Colors only on a terminal, and never with NO_COLOR set. The table fits the
terminal's width (names cut, then the least important columns left out).

Exit codes: 0 reported (warnings are counted, not fatal), 1 an input could not
be read, 2 bad usage.
`;

export const reportCommand = defineCommand({
  name: 'report',
  summary: 'Tables of sessions, tokens, cost and tool calls by day, session, agent, model or tool',
  help,
  options: {
    by: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    tz: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    format: { type: 'string', short: 'f' },
    prices: { type: 'string' },
  },
  async run({ values, positionals, io }) {
    const by = (values.by ?? 'day') as ReportGrouping;
    if (!REPORT_GROUPINGS.includes(by)) throw new UsageError(`--by takes one of ${REPORT_GROUPINGS.join(', ')}, not "${values.by}"`);
    if (values.json && values.csv) throw new UsageError('--json and --csv cannot go together');
    const now = Date.now();
    const since = values.since === undefined ? undefined : parseSince(values.since, now, '--since');
    const until = values.until === undefined ? undefined : parseSince(values.until, now, '--until');
    const inputs = positionals.length > 0 ? positionals : [readString(undefined, JSONL_PATH_ENV, DEFAULT_JSONL_PATH, io.env)];
    const print = printer(io);
    const warnings: Warning[] = [];
    const result = await report({
      inputs: inputs.map((p) => resolve(io.cwd, p)),
      by,
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(values.tz ? { timeZone: values.tz } : {}),
      ...(values.format ? { format: values.format } : {}),
      ...(values.prices ? { prices: resolve(io.cwd, values.prices) } : {}),
      env: io.env,
      onWarning: (w) => {
        if (values.verbose) print.err(`warning: ${formatWarning(w)}\n`);
        else if (warnings.length < 5) warnings.push(w);
      },
    });
    if (values.json) print.out(`${JSON.stringify(result, null, 2)}\n`);
    else if (values.csv) print.out(reportCsv(result));
    else io.stdout.write(reportTable(result, colorsFor(io.stdout, io.env), terminalColumns(io.stdout, io.env)));
    if (!values.verbose && result.read.warnings > 0) {
      const shown = warnings.map((w) => `  ${formatWarning(w)}\n`).join('');
      const more = result.read.warnings > warnings.length ? `  ... ${result.read.warnings - warnings.length} more (--verbose lists them)\n` : '';
      print.err(`agent-otel report: ${result.read.warnings} warning(s):\n${shown}${more}`);
    }
    return 0;
  },
});
