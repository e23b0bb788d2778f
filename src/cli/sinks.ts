import { resolve } from 'node:path';
import { parseKeyValueList, readString } from '../config/env.js';
import { parseEndpointUrl } from '../config/endpoint-url.js';
import { resolveOtlpConfig } from '../config/otlp-config.js';
import { UsageError } from '../core/errors.js';
import { DEFAULT_JSONL_PATH, JSONL_PATH_ENV } from '../exporters/jsonl/jsonl-options.js';
import { JsonlFileExporter } from '../exporters/jsonl/jsonl-file-exporter.js';
import type { FanoutExporter } from '../exporters/fanout/fanout-exporter.js';
import { checkOutputWritable } from '../pipeline/output-check.js';
import { createDualExporter } from '../sinks/dual-exporter.js';
import type { CliIo } from './command.js';

/** How long OTLP may still send after the JSONL output is complete; the rest stays in pending/. */
export const OTLP_SHUTDOWN_MILLIS = 5000;

/** The output options convert and watch share. */
export const SINK_OPTIONS = {
  out: { type: 'string', short: 'o' },
  jsonl: { type: 'boolean', default: true },
  otlp: { type: 'boolean' },
  endpoint: { type: 'string' },
  protocol: { type: 'string' },
  header: { type: 'string', multiple: true },
} as const;

export interface SinkValues {
  out?: string;
  jsonl?: boolean;
  otlp?: boolean;
  endpoint?: string;
  protocol?: string;
  header?: string[];
}

export interface CliSinks {
  exporter: FanoutExporter;
  jsonl?: JsonlFileExporter;
  /** The OTLP endpoint, when the OTLP leg is on. */
  endpoint?: URL;
  /** The JSONL output path, when on. */
  out?: string;
}

/**
 * Both sinks as the commands that write spans set them up. The endpoint and
 * the whole OTLP configuration are read (and checked) before any work. The
 * JSONL leg waits for room, so every span reaches the file. With a JSONL
 * folder the OTLP leg never makes the work wait: a batch counts once it is in
 * the pending journal, one that finds the queue full is kept there, and at the
 * end OTLP gets OTLP_SHUTDOWN_MILLIS more; what it has not delivered stays in
 * pending/. Without JSONL there is no journal: the OTLP leg then waits for
 * room, so nothing is dropped.
 */
export async function createCliSinks(values: SinkValues, io: CliIo, command: string): Promise<CliSinks> {
  const option = values.endpoint;
  if (option !== undefined) parseEndpointUrl(option, '--endpoint');
  const wantOtlp = Boolean(values.otlp || option !== undefined);
  const endpoint = wantOtlp ? resolveOtlpConfig({ url: option }, io.env).url : undefined;
  if (wantOtlp && !endpoint) throw new UsageError('--otlp needs OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); or give --endpoint URL');
  const out = values.jsonl !== false ? resolve(io.cwd, readString(values.out, JSONL_PATH_ENV, DEFAULT_JSONL_PATH, io.env)) : undefined;
  if (!out && !wantOtlp) throw new UsageError(`--no-jsonl leaves ${command} no output: add --otlp or --endpoint URL`);
  if (out) await checkOutputWritable(out);
  const headers = values.header ? parseKeyValueList(values.header.join(','), '--header') : undefined;
  const jsonl = out ? new JsonlFileExporter({ path: out, env: io.env }) : undefined;
  const exporter = createDualExporter({
    jsonl: jsonl ?? false,
    otlp: wantOtlp ? { url: option, protocol: values.protocol, headers } : false,
    jsonlLeg: { whenFull: 'block', maxQueueSpans: 8192 },
    otlpLeg: jsonl
      ? { whenFull: 'drop', maxQueueSpans: 16384, settleOnJournal: true, maxConcurrentExports: 2, shutdownTimeoutMillis: OTLP_SHUTDOWN_MILLIS }
      : { whenFull: 'block', maxQueueSpans: 8192, maxConcurrentExports: 2 },
    env: io.env,
  });
  return { exporter, ...(jsonl ? { jsonl } : {}), ...(endpoint ? { endpoint } : {}), ...(out ? { out } : {}) };
}
