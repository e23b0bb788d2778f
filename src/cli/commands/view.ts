import { relative, resolve } from 'node:path';
import { formatWarning, type Warning } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { formatNames } from '../../adapters/registry.js';
import { PRICES_ENV, resolvePriceTable } from '../../cost/price-table.js';
import { openFile } from '../../view/open-file.js';
import { view } from '../../view/view.js';
import { defineCommand } from '../command.js';
import { printer } from '../output.js';

/** Warnings printed as they happen; the rest are only counted. */
const MAX_PRINTED_WARNINGS = 20;

const help = `Usage: agent-otel view <files or folders...> --out FILE.html [options]

Writes a trace as one self-contained HTML page: the waterfall of its spans
(nested under their parents, subagents collapsible, bars to scale, failures
in red, tokens and cost per row) and the details of the selected span. The
page loads nothing from the network: its script, style and data are inside.

The input is agent-otel's JSONL output (files or folders), or agent logs,
read as convert reads them.

Without --trace or --session, FILE.html is an index of every trace (agent,
session, start, duration, model calls, cost, failures), and each trace's page
is written next to it as FILE-<trace id>.html.

Options:
  --out FILE.html      The page to write (required)
  --trace ID           The page of this trace (its id, or the start of it)
  --session ID         The page of this session's trace (session.id or gen_ai.conversation.id)
  --open               Open the page in the default browser (xdg-open, open or start)
  --format NAME        Agent logs: read every file as this format: ${formatNames.join(', ')}
  --prices FILE        Agent logs: price model calls with this table. Default: $${PRICES_ENV}, then the bundled one
  --quiet              Print nothing but errors
  --verbose            Stack traces of errors

Keys on the page: up and down move the selection, left and right collapse and
expand, Enter moves to the details (Escape back).

Exit codes: 0 written, 1 no such trace or session (AGENT_OTEL_TRACE_NOT_FOUND),
several traces match (AGENT_OTEL_TRACE_AMBIGUOUS), or the page cannot be
written, 2 bad usage.
`;

export const viewCommand = defineCommand({
  name: 'view',
  summary: 'Write a self-contained HTML page of a trace (waterfall, details)',
  help,
  options: {
    out: { type: 'string', short: 'o' },
    trace: { type: 'string' },
    session: { type: 'string' },
    open: { type: 'boolean' },
    format: { type: 'string', short: 'f' },
    prices: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  },
  async run({ values, positionals, io }) {
    if (positionals.length === 0) throw new UsageError('no input: give JSONL files or folders (or agent logs)\nRun "agent-otel view --help" for the options.');
    if (values.out === undefined || values.out === '') throw new UsageError('--out FILE.html is required\nRun "agent-otel view --help" for the options.');
    if (values.trace !== undefined && values.session !== undefined) throw new UsageError('--trace and --session cannot be combined: give one');
    const print = printer(io);
    let printed = 0;
    const onWarning = (w: Warning): void => {
      if (values.quiet) return;
      if (printed < MAX_PRINTED_WARNINGS) print.err(`warning: ${formatWarning(w)}\n`);
      else if (printed === MAX_PRINTED_WARNINGS) print.err('warning: more warnings are counted only\n');
      printed++;
    };
    const result = await view({
      inputs: positionals,
      out: values.out,
      cwd: io.cwd,
      ...(values.trace !== undefined ? { trace: values.trace } : {}),
      ...(values.session !== undefined ? { session: values.session } : {}),
      ...(values.format !== undefined ? { format: values.format } : {}),
      prices: resolvePriceTable(values.prices === undefined ? undefined : resolve(io.cwd, values.prices), io.env),
      env: io.env,
      onWarning,
    });
    if (!values.quiet) {
      const shown = (file: string): string => (relative(io.cwd, file).startsWith('..') ? file : relative(io.cwd, file));
      const warned = result.warnings > 0 ? `, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}` : '';
      if (result.index !== undefined) {
        print.out(`Wrote ${shown(result.index)}: ${result.traces} trace${result.traces === 1 ? '' : 's'}, ${result.spans} spans${warned}; one page each next to it\n`);
      } else {
        const page = result.pages[0]!;
        print.out(`Wrote ${shown(page.file)}: trace ${page.traceId}${page.sessionId ? ` (session ${page.sessionId})` : ''}, ${page.spans} spans${warned}\n`);
      }
    }
    if (values.open) await openFile(result.file);
    return 0;
  },
});
