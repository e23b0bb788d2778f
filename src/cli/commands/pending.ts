import { defineGroup } from '../command.js';
import { pendingDeliverCommand } from './pending-deliver.js';

/** `agent-otel pending <command>`: the spans OTLP could not deliver, kept in pending/ for later. */
export const pendingCommand = defineGroup({
  name: 'pending',
  summary: 'Deliver the spans OTLP could not deliver earlier (pending deliver)',
  description: `Spans that OTLP could not deliver (the collector down, a queue full, the
process ended first) are kept in pending/ inside the JSONL output; a later run
with OTLP on delivers them too, or this command does.
`,
  commands: [pendingDeliverCommand],
});
