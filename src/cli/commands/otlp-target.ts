import { parseKeyValueList } from '../../config/env.js';
import { resolveOtlpConfig } from '../../config/otlp-config.js';
import { DEFAULT_TRACES_URL, tracesUrl } from '../../config/otlp-endpoint.js';
import { UsageError } from '../../core/errors.js';
import type { DeliverPendingOptions } from '../../pending/deliver-pending.js';
import { DEFAULT_MAX_BATCH_BYTES, defaultReplayCompression } from '../../replay/replay-options.js';
import type { CliIo, OptionValues } from '../command.js';

/** The options of the commands that send OTLP/JSON lines to an endpoint: replay and pending deliver. */
export const SEND_OPTIONS = {
  endpoint: { type: 'string' },
  header: { type: 'string', multiple: true },
  concurrency: { type: 'string' },
  'max-batch-bytes': { type: 'string' },
  gzip: { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

/** Their help lines, but --json, --quiet and --verbose, which each command words its own way. */
export const SEND_HELP = `  --endpoint URL         OTLP/HTTP endpoint: http://host:4318 (gets /v1/traces) or a full URL.
                         Default: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, then
                         OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces, then ${DEFAULT_TRACES_URL}
  --header K=V           Request header, repeatable (authentication). Without --endpoint,
                         OTEL_EXPORTER_OTLP_TRACES_HEADERS / OTEL_EXPORTER_OTLP_HEADERS are used too;
                         with --endpoint only --header is (environment credentials never go to
                         an endpoint they were not configured for). Values are never printed.
  --concurrency N        Requests in flight (default 4)
  --max-batch-bytes N    Upper bound of a request body before gzip (default ${DEFAULT_MAX_BATCH_BYTES})
  --gzip, --no-gzip      Gzip request bodies or not. Default: OTEL_EXPORTER_OTLP_TRACES_COMPRESSION /
                         OTEL_EXPORTER_OTLP_COMPRESSION, else gzip, except to a loopback endpoint
                         (localhost, 127.x.x.x, [::1]), where bodies go uncompressed
                         Request timeout: OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT, else 30 s. https:// endpoints:
                         OTEL_EXPORTER_OTLP_(TRACES_)CERTIFICATE (CA to trust), ..._CLIENT_CERTIFICATE and
                         ..._CLIENT_KEY (mutual TLS; like the headers, only for the environment's endpoint)
`;

export type SendValues = OptionValues<typeof SEND_OPTIONS>;

/** Where and how to send, resolved from the options and the environment. */
export type SendTarget = Pick<DeliverPendingOptions, 'endpoint' | 'headers' | 'gzip' | 'tls' | 'timeoutMs' | 'env' | 'concurrency' | 'maxBatchBytes'>;

function positiveInteger(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${name} takes a whole number above 0`);
  return n;
}

/**
 * Where and how to send: the one OTLP configuration (options, then the
 * standard variables, then the defaults). Environment credentials (headers,
 * client certificate and key) go only to the endpoint the environment names,
 * never to another one given with --endpoint.
 */
export function sendTarget(values: SendValues, env: CliIo['env']): SendTarget {
  const option = values.endpoint;
  if (option !== undefined) {
    try {
      tracesUrl(option);
    } catch {
      throw new UsageError('--endpoint is not a valid URL');
    }
  }
  const headers = parseKeyValueList((values.header ?? []).join(','), '--header');
  const config = resolveOtlpConfig(
    { url: option, headers, compression: values.gzip === undefined ? undefined : values.gzip ? 'gzip' : 'none' },
    env,
    { url: DEFAULT_TRACES_URL, compression: defaultReplayCompression, timeoutMillis: 30_000, jsonOnly: true },
  );
  return {
    endpoint: (config.url ?? new URL(DEFAULT_TRACES_URL)).toString(),
    headers: config.headers,
    gzip: config.compression === 'gzip',
    tls: config.tls,
    timeoutMs: config.timeoutMillis,
    // Resolved here once: the library reads no further variables.
    env: {},
    concurrency: positiveInteger(values.concurrency, 'concurrency'),
    maxBatchBytes: positiveInteger(values['max-batch-bytes'], 'max-batch-bytes'),
  };
}
